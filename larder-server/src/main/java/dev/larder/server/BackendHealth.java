package dev.larder.server;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health} (DESIGN B7): 200 {@code {"status":"ok"}} when every backend answers, else 503
 * with the usual error body, which names each backend that does not, plus the state of each:
 *
 * <pre>
 * {"error": {"code": "BACKEND_UNAVAILABLE",
 *            "message": "the online store (redis at redis://10.0.0.5:6379/0 (project shop)) is not
 *                        reachable: cannot reach the Redis online store at …: Connection refused. …"},
 *  "status": "unavailable",
 *  "backends": {"registry":     {"status": "ok", "type": "sqlite", "location": "…/registry.db"},
 *               "online_store": {"status": "unavailable", "type": "redis",
 *                                "location": "redis://10.0.0.5:6379/0 (project shop)",
 *                                "message": "cannot reach the Redis online store at …"}}}
 * </pre>
 *
 * Each backend's check is one small round trip: the registry's current revision (not the whole
 * snapshot), and for an online store behind a network its {@link
 * dev.larder.core.online.HealthProbe} ({@code PING}), within the backends' own timeouts. The checks
 * run at most once per interval, and never on a probe's own time once a first outcome is known: a
 * probe that finds the outcome older than the interval gets it all the same and starts a check on a
 * thread of its own, whose outcome the next probes get. So health probes stay as cheap as the
 * server's overhead (the benchmarks use them as the HTTP baseline), answer at once while a backend
 * or the machine is slow, and a probe storm never loads a backend.
 */
final class BackendHealth {
  /**
   * One backend: its name in the reply ({@code registry}, {@code online_store}), the words that
   * begin the message when it is down ({@code the registry is not readable:}), its type and
   * location, and its check, which throws (a {@link LarderException} naming the fix) when the
   * backend does not answer.
   */
  record Backend(
      String name, String whenDown, String type, Supplier<String> location, Runnable check) {
    Backend {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(whenDown, "whenDown");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(check, "check");
    }
  }

  /** What a check found of one backend: {@code problem} is {@code null} when it answered. */
  private record State(Backend backend, String location, String problem) {}

  private record Outcome(Reply reply, long checkedAt) {}

  private static final Reply OK =
      Reply.json(
          200,
          g -> {
            g.writeStartObject();
            g.writeStringField("status", "ok");
            g.writeEndObject();
          });

  private final List<Backend> backends;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean checking = new AtomicBoolean();
  private final ThreadPoolExecutor checker =
      new ThreadPoolExecutor(
          0,
          1,
          10,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "larder-health-check");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.DiscardPolicy());
  private volatile Outcome last;

  /**
   * @param backends what to check, in the order of the reply
   * @param interval how long an outcome is reused
   */
  BackendHealth(List<Backend> backends, Duration interval, LongSupplier nanoTime) {
    this.backends = List.copyOf(backends);
    this.intervalNanos = interval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The reply to a health probe. */
  Reply reply() {
    Outcome o = last;
    if (o == null) {
      synchronized (this) {
        if (last == null) {
          last = new Outcome(checkNow(), nanoTime.getAsLong());
        }
        return last.reply();
      }
    }
    if (nanoTime.getAsLong() - o.checkedAt() >= intervalNanos
        && checking.compareAndSet(false, true)) {
      checker.execute(
          () -> {
            try {
              last = new Outcome(checkNow(), nanoTime.getAsLong());
            } finally {
              checking.set(false);
            }
          });
    }
    return o.reply();
  }

  /** Stops the checking thread. */
  void close() {
    checker.shutdownNow();
  }

  private Reply checkNow() {
    List<State> states = new ArrayList<>(backends.size());
    for (Backend b : backends) {
      states.add(check(b));
    }
    List<String> down = new ArrayList<>();
    for (State s : states) {
      if (s.problem() != null) {
        down.add(s.backend().whenDown() + " " + s.problem());
      }
    }
    if (down.isEmpty()) {
      return OK;
    }
    return Reply.json(
        503,
        g -> {
          g.writeStartObject();
          g.writeFieldName("error");
          g.writeStartObject();
          g.writeStringField("code", ErrorCode.BACKEND_UNAVAILABLE.name());
          g.writeStringField("message", String.join("; ", down));
          g.writeEndObject();
          g.writeStringField("status", "unavailable");
          g.writeFieldName("backends");
          g.writeStartObject();
          for (State s : states) {
            g.writeFieldName(s.backend().name());
            g.writeStartObject();
            g.writeStringField("status", s.problem() == null ? "ok" : "unavailable");
            g.writeStringField("type", s.backend().type());
            g.writeStringField("location", s.location());
            if (s.problem() != null) {
              g.writeStringField("message", s.problem());
            }
            g.writeEndObject();
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /** Checks {@code b}, never throwing. */
  private static State check(Backend b) {
    String problem = null;
    try {
      b.check().run();
    } catch (LarderException e) {
      problem = ErrorMapping.publicText(ErrorMapping.text(e));
    } catch (RuntimeException e) {
      problem = ErrorMapping.publicText(String.valueOf(e.getMessage()));
    }
    String location;
    try {
      location = b.location().get();
    } catch (RuntimeException e) {
      location = "unknown (" + ErrorMapping.publicText(String.valueOf(e.getMessage())) + ")";
    }
    return new State(b, location, problem);
  }
}
