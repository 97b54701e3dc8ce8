package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Field;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A feature's description and tags (Feast's {@code Field(description=…, tags=…)}) are free text:
 * changing them is a compatible change of the view that plan shows, and makes no new version.
 */
class FeatureTextChangesTest {
  @Test
  void aFeaturesDescriptionOrTagsChangeCompatiblyWithoutANewVersion() {
    FeatureView before = view(new Field("trips", FeatureType.parse("Int64")));
    FeatureView after =
        view(
            new Field(
                "trips", FeatureType.parse("Int64"), "Average daily trips", Map.of("unit", "n")));
    List<FieldChange> changes =
        FieldChanges.between(DefinitionJson.toTree(before), DefinitionJson.toTree(after));
    assertThat(changes)
        .containsExactly(
            new FieldChange("schema.trips.description", FieldChange.NONE, "Average daily trips"),
            new FieldChange("schema.trips.tags.unit", FieldChange.NONE, "n"));
    assertThat(changes)
        .allSatisfy(
            c -> assertThat(ChangeImpact.of(DefinitionKind.FEATURE_VIEW, c).breaking()).isFalse());
    assertThat(
            VersionedDefinition.of(after, definitions(after))
                .changesFrom(VersionedDefinition.of(before, definitions(before))))
        .isEmpty();

    FeatureView retyped = view(new Field("trips", FeatureType.parse("Float64"), "x", null));
    List<FieldChange> typeChange =
        FieldChanges.between(DefinitionJson.toTree(before), DefinitionJson.toTree(retyped));
    assertThat(typeChange)
        .contains(new FieldChange("schema.trips", "Int64", "Float64"))
        .anySatisfy(
            c -> assertThat(ChangeImpact.of(DefinitionKind.FEATURE_VIEW, c).breaking()).isTrue());
  }

  private static FeatureView view(Field field) {
    return new FeatureView(
        "v", List.of("driver"), Duration.ZERO, "s", List.of(field), true, null, null, null);
  }

  private static RepoDefinitions definitions(FeatureView view) {
    return RepoDefinitions.builder()
        .add(Entity.builder("driver").joinKeys("driver_id").valueType(ValueType.INT64).build())
        .add(new FileSource("s", "x.parquet", "ts", null, null))
        .add(view)
        .freeze();
  }
}
