package dev.larder.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionRecordsTest {

  @Test
  void namesAreLettersDigitsAndUnderscores() {
    assertThatThrownBy(
            () -> Entity.builder("my-entity").joinKeys("id").valueType(ValueType.INT64).build())
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "entity name 'my-entity' is not a valid name: use letters, digits and _ only (e.g."
                + " 'my_entity')");
    assertThatThrownBy(() -> Entity.builder("").joinKeys("id").valueType(ValueType.INT64).build())
        .hasMessage("entity name is missing");
  }

  @Test
  void entityNeedsDistinctValidJoinKeysAndAValueType() {
    assertThatThrownBy(() -> new Entity("e", List.of(), ValueType.INT64, null, null, null))
        .hasMessage(
            "entity 'e': join_keys is empty; list the key column(s), e.g. join_keys: [e_id]");
    assertThatThrownBy(
            () -> new Entity("e", List.of("id", "id"), ValueType.INT64, null, null, null))
        .hasMessage("entity 'e': join key 'id' is listed twice; list it once");
    assertThatThrownBy(() -> new Entity("e", List.of("a b"), ValueType.INT64, null, null, null))
        .hasMessageStartingWith("entity 'e': join key 'a b' is not a valid name");
    assertThatThrownBy(() -> new Entity("e", List.of("id"), null, null, null, null))
        .hasMessage("entity 'e': value_type is missing");
  }

  @Test
  void absentTextIsEmptyAndTagsAreSortedAndImmutable() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("z", "1");
    tags.put("a", "2");
    List<String> keys = new ArrayList<>(List.of("id"));
    Entity e = new Entity("e", keys, ValueType.STRING, null, tags, null);
    keys.add("other");
    tags.put("m", "3");
    assertThat(e.description()).isEmpty();
    assertThat(e.owner()).isEmpty();
    assertThat(e.joinKeys()).containsExactly("id");
    assertThat(e.tags().keySet()).containsExactly("a", "z");
    assertThatThrownBy(() -> e.tags().put("b", "c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(e)
        .isEqualTo(
            new Entity("e", List.of("id"), ValueType.STRING, "", Map.of("a", "2", "z", "1"), ""));
  }

  @Test
  void featureViewRejectsNegativeTtlEmptyOrDuplicateSchema() {
    assertThatThrownBy(
            () -> view().ttl(Duration.ofSeconds(-1)).field("f", ScalarType.INT64).build())
        .hasMessage(
            "feature view 'v': ttl PT-1S is negative; use 0 for unlimited or a positive duration");
    assertThatThrownBy(() -> view().build())
        .hasMessage(
            "feature view 'v': schema is empty; list its features, e.g. - {name: feature_0, dtype:"
                + " Float64}");
    assertThatThrownBy(
            () ->
                new FeatureView(
                    "v",
                    List.of(),
                    Duration.ZERO,
                    "s",
                    List.of(new Field("f", ScalarType.INT64), new Field("f", ScalarType.STRING)),
                    true,
                    null,
                    null,
                    null))
        .hasMessage("feature view 'v': feature 'f' is listed twice in schema; list it once");
  }

  @Test
  void featureViewBuilderRequiresEntitiesAndRejectsRepeatedSettings() {
    assertThatThrownBy(
            () -> FeatureView.builder("v").source("s").field("f", ScalarType.INT64).build())
        .hasMessageStartingWith("feature view 'v': entities is missing");
    assertThatThrownBy(() -> view().entities("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> view().ttl(Duration.ofHours(1)).ttl(Duration.ofHours(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("feature view 'v': ttl was already set to PT1H; set it once");
    assertThatThrownBy(() -> view().field("f", ScalarType.INT64).field("f", ScalarType.STRING))
        .hasMessage("feature view 'v': feature 'f' was already added as Int64");
    FeatureView v = view().field("f", ScalarType.INT64).build();
    assertThat(v.ttl()).isEqualTo(Duration.ZERO);
    assertThat(v.hasUnlimitedTtl()).isTrue();
    assertThat(v.online()).isTrue();
    assertThat(v.isEntityless()).isFalse();
    assertThat(v.featureNames()).containsExactly("f");
  }

  @Test
  void fileSourceFormatFollowsThePath() {
    assertThat(new FileSource("s", "data/x.csv", "ts", null, null).format())
        .isEqualTo(FileFormat.CSV);
    assertThat(new FileSource("s", "data/x.parquet", "ts", null, null).format())
        .isEqualTo(FileFormat.PARQUET);
    assertThat(new FileSource("s", "data/pushed", "ts", null, null).format())
        .isEqualTo(FileFormat.PARQUET);
    assertThatThrownBy(() -> new FileSource("s", "x.csv", FileFormat.PARQUET, "ts", null, null))
        .hasMessage(
            "file source 's': format PARQUET does not match path 'x.csv'; the format follows the"
                + " path (.csv is CSV, a .parquet file or a directory is Parquet)");
  }

  @Test
  void fileSourceTimestampsAndFieldMapping() {
    assertThatThrownBy(() -> new FileSource("s", "x.parquet", " ", null, null))
        .hasMessageStartingWith("file source 's': timestamp_field is missing");
    assertThatThrownBy(() -> new FileSource("s", "x.parquet", "ts", "ts", null))
        .hasMessageStartingWith(
            "file source 's': timestamp_field and created_timestamp_column are both 'ts'");
    assertThatThrownBy(
            () -> new FileSource("s", "x.parquet", "ts", null, Map.of("a", "x", "b", "x")))
        .hasMessage(
            "file source 's': field_mapping maps both 'a' and 'b' to 'x'; map each name from one column");
    assertThatThrownBy(() -> new FileSource("s", "x.parquet", "ts", null, Map.of("a", "x y")))
        .hasMessageStartingWith(
            "file source 's': field_mapping target of 'a' 'x y' is not a valid name");
    FileSource s =
        new FileSource(
            "s", "x.parquet", "event_ts", "", Map.of("raw event", "event_ts", "f_raw", "f"));
    assertThat(s.createdTimestampColumn()).isNull();
    assertThat(s.sourceColumn("event_ts")).isEqualTo("raw event");
    assertThat(s.sourceColumn("f")).isEqualTo("f_raw");
    assertThat(s.sourceColumn("other")).isEqualTo("other");
    assertThat(s.batchSource()).isSameAs(s);
    PushSource p = new PushSource("p", s);
    assertThat(p.batchSource()).isSameAs(s);
    assertThat(p.label()).isEqualTo("push source 'p'");
  }

  @Test
  void projectionsAndServices() {
    FeatureViewProjection all = FeatureViewProjection.of("v");
    assertThat(all.selectsAll()).isTrue();
    assertThat(all.nameToUse()).isEqualTo("v");
    FeatureViewProjection aliased =
        new FeatureViewProjection("v", null, 2, "v2", Map.of("id", "user_id"));
    assertThat(aliased.features()).isEmpty();
    assertThat(aliased.nameToUse()).isEqualTo("v2");
    assertThatThrownBy(() -> new FeatureViewProjection("v", List.of(), -1, null, null))
        .hasMessageStartingWith("projection of feature view 'v': version -1 is negative");
    assertThatThrownBy(() -> FeatureService.builder("fs").build())
        .hasMessageStartingWith("feature service 'fs': features is empty");
    assertThatThrownBy(
            () ->
                FeatureService.builder("fs")
                    .projection(all)
                    .projection(FeatureViewProjection.of("v", List.of("f")))
                    .build())
        .hasMessage(
            "feature service 'fs': two projections are both named 'v'; merge them, or give one a name_alias");
    assertThat(
            FeatureService.builder("fs").projection(all).projection(aliased).build().projections())
        .containsExactly(all, aliased);
    assertThatThrownBy(() -> FeatureService.builder("fs").owner("a").owner("b"))
        .hasMessage("feature service 'fs': owner was already set to a; set it once");
  }

  private static FeatureView.Builder view() {
    return FeatureView.builder("v").entities("e").source("s");
  }
}
