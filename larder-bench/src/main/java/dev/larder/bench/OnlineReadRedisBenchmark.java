package dev.larder.bench;

import dev.larder.core.FeatureStore;
import dev.larder.core.model.Field;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.StoredRow;
import dev.larder.core.online.ViewKeys;
import dev.larder.redis.RedisOnlineStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Online reads from the Redis online store in process, in JMH's sample-time mode (percentiles of
 * single calls): the {@code larder init} repository materialized into Redis ({@link BenchRedis}:
 * its own database number, project {@value #PROJECT}), read through the {@link OnlineStore} API
 * that Larder's online reads use ({@link OnlineStore#readAll}, as {@code OnlineReader} calls it:
 * keys encoded in Feast's layout, one pipeline of {@code HMGET}s, values decoded into {@link
 * StoredRow}s) for one random key and 100 keys, and through the whole {@link
 * FeatureStore#getOnlineFeatures} for reference.
 *
 * <p>Baseline: a bare Jedis client with the same connection settings ({@link BenchRedis#client})
 * sending {@code HMGET} of the same 22 fields (20 features, {@code _ts:} and {@code _created_ts:}
 * of the view) of the same keys, computed beforehand in Feast's layout ({@link FeastHashes}): one
 * {@code HMGET} for one key, a pipeline of 100 for 100 keys; nothing decoded. The 100 keys are 100
 * consecutive sample indexes from a random one (wrapping), the same for both.
 *
 * <p>JMH runs benchmarks in the order of their names, one after the other; they are named so that
 * each figure runs right after its baseline ({@code hundredKeysBareHmget}, {@code
 * hundredKeysLarderRead}, {@code hundredKeysWholeRead}, then the same for {@code oneKey…}), which
 * on a shared machine keeps the two closer in time and load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OnlineReadRedisBenchmark {
  static final String PROJECT = "larder_bench_read";
  static final String VIEW = "classification_features";
  static final String JOIN_KEY = "sample_index";
  static final int FEATURES = 20;
  static final int BATCH = 100;

  private BenchRepo repo;
  private FeatureStore store;
  private OnlineStore online;
  private OnlineViewSchema schema;
  private EntityKey[] keys;
  private RedisClient bare;
  private byte[][] redisKeys;
  private byte[][] fields;

  @Setup(Level.Trial)
  public void materialize() throws IOException {
    BenchRedis redis = BenchRedis.fromEnvironment();
    redis.requireReachable();
    BenchRepo sqlite = BenchRepo.create();
    try {
      repo = sqlite.copy(PROJECT, redis.onlineStoreYaml());
    } finally {
      sqlite.delete();
    }
    store = FeatureStore.open(repo.path());
    online = store.online();
    List<Field> features = new ArrayList<>();
    fields = new byte[FEATURES + 2][];
    for (int f = 0; f < FEATURES; f++) {
      features.add(new Field("feature_" + f, ScalarType.FLOAT64));
      fields[f] = FeastHashes.featureField(VIEW, "feature_" + f);
    }
    fields[FEATURES] = FeastHashes.eventField(VIEW);
    fields[FEATURES + 1] = FeastHashes.createdField(VIEW);
    schema =
        new OnlineViewSchema(
            VIEW, List.of(new OnlineViewSchema.KeyField(JOIN_KEY, ValueType.INT64)), features);
    keys = new EntityKey[BenchRepo.SAMPLES];
    redisKeys = new byte[BenchRepo.SAMPLES][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = schema.key((long) i);
      redisKeys[i] = FeastHashes.int64Key(JOIN_KEY, i, PROJECT);
    }
    bare = redis.client();
    check();
  }

  /**
   * Checks that both sides read the same thing: Larder's key of a sample is the baseline's, the
   * baseline finds all 22 fields of every key, and Larder's values equal those of {@link
   * FeatureStore#getOnlineFeatures}.
   */
  private void check() {
    if (!Arrays.equals(((RedisOnlineStore) online).redisKey(schema, keys[7]), redisKeys[7])) {
      throw new IllegalStateException("Larder's Redis key of sample 7 is not Feast's");
    }
    for (byte[] key : redisKeys) {
      List<byte[]> values = bare.hmget(key, fields);
      if (values.stream().anyMatch(v -> v == null)) {
        throw new IllegalStateException("a key lacks fields: the materialization did not finish");
      }
    }
    List<Object> some = List.of(0L, 7L, 999L);
    OnlineFeatures expected =
        store.getOnlineFeatures(OnlineReadBenchmark.TWENTY, Map.of(JOIN_KEY, some));
    List<StoredRow> rows =
        online.read(schema, List.of(keys[0], keys[7], keys[BenchRepo.SAMPLES - 1]));
    for (int r = 0; r < some.size(); r++) {
      for (int f = 0; f < FEATURES; f++) {
        String name = "feature_" + f;
        if (expected.statuses(name).get(r) != FeatureStatus.PRESENT
            || !expected.values(name).get(r).equals(rows.get(r).value(f))) {
          throw new IllegalStateException("OnlineStore.read and getOnlineFeatures disagree");
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    try {
      bare.close();
      store.close();
      repo.deleteOnlineRows();
    } finally {
      repo.delete();
    }
  }

  /** One random key, 20 features, through {@link OnlineStore#readAll}. */
  @Benchmark
  public List<List<StoredRow>> oneKeyLarderRead() {
    EntityKey key = keys[ThreadLocalRandom.current().nextInt(keys.length)];
    return online.readAll(List.of(new ViewKeys(schema, List.of(key))));
  }

  /** 100 keys, 20 features, through {@link OnlineStore#readAll}. */
  @Benchmark
  public List<List<StoredRow>> hundredKeysLarderRead() {
    int from = ThreadLocalRandom.current().nextInt(keys.length);
    List<EntityKey> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(keys[(from + i) % keys.length]);
    }
    return online.readAll(List.of(new ViewKeys(schema, batch)));
  }

  /** One random key, 20 features, through the whole {@link FeatureStore#getOnlineFeatures}. */
  @Benchmark
  public OnlineFeatures oneKeyWholeRead() {
    long key = ThreadLocalRandom.current().nextInt(keys.length);
    return store.getOnlineFeatures(OnlineReadBenchmark.TWENTY, Map.of(JOIN_KEY, List.of(key)));
  }

  /** 100 keys, 20 features, through the whole {@link FeatureStore#getOnlineFeatures}. */
  @Benchmark
  public OnlineFeatures hundredKeysWholeRead() {
    int from = ThreadLocalRandom.current().nextInt(keys.length);
    List<Object> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add((long) ((from + i) % keys.length));
    }
    return store.getOnlineFeatures(OnlineReadBenchmark.TWENTY, Map.of(JOIN_KEY, batch));
  }

  /** Baseline: one {@code HMGET} of the same 22 fields of one random key. */
  @Benchmark
  public void oneKeyBareHmget(Blackhole sink) {
    List<byte[]> values =
        bare.hmget(redisKeys[ThreadLocalRandom.current().nextInt(keys.length)], fields);
    for (byte[] v : values) {
      sink.consume(v.length);
    }
  }

  /** Baseline: a pipeline of 100 {@code HMGET}s of the same 22 fields of the same 100 keys. */
  @Benchmark
  public void hundredKeysBareHmget(Blackhole sink) {
    int from = ThreadLocalRandom.current().nextInt(keys.length);
    List<Response<List<byte[]>>> responses = new ArrayList<>(BATCH);
    try (AbstractPipeline p = bare.pipelined()) {
      for (int i = 0; i < BATCH; i++) {
        responses.add(p.hmget(redisKeys[(from + i) % keys.length], fields));
      }
      p.sync();
    }
    for (Response<List<byte[]>> r : responses) {
      for (byte[] v : r.get()) {
        sink.consume(v.length);
      }
    }
  }
}
