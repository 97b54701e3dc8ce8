package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.OnlineViewSchema.KeyField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Feast's key, field and value bytes, without a server. The vectors come from Feast's definitions:
 * the issue's key of {@code sample_index=7}, hash field names computed by {@code mmh3.hash(s,
 * signed=False)} packed as Feast's {@code _mmh3} packs them, and Timestamp messages serialized by
 * the Python protobuf runtime.
 */
class FeastLayoutTest {
  private static final HexFormat HEX = HexFormat.of();

  private static OnlineViewSchema view(String name, List<KeyField> keys) {
    return new OnlineViewSchema(name, keys, List.of(Field.of("x", "Float64")));
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  @Test
  void theKeyOfSampleIndex7InProjectClassificationIsTheIssuesVector() {
    OnlineViewSchema v =
        view("classification_features", List.of(new KeyField("sample_index", ValueType.INT64)));
    assertThat(hex(new FeastKeys("classification").key(v, v.key(7L))))
        .isEqualTo(
            "01000000020000000c00000073616d706c655f696e646578040000000800000007000000000000"
                + "00636c617373696669636174696f6e");
  }

  @Test
  void joinKeysAreSortedByNameAndTypedByTheirDeclaredTypeNotWidened() {
    OnlineViewSchema v =
        view(
            "trips",
            List.of(
                new KeyField("rider", ValueType.STRING),
                new KeyField("driver", ValueType.INT32),
                new KeyField("day", ValueType.UNIX_TIMESTAMP)));
    byte[] key =
        new FeastKeys("p").key(v, v.key("ab", -2L, Instant.parse("1970-01-01T00:01:40.5Z")));
    assertThat(hex(key))
        .isEqualTo(
            "03000000"
                + "02000000"
                + "03000000"
                + hex("day".getBytes(StandardCharsets.UTF_8))
                + "02000000"
                + "06000000"
                + hex("driver".getBytes(StandardCharsets.UTF_8))
                + "02000000"
                + "05000000"
                + hex("rider".getBytes(StandardCharsets.UTF_8))
                + "08000000"
                + "08000000"
                + "6400000000000000" // 100 whole seconds
                + "03000000"
                + "04000000"
                + "feffffff" // INT32 -2 in 4 bytes
                + "02000000"
                + "02000000"
                + "6162"
                + "70");
    assertThat(FeastKeys.prefix(v)).isEqualTo(java.util.Arrays.copyOf(key, 4 + 3 * 8 + 14));
  }

  @Test
  void anEntitylessViewUsesFeastsDummyKey() {
    OnlineViewSchema v = view("totals", List.of());
    assertThat(hex(new FeastKeys("p").key(v, v.key())))
        .isEqualTo(
            "01000000"
                + "02000000"
                + "0a000000"
                + hex("__dummy_id".getBytes(StandardCharsets.UTF_8))
                + "02000000"
                + "00000000"
                + "70");
  }

  @Test
  void anInt32KeyOutside32BitsIsRefused() {
    OnlineViewSchema v = view("v", List.of(new KeyField("id", ValueType.INT32)));
    assertThatThrownBy(() -> new FeastKeys("p").key(v, v.key(1L << 40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("join key 'id' (INT32) cannot hold 1099511627776, outside 32 bits");
  }

  @Test
  void featureFieldsAreFeastsMurmur3LittleEndianAndTimeFieldsAreText() {
    assertThat(hex(FeastKeys.featureField("classification_features", "feature_0")))
        .isEqualTo("7186f7f2");
    assertThat(hex(FeastKeys.featureField("classification_features", "target")))
        .isEqualTo("c92b2466");
    assertThat(hex(FeastKeys.featureField("driver_stats", "conv_rate"))).isEqualTo("fa731014");
    assertThat(FeastKeys.eventField("v")).isEqualTo("_ts:v".getBytes(StandardCharsets.UTF_8));
    assertThat(FeastKeys.createdField("v"))
        .isEqualTo("_created_ts:v".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void timestampsAreProtobufTimestampsWithZeroFieldsLeftOut() {
    Instant t = Instant.ofEpochSecond(1_704_067_200L, 123_456_000);
    assertThat(hex(FeastValues.timestamp(t))).isEqualTo("088081c8ac06108094ef3a");
    assertThat(hex(FeastValues.timestamp(Instant.ofEpochSecond(1_735_787_045L))))
        .isEqualTo("08a584d8bb06");
    assertThat(hex(FeastValues.timestamp(Instant.ofEpochSecond(-1, 5))))
        .isEqualTo("08ffffffffffffffffff011005");
    assertThat(FeastValues.timestamp(Instant.EPOCH)).isEmpty();
    for (Instant i : List.of(t, Instant.ofEpochSecond(-1, 5), Instant.EPOCH)) {
      assertThat(FeastValues.readTimestamp(FeastValues.timestamp(i))).isEqualTo(i);
    }
  }

  @Test
  void valuesAreFeastValueMessagesInTheirDeclaredTypesField() {
    assertThat(hex(encode("Float64", 0.25))).isEqualTo("29000000000000d03f");
    assertThat(hex(encode("Float32", 0.5))).isEqualTo("350000003f");
    assertThat(hex(encode("Int64", 1L))).isEqualTo("2001");
    assertThat(hex(encode("Int64", 0L))).isEqualTo("2000"); // a oneof field is written even at 0
    assertThat(hex(encode("Int32", -1L))).isEqualTo("18ffffffffffffffffff01");
    assertThat(hex(encode("String", "a"))).isEqualTo("120161");
    assertThat(hex(encode("Bool", false))).isEqualTo("3800");
    assertThat(hex(encode("Bytes", new byte[] {1, 2}))).isEqualTo("0a020102");
    assertThat(hex(encode("UnixTimestamp", Instant.parse("1970-01-01T00:01:40.9Z"))))
        .isEqualTo("4064");
    assertThat(hex(encode("Array(Int64)", List.of(1L, 2L)))).isEqualTo("72040a020102");
    assertThat(hex(encode("Array(Int64)", List.of()))).isEqualTo("7200");
    assertThat(hex(encode("Array(String)", List.of("a", "")))).isEqualTo("62050a0161" + "0a00");
    assertThat(hex(encode("Array(Float32)", List.of(0.5)))).isEqualTo("8201060a040000003f");
    assertThat(encode("Float64", null)).isEmpty();

    Map<Integer, List<Object>> doubles =
        FeastWire.fields(encode("Array(Float64)", List.of(0.25, -2.0)));
    byte[] inner = (byte[]) doubles.get(15).get(0);
    byte[] packed = (byte[]) FeastWire.fields(inner).get(1).get(0);
    assertThat(packed).hasSize(16);
  }

  @Test
  void decodingGivesLardersJavaTypesWhateverFieldHoldsTheValue() {
    assertThat(FeastValues.decode(encode("Int32", -5L))).isEqualTo(-5L);
    assertThat(FeastValues.decode(encode("Float32", 0.1))).isEqualTo((double) 0.1f);
    assertThat(FeastValues.decode(new byte[0])).isNull();
    assertThat(FeastValues.decode(FeastWire.message(o -> o.writeEnum(19, 0)))).isNull();
    assertThat(FeastValues.decode(encode("Array(Bool)", List.of(true, false))))
        .isEqualTo(List.of(true, false));
    // A repeated number written unpacked (as a proto2 writer might) reads the same.
    byte[] unpacked =
        FeastWire.message(
            o -> {
              byte[] list =
                  FeastWire.message(
                      l -> {
                        l.writeInt64(1, 3L);
                        l.writeInt64(1, -4L);
                      });
              o.writeByteArray(14, list);
            });
    assertThat(FeastValues.decode(unpacked)).isEqualTo(List.of(3L, -4L));
    assertThat(FeastValues.decode(FeastWire.message(o -> o.writeString(32, "{}")))).isEqualTo("{}");
    assertThatThrownBy(() -> FeastValues.decode(FeastWire.message(o -> o.writeString(36, "u"))))
        .isInstanceOf(dev.larder.core.BackendException.class)
        .hasMessageContaining("Feast Value of kind 36");
  }

  @Test
  void mapAndJsonValuesAreFeastsMapValAndJsonVal() {
    // json_val = 32: tag (32 << 3 | 2) = 82 02, length 2, "{}"
    assertThat(hex(encode("Json", "{}"))).isEqualTo("8202027b7d");
    // map_val = 20 (tag a2 01): Map { map<string, Value> val = 1 }, each entry {key 1, value 2}
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("a", 1L);
    assertThat(hex(encode("Map", one))).isEqualTo("a20109" + "0a07" + "0a0161" + "12022001");
    Map<String, Object> nulls = new LinkedHashMap<>();
    nulls.put("n", null);
    assertThat(hex(encode("Map", nulls))).isEqualTo("a20107" + "0a05" + "0a016e" + "1200");
    Map<String, Object> mixed = new LinkedHashMap<>();
    mixed.put("i", -3L);
    mixed.put("d", 0.25);
    mixed.put("s", "x");
    mixed.put("b", true);
    mixed.put("n", null);
    assertThat(FeastValues.decode(encode("Map", mixed))).isEqualTo(mixed);
    // as Feast writes a nested dict: map_val inside map_val; and a float_val inside
    byte[] inner =
        FeastWire.message(
            m ->
                m.writeByteArray(
                    1,
                    FeastWire.message(
                        e -> {
                          e.writeString(1, "f");
                          e.writeByteArray(2, FeastWire.message(v -> v.writeFloat(6, 0.5f)));
                        })));
    byte[] outer =
        FeastWire.message(
            o ->
                o.writeByteArray(
                    20,
                    FeastWire.message(
                        m ->
                            m.writeByteArray(
                                1,
                                FeastWire.message(
                                    e -> {
                                      e.writeString(1, "deep");
                                      e.writeByteArray(
                                          2, FeastWire.message(v -> v.writeByteArray(20, inner)));
                                    })))));
    assertThat(FeastValues.decode(outer)).isEqualTo(Map.of("deep", Map.of("f", 0.5)));
  }

  @Test
  void mistypedAndOutOfRangeValuesAreRefusedNamingTheFeature() {
    assertThatThrownBy(() -> encode("Int32", 1L << 33))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature 'f' is Int32 but holds 8589934592, outside 32 bits");
    assertThatThrownBy(() -> encode("String", 5L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature 'f' needs a String, got a Long");
  }

  @Test
  void patternsMatchKeyBytesLiterallyAndOnlyWholeProjectsCount() {
    assertThat(new String(FeastKeys.globLiteral("a*b?[c]\\".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("a\\*b\\?\\[c\\]\\\\");
    FeastKeys shop = new FeastKeys("shop");
    assertThat(shop.isOfProject(FeastWire.int64Key("id", 1, "shop"))).isTrue();
    assertThat(shop.isOfProject(FeastWire.int64Key("id", 1, "workshop"))).isFalse();
    assertThat(shop.isOfProject(FeastWire.int64Key("id", 1, "shops"))).isFalse();
    assertThat(shop.isOfProject("shop".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  private static byte[] encode(String dtype, Object value) {
    return FeastValues.encode(dev.larder.core.model.FeatureType.parse(dtype), value, "f");
  }
}
