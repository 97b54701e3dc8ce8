package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.StoredRow;
import dev.larder.testkit.TestRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Larder and Feast on one Redis (DESIGN B9, issue #9's acceptance): a repository whose online store
 * is Redis materializes a view, and a reader that knows only Feast's format ({@link FeastWire})
 * finds Feast's key, field names and values; a hash written in Feast's format, without Larder's
 * {@code _created_ts}, reads back through the feature store as {@code PRESENT}.
 */
class FeastInteropTest {
  private static final String PROJECT = TestRedis.project("larder_feast_interop");
  private static final HexFormat HEX = HexFormat.of();
  private static final String VIEW = "classification_features";

  @TempDir Path repo;

  @BeforeAll
  static void redisAnswers() {
    TestRedis.requireReachable();
  }

  @AfterAll
  static void deleteThisClassesKeys() {
    if (!TestRedis.reachable()) {
      return;
    }
    try (RedisClient c = TestRedis.client()) {
      ScanParams params = new ScanParams().match("*" + PROJECT + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<byte[]> step = c.scan(cursor.getBytes(StandardCharsets.US_ASCII), params);
        step.getResult().forEach(c::del);
        cursor = step.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
  }

  private FeatureStore materializedRepo(String project) throws IOException {
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: "
            + project
            + "\nregistry: data/registry.db\nprovider: local\nonline_store:\n  type: redis\n"
            + "  connection_string: \""
            + TestRedis.ADDRESS
            + "\"\noffline_store: {type: duckdb}\nentity_key_serialization_version: 3\n");
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: sample, join_keys: [sample_index], value_type: INT64}
        sources:
          - {name: data, type: file, path: data/data.parquet, timestamp_field: event_timestamp,
             created_timestamp_column: created}
        feature_views:
          - name: classification_features
            entities: [sample]
            source: data
            schema:
              - {name: feature_0, dtype: Float64}
              - {name: feature_1, dtype: Float32}
              - {name: target, dtype: Int64}
              - {name: label, dtype: String}
              - {name: tags, dtype: Array(Int64)}
        """);
    TestRepos.parquet(
        repo.resolve("data/data.parquet"),
        "sample_index BIGINT, event_timestamp TIMESTAMPTZ, created TIMESTAMPTZ, feature_0 DOUBLE,"
            + " feature_1 FLOAT, target BIGINT, label VARCHAR, tags BIGINT[]",
        "(7, '2025-01-02 03:04:05+00', '2025-01-02 03:05:05+00', 0.25, 0.5, 1, 'seven', [1, 2])",
        "(9, '2025-01-03 00:00:00+00', NULL, -1.5, 2.5, 0, NULL, [])");
    FeatureStore store = TestRepos.applied(repo);
    store.materialize(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"));
    return store;
  }

  private static Map<String, byte[]> hash(RedisClient c, byte[] key) {
    Map<String, byte[]> out = new HashMap<>();
    c.hgetAll(key).forEach((field, value) -> out.put(fieldName(field), value));
    return out;
  }

  /** A hash field as text: the time fields as they are, feature fields as hex. */
  private static String fieldName(byte[] field) {
    String text = new String(field, StandardCharsets.UTF_8);
    return text.startsWith("_ts:") || text.startsWith("_created_ts:") ? text : HEX.formatHex(field);
  }

  @Test
  void aMaterializedRowHasFeastsKeyFieldNamesAndValueMessages() throws IOException {
    String project = PROJECT + "_m";
    try (FeatureStore store = materializedRepo(project);
        RedisClient c = TestRedis.client()) {
      byte[] key =
          HEX.parseHex(
              "01000000020000000c00000073616d706c655f696e646578040000000800000007000000000000"
                  + "00"
                  + HEX.formatHex(project.getBytes(StandardCharsets.UTF_8)));
      assertThat(key).isEqualTo(FeastWire.int64Key("sample_index", 7, project));
      Map<String, byte[]> hash = hash(c, key);
      // mmh3.hash("classification_features:<feature>", signed=False), 4 bytes little-endian
      assertThat(hash)
          .containsOnlyKeys(
              "7186f7f2",
              "2d20fe1d",
              "c92b2466",
              "6d608e14",
              "1fd34620",
              "_ts:" + VIEW,
              "_created_ts:" + VIEW);
      // feast.types.Value: double_val 5, float_val 6, int64_val 4, string_val 2, int64_list_val 14
      assertThat(FeastWire.fields(hash.get("7186f7f2")))
          .containsExactly(Map.entry(5, List.of(Double.doubleToLongBits(0.25))));
      assertThat(FeastWire.fields(hash.get("2d20fe1d")))
          .containsExactly(Map.entry(6, List.of(Float.floatToIntBits(0.5f))));
      assertThat(FeastWire.fields(hash.get("c92b2466"))).containsExactly(Map.entry(4, List.of(1L)));
      assertThat(new String((byte[]) FeastWire.fields(hash.get("6d608e14")).get(2).get(0)))
          .isEqualTo("seven");
      byte[] tags = (byte[]) FeastWire.fields(hash.get("1fd34620")).get(14).get(0);
      byte[] packed = (byte[]) FeastWire.fields(tags).get(1).get(0);
      assertThat(FeastWire.packedVarints(packed)).containsExactly(1L, 2L);
      // google.protobuf.Timestamp: seconds 1, nanos 2
      assertThat(FeastWire.fields(hash.get("_ts:" + VIEW)))
          .containsExactly(
              Map.entry(1, List.of(Instant.parse("2025-01-02T03:04:05Z").getEpochSecond())));
      assertThat(HEX.formatHex(hash.get("_ts:" + VIEW))).isEqualTo("08a584d8bb06");
      assertThat(FeastWire.fields(hash.get("_created_ts:" + VIEW)))
          .containsExactly(
              Map.entry(1, List.of(Instant.parse("2025-01-02T03:05:05Z").getEpochSecond())));

      // A null value is a Value with no field set; no created time leaves the field out.
      Map<String, byte[]> nine = hash(c, FeastWire.int64Key("sample_index", 9, project));
      assertThat(nine.get("6d608e14")).isEmpty();
      assertThat(nine).doesNotContainKey("_created_ts:" + VIEW);

      OnlineFeatures f =
          store.getOnlineFeatures(
              FeatureSelection.of(VIEW + ":feature_0", VIEW + ":label", VIEW + ":tags"),
              Map.of("sample_index", List.of(7L, 9L, 10L)));
      assertThat(f.values("feature_0")).containsExactly(0.25, -1.5, null);
      assertThat(f.values("label")).containsExactly("seven", null, null);
      assertThat(f.statuses("label"))
          .containsExactly(
              FeatureStatus.PRESENT, FeatureStatus.NULL_VALUE, FeatureStatus.NOT_FOUND);
      assertThat(f.values("tags")).containsExactly(List.of(1L, 2L), List.of(), null);

      store.teardown();
      assertThat(c.exists(key)).isFalse();
    }
  }

  @Test
  void aHashWrittenInFeastsFormatWithoutCreatedTimeReadsBackAsPresent() throws IOException {
    String project = PROJECT + "_f";
    try (FeatureStore store = materializedRepo(project);
        RedisClient c = TestRedis.client()) {
      byte[] key = FeastWire.int64Key("sample_index", 8, project);
      Map<byte[], byte[]> hash = new HashMap<>();
      hash.put(HEX.parseHex("7186f7f2"), FeastWire.message(o -> o.writeDouble(5, 3.5)));
      hash.put(HEX.parseHex("2d20fe1d"), FeastWire.message(o -> o.writeFloat(6, 1.25f)));
      hash.put(HEX.parseHex("c92b2466"), FeastWire.message(o -> o.writeInt64(4, 1L)));
      hash.put(HEX.parseHex("6d608e14"), FeastWire.message(o -> o.writeString(2, "eight")));
      hash.put(
          HEX.parseHex("1fd34620"),
          FeastWire.message(
              o ->
                  o.writeByteArray(
                      14,
                      FeastWire.message(
                          l -> {
                            byte[] packed =
                                FeastWire.message(
                                    p -> {
                                      p.writeInt64NoTag(5L);
                                      p.writeInt64NoTag(-6L);
                                    });
                            l.writeByteArray(1, packed);
                          }))));
      hash.put(
          ("_ts:" + VIEW).getBytes(StandardCharsets.UTF_8),
          FeastWire.message(o -> o.writeInt64(1, 1_735_787_045L)));
      c.hset(key, hash);

      OnlineFeatures f =
          store.getOnlineFeatures(
              FeatureSelection.of(
                  VIEW + ":feature_0",
                  VIEW + ":feature_1",
                  VIEW + ":target",
                  VIEW + ":label",
                  VIEW + ":tags"),
              Map.of("sample_index", List.of(8L)));
      for (String feature : List.of("feature_0", "feature_1", "target", "label", "tags")) {
        assertThat(f.statuses(feature)).as(feature).containsExactly(FeatureStatus.PRESENT);
        assertThat(f.eventTimestamps(feature))
            .containsExactly(Instant.parse("2025-01-02T03:04:05Z"));
      }
      assertThat(f.values("feature_0")).containsExactly(3.5);
      assertThat(f.values("feature_1")).containsExactly(1.25);
      assertThat(f.values("target")).containsExactly(1L);
      assertThat(f.values("label")).containsExactly("eight");
      assertThat(f.values("tags")).containsExactly(List.of(5L, -6L));

      // Larder's not-older rule treats the missing creation time as the lowest: a row of the same
      // event time with a creation time replaces it, an older one does not.
      OnlineViewSchema schema =
          new OnlineViewSchema(
              VIEW,
              List.of(new OnlineViewSchema.KeyField("sample_index", ValueType.INT64)),
              List.of(Field.of("label", "String")));
      Instant feastTime = Instant.parse("2025-01-02T03:04:05Z");
      store
          .online()
          .write(
              schema,
              List.of(
                  new OnlineRow(schema.key(8L), List.of("older"), feastTime.minusSeconds(1), null),
                  new OnlineRow(schema.key(8L), List.of("created"), feastTime, feastTime)));
      StoredRow row = store.online().read(schema, List.of(schema.key(8L))).get(0);
      assertThat(row.value(0)).isEqualTo("created");
      assertThat(row.createdTimestamp()).isEqualTo(feastTime);
    }
  }

  @Test
  void deletingAViewKeepsOtherViewsFieldsOfTheSameKeyAndOtherProjectsKeys() {
    String project = PROJECT + "_d";
    OnlineViewSchema a =
        new OnlineViewSchema(
            "a",
            List.of(new OnlineViewSchema.KeyField("id", ValueType.INT64)),
            List.of(Field.of("x", "Int64")));
    OnlineViewSchema b =
        new OnlineViewSchema(
            "b", a.joinKeys(), List.of(Field.of("y", "Int64"), Field.of("z", "String")));
    Instant t = Instant.parse("1969-12-31T23:59:59.000000005Z");
    try (RedisOnlineStore s = RedisOnlineStoreFactory.open(TestRedis.connection(), project, 0);
        RedisOnlineStore work =
            RedisOnlineStoreFactory.open(TestRedis.connection(), "work" + project, 0);
        RedisClient c = TestRedis.client()) {
      s.write(a, List.of(new OnlineRow(a.key(1L), List.of(1L), t, null)));
      s.write(b, List.of(new OnlineRow(b.key(1L), Arrays.asList(2L, "b"), t, null)));
      s.write(a, List.of(new OnlineRow(a.key(2L), List.of(3L), t, null)));
      work.write(a, List.of(new OnlineRow(a.key(1L), List.of(4L), t, null)));
      // Event times before 1970 are negative seconds; the server's script compares them exactly.
      s.write(a, List.of(new OnlineRow(a.key(2L), List.of(30L), t.minusNanos(1), null)));
      assertThat(s.read(a, List.of(a.key(2L))).get(0).value(0)).isEqualTo(3L);
      s.write(a, List.of(new OnlineRow(a.key(2L), List.of(31L), t.plusNanos(1), null)));
      assertThat(s.read(a, List.of(a.key(2L))).get(0).value(0)).isEqualTo(31L);

      s.deleteView(a);

      assertThat(s.read(a, List.of(a.key(1L), a.key(2L)))).containsExactly(null, null);
      assertThat(Arrays.asList(s.read(b, List.of(b.key(1L))).get(0).value(0))).containsExactly(2L);
      assertThat(c.exists(s.redisKey(a, a.key(2L)))).isFalse(); // only view a: the hash went
      assertThat(hash(c, s.redisKey(b, b.key(1L))).keySet())
          .containsExactlyInAnyOrder(
              HEX.formatHex(FeastKeys.featureField("b", "y")),
              HEX.formatHex(FeastKeys.featureField("b", "z")),
              "_ts:b");
      assertThat(work.read(a, List.of(a.key(1L))).get(0).value(0)).isEqualTo(4L);

      s.deleteProject();
      assertThat(s.read(b, List.of(b.key(1L)))).containsExactly((StoredRow) null);
      assertThat(work.read(a, List.of(a.key(1L))).get(0).value(0)).isEqualTo(4L);
      work.deleteProject();
    }
  }
}
