package dev.larder.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionJsonTest {

  private static final FileSource MAPPED =
      new FileSource(
          "events", "data/events.csv", "ts", "created", Map.of("raw_b", "b", "Raw A", "a"));

  private static final Permission READERS =
      Permission.builder("ml-readers")
          .types(DefinitionKind.FEATURE_SERVICE, DefinitionKind.FEATURE_VIEW)
          .namePatterns("classification_.*", "x")
          .requiredTags(Map.of("team", "ml"))
          .actions(AccessAction.READ_ONLINE, AccessAction.DESCRIBE)
          .roles("reader", "admin")
          .description("readers")
          .tags(Map.of("owner", "ana"))
          .build();

  private static final Permission ADMINS =
      Permission.builder("admins").allTypes().actions(AccessAction.values()).roles("admin").build();

  private static final List<Definition> EVERY_KIND =
      List.of(
          Samples.sample(),
          new Entity(
              "pair",
              List.of("left_id", "right_id"),
              ValueType.STRING,
              "two keys",
              Map.of("team", "ml", "pii", "no"),
              "ana@example.com"),
          Samples.source(),
          MAPPED,
          new PushSource("events_push", MAPPED),
          Samples.view(),
          READERS,
          ADMINS,
          FeatureView.builder("everything")
              .entities()
              .ttl(Duration.ofMinutes(90).plusNanos(5))
              .source("events_push")
              .field("a", ScalarType.STRING)
              .field("b", new ArrayType(ScalarType.FLOAT32))
              .field("c", ScalarType.UNIX_TIMESTAMP)
              .field("d", ScalarType.BYTES)
              .field("e", ScalarType.BOOL)
              .field("f", ScalarType.INT32)
              .online(false)
              .tags(Map.of("k", "v"))
              .owner("me")
              .build(),
          Samples.service(),
          FeatureService.builder("full")
              .projection(FeatureViewProjection.of("classification_features"))
              .projection(
                  new FeatureViewProjection(
                      "classification_features",
                      List.of("target", "feature_1"),
                      3,
                      "pinned",
                      Map.of("sample_index", "id")))
              .description("d")
              .tags(Map.of("b", "2", "a", "1"))
              .owner("o")
              .build());

  @Test
  void everyKindRoundTripsLosslessly() {
    for (Definition d : EVERY_KIND) {
      String json = DefinitionJson.write(d);
      assertThat(DefinitionJson.read(json)).as(json).isEqualTo(d);
      assertThat(DefinitionJson.write(DefinitionJson.read(json))).isEqualTo(json);
      assertThat(DefinitionJson.read(json, d.getClass())).isEqualTo(d);
    }
  }

  @Test
  void canonicalTextIsFixed() {
    assertThat(DefinitionJson.write(Samples.sample()))
        .isEqualTo(
            "{\"kind\":\"entity\",\"name\":\"sample\",\"join_keys\":[\"sample_index\"],"
                + "\"value_type\":\"INT64\",\"description\":\"One generated sample\",\"tags\":{},"
                + "\"owner\":\"\"}");
    assertThat(DefinitionJson.write(MAPPED))
        .isEqualTo(
            "{\"kind\":\"file_source\",\"name\":\"events\",\"path\":\"data/events.csv\","
                + "\"format\":\"csv\",\"timestamp_field\":\"ts\","
                + "\"created_timestamp_column\":\"created\","
                + "\"field_mapping\":{\"Raw A\":\"a\",\"raw_b\":\"b\"}}");
    String service = DefinitionJson.write(EVERY_KIND.get(EVERY_KIND.size() - 1));
    assertThat(service)
        .contains(
            "{\"feature_view\":\"classification_features\",\"features\":[],\"version\":null,"
                + "\"name_alias\":null,\"join_key_map\":{}}")
        .contains("\"tags\":{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(DefinitionJson.write(Samples.view())).contains("\"ttl\":\"PT0S\"");
    assertThat(DefinitionJson.write(READERS))
        .isEqualTo(
            "{\"kind\":\"permission\",\"name\":\"ml-readers\","
                + "\"types\":[\"feature_view\",\"feature_service\"],"
                + "\"name_patterns\":[\"classification_.*\",\"x\"],"
                + "\"required_tags\":{\"team\":\"ml\"},"
                + "\"actions\":[\"describe\",\"read_online\"],"
                + "\"policy\":{\"roles\":[\"reader\",\"admin\"]},"
                + "\"description\":\"readers\",\"tags\":{\"owner\":\"ana\"}}");
    assertThat(DefinitionJson.write(ADMINS)).contains("\"types\":[\"all\"]");
  }

  @Test
  void wholeDefinitionSetsRoundTrip() {
    RepoDefinitions.Builder b = RepoDefinitions.builder();
    EVERY_KIND.forEach(b::add);
    RepoDefinitions defs = b.freeze();
    String json = DefinitionJson.write(defs);
    assertThat(json).startsWith("{\"entities\":[{\"kind\":\"entity\",\"name\":\"sample\"");
    assertThat(DefinitionJson.readDefinitions(json)).isEqualTo(defs);
    assertThat(DefinitionJson.readDefinitions("{}")).isEqualTo(RepoDefinitions.empty());
  }

  @Test
  void readingIsStrict() {
    assertThatThrownBy(
            () ->
                DefinitionJson.read(
                    "{\"kind\":\"entity\",\"name\":\"e\",\"join_keys\":[\"id\"],\"value_type\":\"INT64\",\"colour\":1}"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith("definition JSON for entity 'e' has unknown field 'colour'");
    assertThatThrownBy(() -> DefinitionJson.read("{\"kind\":\"widget\",\"name\":\"w\"}"))
        .hasMessageStartingWith("definition JSON has unknown kind 'widget'");
    assertThatThrownBy(
            () ->
                DefinitionJson.read(
                    "{\"kind\":\"feature_view\",\"name\":\"v\",\"ttl\":\"PT0S\",\"source\":\"s\",\"schema\":[],\"online\":true}"))
        .hasMessage("definition JSON for feature view 'v' lacks field 'entities'");
    assertThatThrownBy(() -> DefinitionJson.read("[1"))
        .hasMessageStartingWith("definition JSON is not valid JSON");
    assertThatThrownBy(
            () -> DefinitionJson.read(DefinitionJson.write(Samples.sample()), FeatureView.class))
        .hasMessage("definition JSON holds a entity 'sample', not a FeatureView");
  }
}
