package dev.larder.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the soak's clients saw: for each kind of request, its outcomes (an HTTP status, or {@link
 * #TIMEOUT} or {@link #BROKEN} when no reply came) and its latencies (microseconds, in
 * HdrHistograms), read out an interval at a time ({@link #interval()}) and added up into totals.
 * Thread-safe: every client thread records here.
 */
final class SoakStats {
  /** The outcome of a request whose reply did not come within its timeout. */
  static final String TIMEOUT = "timeout";

  /** The outcome of a request whose connection broke before a whole reply came. */
  static final String BROKEN = "broken";

  /**
   * Java's names for things, which no reply may show (the hardening issue: no exception text in any
   * body, ever).
   */
  static final Pattern JAVA_TEXT =
      Pattern.compile(
          "(java|javax|jdk|org\\.eclipse|com\\.fasterxml)\\.[A-Za-z]|Exception\\b|Error:");

  /** The kinds of request, by client. */
  enum Kind {
    /** The reader's small online reads (1–10 keys). */
    READ("read", false),
    /** The reader's occasional large online read. */
    BIG_READ("big", false),
    /** The writer's pushes. */
    PUSH("push", false),
    /** The writer's materializations; a 409 (another one holds the view) is expected. */
    MATERIALIZE("mat", false),
    /** The health poller's {@code GET /health}. */
    HEALTH("health", false),
    /** The soak's own {@code GET /metrics}, once a minute. */
    METRICS("metrics", false),
    /** The slow clients' requests, which must be refused. */
    SLOW("slow", true);

    final String label;
    final boolean attacker;

    Kind(String label, boolean attacker) {
      this.label = label;
      this.attacker = attacker;
    }
  }

  private final Map<Kind, Map<String, LongAdder>> outcomes = new EnumMap<>(Kind.class);
  private final Map<Kind, Recorder> latencies = new EnumMap<>(Kind.class);
  private final Map<Kind, Histogram> totals = new EnumMap<>(Kind.class);
  private final Map<Kind, Map<String, Long>> taken = new EnumMap<>(Kind.class);
  private final Map<String, LongAdder> slowHealthDuring = new ConcurrentHashMap<>();
  private final List<SlowProbe> slowHealth = new ArrayList<>();
  private final AtomicLong javaText = new AtomicLong();
  private volatile String firstJavaText;

  SoakStats() {
    for (Kind k : Kind.values()) {
      outcomes.put(k, new ConcurrentHashMap<>());
      latencies.put(k, new Recorder(3));
      totals.put(k, new Histogram(3));
      taken.put(k, new TreeMap<>());
    }
  }

  /** Records one request of {@code kind} that ended with {@code outcome} after {@code micros}. */
  void record(Kind kind, String outcome, long micros) {
    outcomes.get(kind).computeIfAbsent(outcome, o -> new LongAdder()).increment();
    latencies.get(kind).recordValue(Math.max(0, micros));
  }

  /** Records one request of {@code kind} answered with {@code status} and {@code body}. */
  void record(Kind kind, int status, String body, long micros) {
    if (status != 200 && body != null && JAVA_TEXT.matcher(body).find()) {
      javaText.incrementAndGet();
      if (firstJavaText == null) {
        firstJavaText = kind.label + " " + status + ": " + body;
      }
    }
    record(kind, Integer.toString(status), micros);
  }

  /**
   * Records a {@code GET /health} slower than 100 ms, {@code seconds} into the soak, with what else
   * was in flight ({@code during}: e.g. "big read").
   */
  void slowHealth(double seconds, double millis, String during) {
    slowHealthDuring.computeIfAbsent(during, d -> new LongAdder()).increment();
    synchronized (slowHealth) {
      slowHealth.add(new SlowProbe(seconds, millis, during));
    }
  }

  /** How many {@code GET /health} took over 100 ms, by what else was in flight. */
  Map<String, Long> slowHealthDuring() {
    Map<String, Long> all = new TreeMap<>();
    slowHealthDuring.forEach((d, n) -> all.put(d, n.sum()));
    return all;
  }

  /** The {@code n} slowest {@code GET /health}, slowest first. */
  List<SlowProbe> slowestHealth(int n) {
    synchronized (slowHealth) {
      return slowHealth.stream()
          .sorted(Comparator.comparingDouble(SlowProbe::millis).reversed())
          .limit(n)
          .toList();
    }
  }

  /**
   * A {@code GET /health} over 100 ms.
   *
   * @param seconds when it was sent, seconds into the soak
   * @param millis how long it took
   * @param during what else was in flight
   */
  record SlowProbe(double seconds, double millis, String during) {}

  /** Replies that showed Java's names for things, and the first of them. */
  long javaText() {
    return javaText.get();
  }

  String firstJavaText() {
    return firstJavaText;
  }

  /**
   * What happened since the last call: each kind's outcomes and latencies. The latencies are added
   * to the totals.
   */
  synchronized Interval interval() {
    Map<Kind, Map<String, Long>> counts = new EnumMap<>(Kind.class);
    Map<Kind, Histogram> histograms = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      Map<String, Long> now = new TreeMap<>();
      outcomes.get(k).forEach((o, n) -> now.put(o, n.sum()));
      Map<String, Long> before = taken.get(k);
      Map<String, Long> delta = new TreeMap<>();
      now.forEach(
          (o, n) -> {
            long d = n - before.getOrDefault(o, 0L);
            if (d > 0) {
              delta.put(o, d);
            }
          });
      taken.put(k, now);
      counts.put(k, delta);
      Histogram h = latencies.get(k).getIntervalHistogram();
      totals.get(k).add(h);
      histograms.put(k, h);
    }
    return new Interval(counts, histograms);
  }

  /**
   * Everything recorded so far (call {@link #interval()} first to include the latest latencies).
   */
  synchronized Interval total() {
    Map<Kind, Map<String, Long>> counts = new EnumMap<>(Kind.class);
    Map<Kind, Histogram> histograms = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      Map<String, Long> all = new TreeMap<>();
      outcomes.get(k).forEach((o, n) -> all.put(o, n.sum()));
      counts.put(k, all);
      histograms.put(k, totals.get(k).copy());
    }
    return new Interval(counts, histograms);
  }

  /**
   * The requests of a stretch of time.
   *
   * @param counts each kind's outcomes and how many ended so
   * @param latencies each kind's latencies, microseconds
   */
  record Interval(Map<Kind, Map<String, Long>> counts, Map<Kind, Histogram> latencies) {
    long requests(Kind kind) {
      return counts.get(kind).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The outcomes of the legitimate clients' requests ({@code attackers} false) or attackers'. */
    Map<String, Long> outcomes(boolean attackers) {
      Map<String, Long> all = new TreeMap<>();
      for (Kind k : Kind.values()) {
        if (k.attacker == attackers) {
          counts.get(k).forEach((o, n) -> all.merge(o, n, Long::sum));
        }
      }
      return all;
    }

    /** The {@code percentile} of {@code kind}'s latencies in milliseconds; NaN without any. */
    double millis(Kind kind, double percentile) {
      Histogram h = latencies.get(kind);
      if (h.getTotalCount() == 0) {
        return Double.NaN;
      }
      return (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
    }
  }
}
