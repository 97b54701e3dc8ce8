package dev.larder.redis;

import static dev.larder.redis.RedisOnlineStoreFactory.BORROW_WAIT;
import static dev.larder.redis.RedisOnlineStoreFactory.SOCKET_TIMEOUT;

import dev.larder.core.BackendException;
import dev.larder.core.model.Field;
import dev.larder.core.model.Names;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.HealthProbe;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PreparedWrites;
import dev.larder.core.online.StoredRow;
import dev.larder.core.online.ViewKeys;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The online store in Redis, in Feast's layout (DESIGN B9; see {@link FeastKeys} and {@link
 * FeastValues}): one hash per entity key and project, holding the rows of every view keyed by that
 * entity key, so a Feast feature server on the same Redis and project reads what Larder wrote, and
 * Larder reads what Feast wrote (a row without Larder's {@code _created_ts} field has no creation
 * time). One server or a Redis Cluster alike: {@link RedisNodes} says where each command goes.
 *
 * <ul>
 *   <li>Writes: each row is one {@code EVALSHA} of {@link RedisScripts#WRITE} on its key's node,
 *       which applies the not-older rule and writes the hash atomically on the server; a batch's
 *       rows go in one pipeline per node, in order, so a later row of a key sees an earlier one.
 *       {@code key_ttl_seconds} sets each written key's {@code EXPIRE}.
 *   <li>Reads: one {@code HMGET} per key (the requested features' fields and the view's two time
 *       fields), every key of every view of a request in one pipeline per node: one round trip.
 *   <li>Deletes never use {@code KEYS}: {@code SCAN} of every master with the view's key prefix and
 *       the project, then per key one {@code EVALSHA} of {@link RedisScripts#DELETE_VIEW}. Keys
 *       whose ending only looks like the project ({@code …workshop} for {@code shop}) are left
 *       alone.
 *   <li>Failures, on one server and on a cluster alike: every error of the client is a {@link
 *       BackendException} naming the store's location (never the password), what Redis did (in a
 *       cluster, on which node) and the fix, so the feature server answers 503. Connecting, each
 *       answer and each write time out after 2 s on every node ({@link
 *       RedisOnlineStoreFactory#nodePool}, {@link WriteTimeoutSockets}), and a call waits at most 1
 *       s for a pooled connection: a call never hangs. A failed connection drops its node's idle
 *       ones (a cluster reads its slot map again) and, unless Redis was silent, the call runs once
 *       more on a new connection, so a restart costs at most the calls it interrupted; the scripts
 *       are loaded again after it ({@code NOSCRIPT}). {@link #probe} is one {@code PING} of the
 *       server, or a {@code CLUSTER INFO} of each master of a cluster.
 * </ul>
 *
 * <p>Feast's layout has limits that Larder's SQLite store does not: {@code UnixTimestamp} values
 * and keys are whole seconds, lists cannot hold null elements, FLOAT32/FLOAT64/BOOL join keys are
 * refused, and a feature dropped from a view keeps its field in old hashes until the view's rows
 * are deleted.
 */
public final class RedisOnlineStore implements OnlineStore, PreparedWrites, HealthProbe {
  /** Keys asked for per {@code SCAN} step. */
  static final int SCAN_COUNT = 1_000;

  private static final byte[] WRITE_SHA = RedisScripts.sha1(RedisScripts.WRITE);
  private static final byte[] DELETE_SHA = RedisScripts.sha1(RedisScripts.DELETE_VIEW);
  private static final int MAX_CACHED_FIELDS = 1_024;

  private final RedisNodes nodes;
  private final String project;
  private final FeastKeys keys;
  private final long keyTtlSeconds;
  private final Map<OnlineViewSchema, byte[][]> fields = new ConcurrentHashMap<>();

  /**
   * A store of {@code project} on {@code nodes}, which it closes when closed.
   *
   * @param keyTtlSeconds the {@code EXPIRE} of each written key; 0 for none
   */
  RedisOnlineStore(RedisNodes nodes, String project, long keyTtlSeconds) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.project = Names.require("project", project);
    this.keys = new FeastKeys(project);
    if (keyTtlSeconds < 0) {
      throw new IllegalArgumentException("key_ttl_seconds " + keyTtlSeconds + " is negative");
    }
    this.keyTtlSeconds = keyTtlSeconds;
  }

  @Override
  public String location() {
    return nodes.location(project);
  }

  /**
   * One {@code PING} of the server; on a cluster, one {@code CLUSTER INFO} of each master, which
   * must answer and report {@code cluster_state:ok}.
   */
  @Override
  public void probe() {
    run(
        "reach",
        () -> {
          nodes.probe();
          return null;
        });
  }

  /** Refuses join keys of types Feast's Redis keys cannot hold (FLOAT32, FLOAT64, BOOL). */
  @Override
  public void checkView(OnlineViewSchema view) {
    FeastKeys.checkKeyTypes(view);
  }

  /** The Redis key of {@code key} of {@code view}, in Feast's layout. */
  public byte[] redisKey(OnlineViewSchema view, EntityKey key) {
    FeastKeys.checkKeyTypes(view);
    return keys.key(view, key);
  }

  @Override
  public void write(OnlineViewSchema view, List<OnlineRow> rows) {
    write(prepare(view, rows));
  }

  @Override
  public Batch prepare(OnlineViewSchema view, List<OnlineRow> rows) {
    RowBatch batch = newBatch(view);
    for (OnlineRow row : rows) {
      batch.startRow(row.key(), row.eventTimestamp(), row.createdTimestamp());
      row.values().forEach(batch::objectValue);
      batch.endRow();
    }
    return batch.build();
  }

  @Override
  public RowBatch newBatch(OnlineViewSchema view) {
    FeastKeys.checkKeyTypes(view);
    return new RedisBatch.Builder(this, view, keys, fields(view), keyTtlSeconds);
  }

  @Override
  public void write(Batch batch) {
    if (!(batch instanceof RedisBatch rows) || rows.store != this) {
      throw new IllegalArgumentException("a batch prepared by another online store");
    }
    if (rows.size() == 0) {
      return;
    }
    run("write to", () -> evalAll(WRITE_SHA, RedisScripts.WRITE, rows.keys, rows.args));
  }

  @Override
  public List<StoredRow> read(OnlineViewSchema view, List<EntityKey> keys) {
    return readAll(List.of(new ViewKeys(view, keys))).get(0);
  }

  @Override
  public List<List<StoredRow>> readAll(List<ViewKeys> reads) {
    List<byte[][]> viewFields = new ArrayList<>(reads.size());
    List<byte[][]> viewKeys = new ArrayList<>(reads.size());
    int total = 0;
    for (ViewKeys r : reads) {
      FeastKeys.checkKeyTypes(r.view());
      viewFields.add(fields(r.view()));
      byte[][] encoded = new byte[r.keys().size()][];
      for (int i = 0; i < encoded.length; i++) {
        encoded[i] = keys.key(r.view(), r.keys().get(i));
      }
      viewKeys.add(encoded);
      total += encoded.length;
    }
    List<List<StoredRow>> out = new ArrayList<>(reads.size());
    if (total == 0) {
      reads.forEach(r -> out.add(Collections.nCopies(r.keys().size(), null)));
      return out;
    }
    List<byte[]> allKeys = new ArrayList<>(total);
    List<byte[][]> allFields = new ArrayList<>(total);
    for (int v = 0; v < reads.size(); v++) {
      for (byte[] key : viewKeys.get(v)) {
        allKeys.add(key);
        allFields.add(viewFields.get(v));
      }
    }
    List<Response<List<byte[]>>> responses =
        run(
            "read from",
            () -> nodes.perKey(allKeys, (p, i) -> p.hmget(allKeys.get(i), allFields.get(i))));
    int next = 0;
    for (int v = 0; v < reads.size(); v++) {
      int features = reads.get(v).view().features().size();
      StoredRow[] rows = new StoredRow[viewKeys.get(v).length];
      for (int i = 0; i < rows.length; i++) {
        List<byte[]> values = run("read from", responses.get(next++)::get);
        rows[i] = row(values, features);
      }
      out.add(Collections.unmodifiableList(Arrays.asList(rows)));
    }
    return out;
  }

  /** A row from the {@code HMGET} of its features' fields, then the event and created fields. */
  private static StoredRow row(List<byte[]> values, int features) {
    byte[] event = values.get(features);
    if (event == null) {
      return null;
    }
    byte[] created = values.get(features + 1);
    Object[] decoded = new Object[features];
    boolean[] present = new boolean[features];
    for (int f = 0; f < features; f++) {
      byte[] v = values.get(f);
      if (v != null) {
        present[f] = true;
        decoded[f] = FeastValues.decode(v);
      }
    }
    return new StoredRow(
        FeastValues.readTimestamp(event),
        created == null ? null : FeastValues.readTimestamp(created),
        decoded,
        present);
  }

  /**
   * The hash fields of {@code view}: its features' in order, then {@code _ts:} and {@code
   * _created_ts:}.
   */
  byte[][] fields(OnlineViewSchema view) {
    byte[][] known = fields.get(view);
    if (known != null) {
      return known;
    }
    List<Field> features = view.features();
    byte[][] f = new byte[features.size() + 2][];
    for (int i = 0; i < features.size(); i++) {
      f[i] = FeastKeys.featureField(view.view(), features.get(i).name());
    }
    f[features.size()] = FeastKeys.eventField(view.view());
    f[features.size() + 1] = FeastKeys.createdField(view.view());
    if (fields.size() >= MAX_CACHED_FIELDS) {
      fields.clear();
    }
    fields.put(view, f);
    return f;
  }

  @Override
  public void deleteView(OnlineViewSchema view) {
    byte[][] f = fields(view);
    // ARGV: the view's _ts: field, then every field of the view to delete.
    List<byte[]> args = new ArrayList<>(f.length + 1);
    args.add(f[f.length - 2]);
    args.addAll(Arrays.asList(f));
    byte[] pattern = concat(FeastKeys.globLiteral(FeastKeys.prefix(view)), "*", projectPattern());
    scan(
        pattern,
        found -> {
          List<List<byte[]>> argsPerKey = Collections.nCopies(found.size(), args);
          evalAll(DELETE_SHA, RedisScripts.DELETE_VIEW, found, argsPerKey);
        });
  }

  @Override
  public void deleteProject() {
    scan(
        concat(new byte[0], "*", projectPattern()),
        found -> {
          for (Response<Long> deleted : nodes.perKey(found, (p, i) -> p.del(found.get(i)))) {
            deleted.get();
          }
        });
  }

  private byte[] projectPattern() {
    return FeastKeys.globLiteral(keys.project());
  }

  private static byte[] concat(byte[] a, String middle, byte[] b) {
    byte[] m = middle.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(a, a.length + m.length + b.length);
    System.arraycopy(m, 0, out, a.length, m.length);
    System.arraycopy(b, 0, out, a.length + m.length, b.length);
    return out;
  }

  /** What is done with each step's keys of this project. */
  @FunctionalInterface
  private interface KeyBatch {
    void accept(List<byte[]> keys);
  }

  /**
   * {@code SCAN}s every master for {@code pattern}, handing each step's keys of this project to
   * {@code work}.
   */
  private void scan(byte[] pattern, KeyBatch work) {
    run(
        "delete from",
        () -> {
          ScanParams params = new ScanParams().match(pattern).count(SCAN_COUNT);
          nodes.eachMaster(
              master -> {
                byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
                do {
                  ScanResult<byte[]> step = master.scan(cursor, params);
                  List<byte[]> mine = new ArrayList<>();
                  for (byte[] key : step.getResult()) {
                    if (keys.isOfProject(key)) {
                      mine.add(key);
                    }
                  }
                  if (!mine.isEmpty()) {
                    work.accept(mine);
                  }
                  cursor = step.getCursorAsBytes();
                } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
              });
          return null;
        });
  }

  /**
   * Runs script {@code sha} ({@code script}) once per key, on the key's node, in one pipeline per
   * node, in order; when a node does not know the script (new, restarted or flushed), loads it on
   * every master and runs them all again (each run of the scripts is idempotent, and running all
   * keeps each key's rows in their order).
   */
  private Void evalAll(byte[] sha, String script, List<byte[]> keys, List<List<byte[]>> args) {
    for (int attempt = 0; ; attempt++) {
      List<Response<Object>> responses =
          nodes.perKey(keys, (p, i) -> p.evalsha(sha, List.of(keys.get(i)), args.get(i)));
      boolean unknownScript = false;
      for (Response<Object> r : responses) {
        try {
          r.get();
        } catch (JedisDataException e) {
          if (attempt == 0 && String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
            unknownScript = true;
            break;
          }
          throw e;
        }
      }
      if (!unknownScript) {
        return null;
      }
      nodes.loadScript(script.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Work against Redis. */
  @FunctionalInterface
  private interface RedisWork<T> {
    T run();
  }

  /**
   * Runs {@code work}, turning the client's errors into a {@link BackendException}. When a
   * connection fails ({@link RedisNodes} has then dropped the idle connections of its node, after a
   * restart all dead, and a cluster reads its slot map again), and unless Redis was silent past the
   * timeout, {@code work} runs once more, on new connections: a connection that Redis closed since
   * its last use (a restart that no request saw, a failover) costs no request. Every piece of work
   * here may run twice: reads, the not-older writes and the deletes leave the same data when
   * repeated.
   */
  private <T> T run(String action, RedisWork<T> work) {
    for (int attempt = 0; ; attempt++) {
      try {
        return work.run();
      } catch (JedisConnectionException e) {
        if (attempt > 0 || timedOut(e)) {
          throw failure(action, e);
        }
      } catch (JedisException e) {
        if (attempt > 0 || !poolGaveNoConnection(e)) {
          throw failure(action, e);
        }
      }
    }
  }

  /**
   * Whether {@code e} is a pool's "Could not get a resource from the pool" for another reason than
   * its connections all staying busy: making a connection failed in a way the client does not call
   * a connection error, or the pool was closed as a cluster's slot map was read again. Both are
   * Redis (or a node of it) being away, like a connection error.
   */
  private static boolean poolGaveNoConnection(JedisException e) {
    return String.valueOf(e.getMessage()).startsWith("Could not get a resource from the pool")
        && !(e.getCause() instanceof NoSuchElementException);
  }

  /**
   * The error for the client's {@code e}: Redis unreachable (refused, closed, silent past the
   * timeout), busy, starting, read-only, a cluster not whole, refusing the user, or answering an
   * error.
   */
  private BackendException failure(String action, JedisException e) {
    String cannot = "cannot " + action + " the Redis online store at " + location() + ": ";
    if (e instanceof JedisConnectionException
        || e instanceof JedisClusterOperationException
        || poolGaveNoConnection(e)) {
      return new BackendException(
          cannot + unreachable(e),
          "Check that Redis is running and reachable there, or fix"
              + " online_store.connection_string in feature_store.yaml",
          e);
    }
    if (e.getCause() instanceof NoSuchElementException) {
      return new BackendException(
          cannot + "all its connections stayed busy for " + seconds(BORROW_WAIT) + " s",
          "Retry in a moment; if it lasts, Redis answers slowly (check its latency and log)",
          e);
    }
    String answer = String.valueOf(e.getMessage());
    if (e instanceof JedisAccessControlException) {
      return new BackendException(
          cannot + "Redis refused the user: '" + answer + "'",
          "Check the password (and username) in online_store.connection_string, and the user's"
              + " permissions; write it as password=${REDIS_PASSWORD} to read it from that"
              + " environment variable",
          e);
    }
    String kind = answer.split(" ", 2)[0];
    return switch (kind) {
      case "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN" ->
          new BackendException(
              cannot + "Redis is not ready; it answered '" + answer + "'",
              "Retry in a few seconds: Redis answers again once it has loaded its data or its"
                  + " cluster is whole",
              e);
      case "READONLY" ->
          new BackendException(
              cannot + "it is a read-only replica; it answered '" + answer + "'",
              "Point online_store.connection_string at the primary",
              e);
      case "MOVED", "ASK" ->
          new BackendException(
              cannot + "Redis answered '" + answer + "'",
              nodes.redirects()
                  ? "The cluster's slots were still moving after "
                      + RedisNodes.MAX_REDIRECT_ROUNDS
                      + " redirections; retry once its resharding is done"
                  : "That server is a node of a Redis Cluster: set redis_type: redis_cluster in"
                      + " online_store, with its nodes in connection_string",
              e);
      default ->
          new BackendException(
              cannot + "Redis answered '" + answer + "'",
              answer.contains("cluster support disabled")
                  ? "That server is not a Redis Cluster node: set redis_type: redis in"
                      + " online_store (or leave it out)"
                  : "Check the Redis server's log and the user's permissions in"
                      + " online_store.connection_string",
              e);
    };
  }

  /**
   * Why Redis could not be reached: no answer in time, or the network's own words; in a cluster, at
   * which node.
   */
  private static String unreachable(Throwable e) {
    String node = "";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RedisNodes.NodeFailure f) {
        node = "node " + f.node + ": ";
        break;
      }
    }
    if (timedOut(e)) {
      return node + "no answer within " + seconds(SOCKET_TIMEOUT) + " s";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String text = message == null || message.isBlank() ? "no answer" : message;
    // a failed connect holds each address's failure (Connection refused) as a suppressed one
    for (Throwable s : root.getSuppressed()) {
      if (s.getMessage() != null && !s.getMessage().isBlank()) {
        return node + text + " (" + s.getMessage() + ")";
      }
    }
    return node + text;
  }

  /** Whether {@code e} comes of a timeout (to connect or for an answer). */
  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof SocketTimeoutException) {
          return true;
        }
      }
    }
    return false;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? Long.toString(d.toSeconds())
        : Double.toString(d.toMillis() / 1000.0);
  }

  @Override
  public void close() {
    nodes.close();
  }
}
