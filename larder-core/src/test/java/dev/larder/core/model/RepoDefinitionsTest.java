package dev.larder.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepoDefinitionsTest {

  @Test
  void freezesInOrderWithLookups() {
    RepoDefinitions defs = Samples.all().freeze();
    assertThat(defs.entities()).containsExactly(Samples.sample());
    assertThat(defs.sources()).containsExactly(Samples.source());
    assertThat(defs.featureViews()).containsExactly(Samples.view());
    assertThat(defs.featureServices()).containsExactly(Samples.service());
    assertThat(defs.all()).hasSize(4);
    assertThat(defs.featureView("classification_features")).contains(Samples.view());
    assertThat(defs.entity("nope")).isEmpty();
    FeatureView view = defs.requireFeatureView("classification_features");
    assertThat(defs.joinKeys(view)).containsExactly("sample_index");
    assertThat(defs.sourceOf(view).batchSource()).isEqualTo(Samples.source());
    assertThat(defs.origin(view)).isEmpty();
    assertThat(defs.locate(view)).isEqualTo("feature view 'classification_features'");
    assertThat(defs).isEqualTo(Samples.all().freeze()).hasSameHashCodeAs(Samples.all().freeze());
    assertThat(defs.toString())
        .isEqualTo(
            "RepoDefinitions[entities=[sample], sources=[classification_source],"
                + " feature_views=[classification_features], feature_services=[classifier_inputs],"
                + " permissions=[]]");
  }

  @Test
  void requireNamesTheClosestDefinition() {
    RepoDefinitions defs = Samples.all().freeze();
    assertThatThrownBy(() -> defs.requireFeatureView("classification_feature"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "feature view 'classification_feature' is not defined; did you mean"
                + " 'classification_features'?")
        .extracting(e -> ((NotFoundException) e).hint())
        .isEqualTo("Defined feature views: classification_features");
  }

  @Test
  void duplicateNamesAreRejectedAtOnceNamingBothPlaces() {
    RepoDefinitions.Builder b = RepoDefinitions.builder().add(Samples.sample(), "a.yaml:2");
    assertThatThrownBy(() -> b.add(Samples.sample(), "b.yaml:7"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "b.yaml:7: entity 'sample' is defined twice (first at a.yaml:2); rename one, or delete"
                + " the copy");
    PushSource push = new PushSource("classification_source", Samples.source());
    RepoDefinitions.Builder sources = RepoDefinitions.builder().add(Samples.source());
    assertThatThrownBy(() -> sources.add(push)).hasMessageContaining("is defined twice");
  }

  @Test
  void unknownReferencesNameTheOriginTheObjectAndTheFix() {
    FeatureView typo =
        FeatureView.builder("v")
            .entities("sampel")
            .source("classification_source")
            .field("f", ScalarType.INT64)
            .build();
    assertThatThrownBy(
            () ->
                RepoDefinitions.builder()
                    .add(Samples.sample())
                    .add(Samples.source())
                    .add(typo, "features.yaml:12")
                    .freeze())
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "features.yaml:12: feature view 'v': uses entity 'sampel', which is not defined; did"
                + " you mean 'sample'? Define it under entities: or fix the name (defined:"
                + " sample)");
    FeatureView noSource =
        FeatureView.builder("v").entities().source("src").field("f", ScalarType.INT64).build();
    assertThatThrownBy(() -> RepoDefinitions.builder().add(noSource).freeze())
        .hasMessage(
            "feature view 'v': uses data source 'src', which is not defined. Define it under"
                + " sources: or fix the name (defined: (none))");
    FeatureService unknownView =
        FeatureService.builder("fs")
            .projection(FeatureViewProjection.of("classification_feature"))
            .build();
    assertThatThrownBy(() -> Samples.all().add(unknownView).freeze())
        .hasMessageStartingWith(
            "feature service 'fs': uses feature view 'classification_feature', which is not"
                + " defined; did you mean 'classification_features'?");
  }

  @Test
  void serviceFeaturesAndJoinKeyMapMustExistInTheView() {
    FeatureService badFeature =
        FeatureService.builder("fs")
            .projection(FeatureViewProjection.of("classification_features", List.of("feature_20")))
            .build();
    assertThatThrownBy(() -> Samples.all().add(badFeature, "services.yaml:3").freeze())
        .hasMessageStartingWith(
            "services.yaml:3: feature service 'fs': feature 'feature_20' is not in feature view"
                + " 'classification_features'; did you mean 'feature_2'? Its features: feature_0,")
        .hasMessageEndingWith("; leave out features to take them all");
    FeatureService badKey =
        FeatureService.builder("fs")
            .projection(
                new FeatureViewProjection(
                    "classification_features", null, null, null, Map.of("sample_idx", "id")))
            .build();
    assertThatThrownBy(() -> Samples.all().add(badKey).freeze())
        .hasMessage(
            "feature service 'fs': join_key_map key 'sample_idx' is not a join key of feature view"
                + " 'classification_features'; did you mean 'sample_index'? Its join keys:"
                + " sample_index");
  }

  @Test
  void viewsMayNotRepeatJoinKeysOrDeclareThemAsFeatures() {
    Entity other =
        Entity.builder("other").joinKeys("sample_index").valueType(ValueType.INT64).build();
    FeatureView twice =
        FeatureView.builder("v")
            .entities("sample", "other")
            .source("classification_source")
            .field("f", ScalarType.INT64)
            .build();
    assertThatThrownBy(() -> Samples.all().add(other).add(twice).freeze())
        .hasMessage(
            "feature view 'v': entities 'sample' and 'other' both have join key 'sample_index'; a"
                + " view can use each join key once, so drop one of the entities");
    FeatureView keyAsFeature =
        FeatureView.builder("v")
            .entities("sample")
            .source("classification_source")
            .field("sample_index", ScalarType.INT64)
            .build();
    assertThatThrownBy(() -> Samples.all().add(keyAsFeature).freeze())
        .hasMessage(
            "feature view 'v': feature 'sample_index' is the join key of entity 'sample'; remove it"
                + " from schema (join keys are not features)");
  }

  @Test
  void inlineBatchSourceMustAgreeWithTheSourceOfTheSameName() {
    FileSource different =
        new FileSource(
            "classification_source", "data/other.parquet", "event_timestamp", null, null);
    assertThatThrownBy(() -> Samples.all().add(new PushSource("push", different)).freeze())
        .hasMessageStartingWith(
            "push source 'push': its batch_source 'classification_source' differs from the source"
                + " of that name defined under sources");
    RepoDefinitions ok = Samples.all().add(new PushSource("push", Samples.source())).freeze();
    FeatureView pushed =
        FeatureView.builder("pushed")
            .entities("sample")
            .source("push")
            .ttl(Duration.ofDays(7))
            .field("f", ScalarType.INT64)
            .build();
    RepoDefinitions withView =
        Samples.all().add(new PushSource("push", Samples.source())).add(pushed).freeze();
    assertThat(withView.sourceOf(pushed).batchSource()).isEqualTo(Samples.source());
    assertThat(ok.sources()).hasSize(2);
  }

  @Test
  void aFrozenBuilderCannotBeReused() {
    RepoDefinitions.Builder b = Samples.all();
    b.freeze();
    assertThatThrownBy(() -> b.add(Samples.sample())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::freeze).isInstanceOf(IllegalStateException.class);
  }
}
