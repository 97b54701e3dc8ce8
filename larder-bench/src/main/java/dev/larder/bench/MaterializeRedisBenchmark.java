package dev.larder.bench;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.redis.RedisScripts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Materialization into the Redis online store (issue #9: ≥ 0.8 × a bare client, memory bounded with
 * {@code -Xmx512m}), as a user runs it: {@code bin/larder materialize START END} over a Parquet
 * source of {@code LARDER_BENCH_REDIS_KEYS} (default 2M) keys × 20 DOUBLE features ({@link
 * MaterializeRedisData}) into Redis ({@link BenchRedis}: its own database number, project {@value
 * MaterializeRedisData#PROJECT}, empty at the start), the whole command as a child process with
 * {@code LARDER_JAVA_OPTS=-Xmx512m}: keys per second (wall time, JVM start included) and peak
 * resident memory ({@code /usr/bin/time -v}).
 *
 * <p>Baseline, same run, in this JVM, into the same database, once before Larder's run (after an
 * unreported warm-up of {@value #WARM_UP_KEYS} keys) and once after, its keys deleted each time;
 * the baseline is the mean of the two rates, which evens out a machine whose load drifts during the
 * run. It is a bare Jedis client with the same connection settings sending the same script Larder
 * runs per key ({@link RedisScripts#WRITE}, the not-older check and the {@code HSET}, by {@code
 * EVALSHA}) for as many keys, with hashes encoded beforehand in Feast's layout ({@link
 * FeastHashes}): every key's bytes, and the script arguments (both time fields, both Timestamp
 * messages, 20 fields with their {@code Value} messages of doubles, as large as Larder's) of
 * {@value #BATCH} rows, used in turn; {@value #BATCH} keys a pipeline, as Larder's batches, one
 * connection, each pipeline's replies awaited before the next is sent, as Larder does.
 *
 * <p>Checked afterwards: every key of the source exists in Redis with its 22 fields, and a few keys
 * read back through the feature store equal their Parquet rows. Both projects' keys are deleted at
 * the end (Larder's with its own {@code deleteProject}, {@code SCAN} and {@code DEL}; the
 * baseline's by their known names), and the database is then searched for any key left of either.
 */
final class MaterializeRedisBenchmark {
  static final String JAVA_OPTS = "-Xmx512m";
  static final String BARE_PROJECT = "larder_bench_bare";

  /** Keys the baseline writes first, not reported, to warm its code up. */
  static final int WARM_UP_KEYS = 50_000;

  private static final String WARM_UP = "warm-up";

  /** Keys a pipeline of the baseline: as many as Larder's batches. */
  static final int BATCH = Materializer.DEFAULT_BATCH_SIZE;

  private static final Path TIME = Path.of("/usr/bin/time");
  private static final String TARGET = ">= 0.8x bare; -Xmx512m (exit 0)";

  private final Path home;
  private final MaterializeRedisData data;
  private final BenchRedis redis;
  private final List<String> notes = new ArrayList<>();

  MaterializeRedisBenchmark(Path home, Path scratch, BenchRedis redis, int keys) {
    this.home = home;
    this.data = new MaterializeRedisData(scratch, keys);
    this.redis = redis;
  }

  /** Lines to print under the table: times, memory, checks. */
  List<String> notes() {
    return notes;
  }

  /** Generates (or reuses) the data, runs the command and the baseline, checks, cleans up. */
  List<BenchMain.Row> run() throws IOException, SQLException, InterruptedException {
    redis.requireReachable();
    long start = System.nanoTime();
    boolean generated = data.prepare(redis);
    note(
        "data in %s (%s, %.0f s); Redis at %s, projects %s and %s",
        data.dir(),
        generated ? "generated now" : "cached",
        (System.nanoTime() - start) / 1e9,
        redis,
        MaterializeRedisData.PROJECT,
        BARE_PROJECT);
    String name = String.format(Locale.ROOT, "materialize %,d keys x 20 into Redis", data.keys());
    try (RedisClient client = redis.client()) {
      int leftover = deleteLarderKeys() + deleteBareKeys(client, true);
      if (leftover > 0) {
        note("deleted %,d keys an earlier, interrupted run had left", leftover);
      }
      try (FeatureStore store = FeatureStore.open(data.repo())) {
        store.apply();
      }
      Path launcher = home.resolve("bin/larder");
      // Builds the CLI jar if it is stale, outside the timing.
      PitJoinBenchmark.Command.Result version =
          PitJoinBenchmark.Command.run(
              data.dir(), Map.of(), null, launcher.toString(), "--version");
      if (version.exit() != 0) {
        throw new IllegalStateException(
            launcher + " --version exited " + version.exit() + ": " + version.stderrTail());
      }
      try {
        bareBaseline(client, WARM_UP, WARM_UP_KEYS); // the JIT; not reported
        deleteBareKeys(client, false);
        double before = bareBaseline(client, "before", data.keys());
        deleteBareKeys(client, false);
        RedisServerStats larderStart = RedisServerStats.of(client, "evalsha");
        PitJoinBenchmark.Command.Result larder = runLarder(launcher);
        note(
            "Redis server during larder: %s; larder's own CPU: %s",
            RedisServerStats.of(client, "evalsha").since(larderStart, "evalsha"), cpuOfLarder());
        long memory = usedMemory(client);
        boolean oom = larder.stderrTail().stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        if (larder.exit() == 0) {
          verify(client, MaterializeRedisData.PROJECT, "larder");
          spotCheck();
        }
        long deleteStart = System.nanoTime();
        deleteLarderKeys();
        double deleteSeconds = (System.nanoTime() - deleteStart) / 1e9;
        double after = bareBaseline(client, "after", data.keys());
        double bare = (before + after) / 2;
        String baseline = String.format(Locale.ROOT, "bare EVALSHA %,.0f keys/s", bare);
        note(
            "bare: %,.0f keys/s before larder, %,.0f keys/s after; the baseline is their mean",
            before, after);
        if (larder.exit() != 0) {
          note(
              "larder materialize FAILED with exit %d after %.1f s, peak RSS %s%s; stderr:",
              larder.exit(),
              larder.seconds(),
              mib(larder.peakRssKib()),
              oom ? " (out of heap)" : "");
          larder.stderrTail().forEach(line -> notes.add("    " + line));
          return List.of(
              new BenchMain.Row(
                  name, "FAILED (exit " + larder.exit() + ")", baseline, Double.NaN, TARGET));
        }
        double rate = data.keys() / larder.seconds();
        note(
            "larder: %,d keys in %.1f s (whole command, JVM start included) = %,.0f keys/s; exit"
                + " 0 with %s; peak RSS %s%s; Redis used_memory after it: %s; its keys deleted"
                + " (deleteProject: SCAN, DEL) in %.1f s",
            data.keys(),
            larder.seconds(),
            rate,
            JAVA_OPTS,
            mib(larder.peakRssKib()),
            larder.rssPolled() ? " [RSS polled from /proc: a lower bound]" : "",
            mib(memory / 1024),
            deleteSeconds);
        larder.stdout().forEach(line -> note("larder said: %s", line));
        return List.of(
            new BenchMain.Row(
                name,
                String.format(Locale.ROOT, "%,.0f keys/s", rate),
                baseline,
                rate / bare,
                TARGET));
      } finally {
        deleteLarderKeys();
        deleteBareKeys(client, false);
        int left =
            redis.projectKeys(client, MaterializeRedisData.PROJECT).size()
                + redis.projectKeys(client, BARE_PROJECT).size();
        note("%s: both projects' keys deleted from %s; %d left", verdict(left == 0), redis, left);
      }
    }
  }

  private PitJoinBenchmark.Command.Result runLarder(Path launcher)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    boolean timed = Files.isExecutable(TIME);
    Path timeReport = data.dir().resolve("time-v.txt");
    Files.deleteIfExists(timeReport); // an earlier run's
    if (timed) {
      command.addAll(List.of(TIME.toString(), "-v", "-o", timeReport.toString()));
    }
    command.addAll(
        List.of(
            launcher.toString(),
            "--repo",
            data.repo().toString(),
            "materialize",
            MaterializeRedisData.START.toString(),
            MaterializeRedisData.END.toString()));
    System.err.printf(
        Locale.ROOT,
        "materialize-redis: LARDER_JAVA_OPTS=%s bin/larder --repo %s materialize %s %s%n",
        JAVA_OPTS,
        data.repo(),
        MaterializeRedisData.START,
        MaterializeRedisData.END);
    PitJoinBenchmark.Command.Result result =
        PitJoinBenchmark.Command.run(
            data.dir(),
            Map.of("LARDER_JAVA_OPTS", JAVA_OPTS),
            timed ? timeReport : null,
            command.toArray(String[]::new));
    System.err.printf(
        Locale.ROOT,
        "materialize-redis: larder exited %d after %.1f s%n",
        result.exit(),
        result.seconds());
    return result;
  }

  /**
   * The baseline: every key's script call with pre-encoded arguments, {@value #BATCH} a pipeline.
   *
   * @return keys per second
   */
  private double bareBaseline(RedisClient client, String when, int count) {
    System.err.println("materialize-redis: bare client baseline " + when + " larder…");
    String view = MaterializeRedisData.VIEW;
    byte[][] keys = new byte[Math.min(count, data.keys())][];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = FeastHashes.int64Key(MaterializeRedisData.JOIN_KEY, k, BARE_PROJECT);
    }
    byte[] eventField = FeastHashes.eventField(view);
    byte[] createdField = FeastHashes.createdField(view);
    byte[][] featureFields = new byte[MaterializeRedisData.FEATURES][];
    for (int f = 0; f < featureFields.length; f++) {
      featureFields[f] = FeastHashes.featureField(view, "feature_" + f);
    }
    byte[] ttl = ascii(0);
    Random random = new Random(42);
    List<List<byte[]>> args = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      Instant event = MaterializeRedisData.START.plusSeconds(random.nextInt(365 * 86_400 - 60));
      Instant created = event.plusSeconds(60);
      List<byte[]> a = new ArrayList<>(9 + 2 * featureFields.length);
      a.add(eventField);
      a.add(createdField);
      a.add(ascii(event.getEpochSecond()));
      a.add(ascii(event.getNano()));
      a.add(ascii(created.getEpochSecond()));
      a.add(ascii(created.getNano()));
      a.add(ttl);
      a.add(FeastHashes.timestamp(event));
      a.add(FeastHashes.timestamp(created));
      for (byte[] field : featureFields) {
        a.add(field);
        a.add(FeastHashes.doubleValue(random.nextInt(2_000_001) / 1e6 - 1));
      }
      args.add(List.copyOf(a));
    }
    byte[] script = RedisScripts.WRITE.getBytes(StandardCharsets.UTF_8);
    byte[] sha = client.scriptLoad(script, keys[0]).clone();
    long written = 0;
    int reloads = 0;
    RedisServerStats start = RedisServerStats.of(client, "evalsha");
    long cpuStart = processCpuNanos();
    long begin = System.nanoTime();
    for (int from = 0; from < keys.length; from += BATCH) {
      int to = Math.min(keys.length, from + BATCH);
      // As Larder does: when the server has forgotten the script (a SCRIPT FLUSH by another
      // client of the shared server, a restart), load it and send the pipeline again.
      for (boolean sent = false; !sent; ) {
        List<Response<Object>> replies = new ArrayList<>(to - from);
        try (AbstractPipeline p = client.pipelined()) {
          for (int k = from; k < to; k++) {
            replies.add(p.evalsha(sha, List.of(keys[k]), args.get(k - from)));
          }
          p.sync();
        }
        long batch = 0;
        try {
          for (Response<Object> r : replies) {
            batch += (Long) r.get();
          }
          written += batch;
          sent = true;
        } catch (JedisNoScriptException e) {
          if (++reloads > 100) {
            throw e;
          }
          client.scriptLoad(script, keys[from]);
        }
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    RedisServerStats end = RedisServerStats.of(client, "evalsha");
    double cpu = (processCpuNanos() - cpuStart) / 1e9;
    if (reloads > 0) {
      note("bare (%s larder): the script was loaded again %d times (NOSCRIPT)", when, reloads);
    }
    if (when.equals(WARM_UP)) {
      return keys.length / seconds; // a warm-up: neither reported nor checked
    }
    note(
        "bare (%s larder): %,d keys in %.1f s through the same script (EVALSHA), %,d keys a"
            + " pipeline, one connection, hashes encoded beforehand, this JVM (no JVM start)",
        when, keys.length, seconds, BATCH);
    if (written != keys.length) {
      throw new IllegalStateException(
          "the bare baseline's script wrote " + written + " of " + keys.length + " keys");
    }
    note(
        "Redis server during bare (%s larder): %s; this JVM's CPU: %.1f s",
        when, end.since(start, "evalsha"), cpu);
    verify(client, BARE_PROJECT, "bare " + when + " larder");
    return keys.length / seconds;
  }

  /** Checks that every key of {@code project} exists with its 22 fields. */
  private void verify(RedisClient client, String project, String who) {
    long present = 0;
    long whole = 0;
    for (int from = 0; from < data.keys(); from += 10_000) {
      int to = Math.min(data.keys(), from + 10_000);
      List<Response<Long>> lengths = new ArrayList<>(to - from);
      try (AbstractPipeline p = client.pipelined()) {
        for (int k = from; k < to; k++) {
          lengths.add(p.hlen(FeastHashes.int64Key(MaterializeRedisData.JOIN_KEY, k, project)));
        }
        p.sync();
      }
      for (Response<Long> r : lengths) {
        present += r.get() > 0 ? 1 : 0;
        whole += r.get() == MaterializeRedisData.FEATURES + 2 ? 1 : 0;
      }
    }
    note(
        "%s: %s: %,d of %,d keys present in Redis (Feast's key bytes), %,d with all 22 fields",
        verdict(present == data.keys() && whole == data.keys()), who, present, data.keys(), whole);
  }

  /** Compares a few keys read back through the feature store with their Parquet rows. */
  private void spotCheck() throws SQLException {
    int n = data.keys();
    Set<Long> spots = new LinkedHashSet<>();
    for (long k : new long[] {0, 1, n / 2 - 1, n - 1, 123_456 % n, 7_654_321 % n, 31_337 % n}) {
      spots.add(k);
    }
    List<String> features = MaterializeRedisData.featureNames();
    List<Object> keys = new ArrayList<>(spots);
    OnlineFeatures online;
    try (FeatureStore store = FeatureStore.open(data.repo())) {
      online =
          store.getOnlineFeatures(
              FeatureSelection.of(
                  features.stream()
                      .map(f -> MaterializeRedisData.VIEW + ":" + f)
                      .toArray(String[]::new)),
              Map.of(MaterializeRedisData.JOIN_KEY, keys));
    }
    int differ = 0;
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement()) {
      for (int r = 0; r < keys.size(); r++) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT epoch_us(event_timestamp), "
                    + String.join(", ", features)
                    + " FROM read_parquet("
                    + PitJoinData.literal(data.samples())
                    + ") WHERE "
                    + MaterializeRedisData.JOIN_KEY
                    + " = "
                    + keys.get(r))) {
          rs.next();
          Instant event = online.eventTimestamps(features.get(0)).get(r);
          boolean same = event.getEpochSecond() * 1_000_000L == rs.getLong(1);
          for (int f = 0; f < features.size(); f++) {
            String name = features.get(f);
            same &= online.statuses(name).get(r) == FeatureStatus.PRESENT;
            same &= Double.valueOf(rs.getDouble(f + 2)).equals(online.values(name).get(r));
          }
          differ += same ? 0 : 1;
        }
      }
    }
    note(
        "%s: %d keys read back through the feature store (sample_index %s) against their Parquet"
            + " rows (event time, 20 values): %d differ",
        verdict(differ == 0), keys.size(), keys, differ);
  }

  /** Deletes Larder's project's keys with its own store; returns how many there were. */
  private int deleteLarderKeys() {
    int before;
    try (RedisClient client = redis.client()) {
      before = redis.projectKeys(client, MaterializeRedisData.PROJECT).size();
    }
    if (before > 0) {
      try (FeatureStore store = FeatureStore.open(data.repo())) {
        store.online().deleteProject();
      }
    }
    return before;
  }

  /**
   * Deletes the baseline's keys: by their names after a run, or (for an interrupted run's, {@code
   * leftovers}) those of its layout found by {@code SCAN}; returns how many were found or deleted.
   */
  private int deleteBareKeys(RedisClient client, boolean leftovers) {
    List<byte[]> keys;
    if (leftovers) {
      byte[] first = FeastHashes.int64Key(MaterializeRedisData.JOIN_KEY, 0, BARE_PROJECT);
      int prefix = FeastHashes.int64KeyValueOffset(MaterializeRedisData.JOIN_KEY);
      keys = new ArrayList<>();
      for (byte[] key : redis.projectKeys(client, BARE_PROJECT)) {
        if (key.length == first.length
            && Arrays.equals(key, 0, prefix, first, 0, prefix)
            && Arrays.equals(key, prefix + 8, key.length, first, prefix + 8, first.length)) {
          keys.add(key);
        }
      }
    } else {
      keys = new ArrayList<>(data.keys());
      for (int k = 0; k < data.keys(); k++) {
        keys.add(FeastHashes.int64Key(MaterializeRedisData.JOIN_KEY, k, BARE_PROJECT));
      }
    }
    long deleted = 0;
    for (int from = 0; from < keys.size(); from += 10_000) {
      List<Response<Long>> replies = new ArrayList<>();
      try (AbstractPipeline p = client.pipelined()) {
        for (byte[] key : keys.subList(from, Math.min(keys.size(), from + 10_000))) {
          replies.add(p.unlink(key));
        }
        p.sync();
      }
      for (Response<Long> r : replies) {
        deleted += r.get();
      }
    }
    return (int) deleted;
  }

  /** This JVM's CPU time so far, all threads, or 0 when the platform does not tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  /** The user and system CPU of the last {@code larder materialize}, from {@code time -v}. */
  private String cpuOfLarder() throws IOException {
    Path report = data.dir().resolve("time-v.txt");
    if (!Files.isRegularFile(report)) {
      return "unknown (no /usr/bin/time)";
    }
    String user = "?";
    String system = "?";
    for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
      String t = line.strip();
      if (t.startsWith("User time (seconds):")) {
        user = t.substring(t.indexOf(':') + 1).strip();
      } else if (t.startsWith("System time (seconds):")) {
        system = t.substring(t.indexOf(':') + 1).strip();
      }
    }
    return "user " + user + " s, system " + system + " s";
  }

  /** Redis's {@code used_memory}, bytes, or -1. */
  private static long usedMemory(RedisClient client) {
    for (String line : client.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).strip());
      }
    }
    return -1;
  }

  private static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  private static String verdict(boolean passed) {
    return passed ? "check ok" : "CHECK FAILED";
  }

  private void note(String format, Object... args) {
    notes.add(String.format(Locale.ROOT, format, args));
  }

  private static String mib(long kib) {
    return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", kib / 1024);
  }
}
