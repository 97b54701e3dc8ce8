package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How single fields are compared and rendered. */
class FieldChangesTest {
  private static List<String> changes(Definition before, Definition after) {
    return FieldChanges.between(DefinitionJson.toTree(before), DefinitionJson.toTree(after))
        .stream()
        .map(FieldChange::toString)
        .toList();
  }

  private static FeatureView view(String... features) {
    FeatureView.Builder b = FeatureView.builder("v").entities().source("s");
    for (String f : features) {
      b.field(f, ScalarType.FLOAT64);
    }
    return b.build();
  }

  @Test
  void ttlsReadInTheirLargestWholeUnit() {
    assertThat(List.of("PT0S", "P7D", "PT2H", "PT90M", "PT45S", "PT1.5S"))
        .extracting(t -> FieldChanges.ttl(TextNode.valueOf(t)))
        .containsExactly("0 (unlimited)", "7d", "2h", "90m", "45s", "PT1.5S");
  }

  @Test
  void aReorderedSchemaIsOneChange() {
    assertThat(changes(view("a", "b", "c"), view("b", "a", "c", "d")))
        .containsExactly("schema.d: (none) → Float64", "schema order: [a, b, c] → [b, a, c]");
  }

  @Test
  void mapsAreComparedKeyByKeyAndEmptyTextIsQuoted() {
    Entity before =
        Entity.builder("e")
            .joinKeys("id")
            .valueType(ValueType.INT64)
            .tags(Map.of("team", "ml", "tier", "gold"))
            .description("An entity")
            .build();
    Entity after =
        Entity.builder("e")
            .joinKeys("id")
            .valueType(ValueType.STRING)
            .tags(Map.of("team", "ai", "pii", "no"))
            .build();
    assertThat(changes(before, after))
        .containsExactly(
            "value_type: INT64 → STRING",
            "description: An entity → ''",
            "tags.team: ml → ai",
            "tags.tier: gold → (none)",
            "tags.pii: (none) → no");
  }

  @Test
  void projectionsAreMatchedByTheNameTheyUse() {
    FeatureService before =
        FeatureService.builder("s")
            .projection(FeatureViewProjection.of("a"))
            .projection(FeatureViewProjection.of("b", List.of("x")))
            .build();
    FeatureService after =
        FeatureService.builder("s")
            .projection(FeatureViewProjection.of("b", List.of()))
            .projection(FeatureViewProjection.of("a"))
            .build();
    assertThat(changes(before, after))
        .containsExactly(
            "features.b.features: [x] → (all features)", "features order: [a, b] → [b, a]");
  }
}
