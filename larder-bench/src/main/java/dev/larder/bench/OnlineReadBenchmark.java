package dev.larder.bench;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.online.OnlineFeatures;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

/**
 * Online reads in process (DESIGN Targets: 1 key × 20 features, p99 ≤ 50 µs), in JMH's sample-time
 * mode so that the percentiles come from individual calls: {@link FeatureStore#getOnlineFeatures}
 * of one random key of the {@code larder init} repository after materialization, and of 100 random
 * keys, against a bare sqlite-jdbc primary-key read of the same row of the online store (its
 * encoded value blob and timestamps, nothing decoded).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OnlineReadBenchmark {
  static final FeatureSelection TWENTY = twenty();

  private BenchRepo repo;
  private FeatureStore store;
  private Connection bare;
  private PreparedStatement byKey;
  private byte[][] keys;

  @Setup(Level.Trial)
  public void materialize() throws IOException, SQLException {
    repo = BenchRepo.create();
    store = FeatureStore.open(repo.path());
    bare =
        DriverManager.getConnection("jdbc:sqlite:" + repo.path().resolve("data/online_store.db"));
    String table = "\"classification:classification_features\"";
    List<byte[]> all = new ArrayList<>();
    try (Statement s = bare.createStatement();
        ResultSet r = s.executeQuery("SELECT entity_key FROM " + table)) {
      while (r.next()) {
        all.add(r.getBytes(1));
      }
    }
    keys = all.toArray(new byte[0][]);
    byKey =
        bare.prepareStatement(
            "SELECT event_ts, created_ts, feature_values FROM " + table + " WHERE entity_key = ?");
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException, IOException {
    byKey.close();
    bare.close();
    store.close();
    repo.delete();
  }

  /** One random key, 20 features. */
  @Benchmark
  public OnlineFeatures onlineRead1x20() {
    long key = ThreadLocalRandom.current().nextInt(BenchRepo.SAMPLES);
    return store.getOnlineFeatures(TWENTY, Map.of("sample_index", List.of(key)));
  }

  /** 100 random keys, 20 features. */
  @Benchmark
  public OnlineFeatures onlineRead100x20() {
    List<Object> batch = new ArrayList<>(100);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 100; i++) {
      batch.add((long) random.nextInt(BenchRepo.SAMPLES));
    }
    return store.getOnlineFeatures(TWENTY, Map.of("sample_index", batch));
  }

  /** Baseline: the same row by primary key with sqlite-jdbc, its columns read, nothing decoded. */
  @Benchmark
  public int bareSqlitePrimaryKeyRead() throws SQLException {
    byKey.setBytes(1, keys[ThreadLocalRandom.current().nextInt(keys.length)]);
    try (ResultSet r = byKey.executeQuery()) {
      r.next();
      return (int) r.getLong(1) + (int) r.getLong(2) + r.getBytes(3).length;
    }
  }

  static FeatureSelection twenty() {
    List<String> refs = new ArrayList<>();
    for (int f = 0; f < 20; f++) {
      refs.add("classification_features:feature_" + f);
    }
    return FeatureSelection.of(refs);
  }
}
