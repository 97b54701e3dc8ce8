package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrievalPlanTest {
  static final RepoDefinitions DEFS =
      RepoDefinitions.builder()
          .add(Entity.builder("driver").joinKeys("driver_id").valueType(ValueType.INT64).build())
          .add(
              Entity.builder("trip")
                  .joinKeys("city", "trip_no")
                  .valueType(ValueType.STRING)
                  .build())
          .add(
              new FileSource(
                  "stats",
                  "data/stats.parquet",
                  "ts",
                  "created",
                  Map.of("conv", "conv_rate", "id", "driver_id")))
          .add(new FileSource("trips", "data/trips.csv", "event_timestamp", null, Map.of()))
          .add(
              FeatureView.builder("driver_stats")
                  .entities("driver")
                  .ttl(Duration.ofHours(2))
                  .source("stats")
                  .field("conv_rate", ScalarType.FLOAT64)
                  .field("acc_rate", ScalarType.FLOAT64)
                  .field("feature_3", ScalarType.INT64)
                  .build())
          .add(
              FeatureView.builder("trip_stats")
                  .entities("trip", "driver")
                  .source("trips")
                  .field("fare", ScalarType.FLOAT64)
                  .field("conv_rate", ScalarType.FLOAT64)
                  .build())
          .add(
              FeatureView.builder("global")
                  .entities()
                  .source("trips")
                  .field("fare", ScalarType.FLOAT64)
                  .build())
          .freeze();
  static final DefinitionLookup LOOKUP = DefinitionLookup.of(DEFS);

  static List<FeatureReference> refs(String... refs) {
    return Arrays.stream(refs).map(FeatureReference::parse).toList();
  }

  @Test
  void groupsViewsByFirstAppearanceAndKeepsRequestOrder() {
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            refs(
                "trip_stats:fare",
                "driver_stats:acc_rate",
                "global:fare",
                "driver_stats:conv_rate"),
            LOOKUP,
            true);
    assertThat(plan.views())
        .extracting(v -> v.view().name())
        .containsExactly("trip_stats", "driver_stats", "global");
    assertThat(plan.outputNames())
        .containsExactly(
            "trip_stats__fare",
            "driver_stats__acc_rate",
            "driver_stats__conv_rate",
            "global__fare");
    ViewPlan stats = plan.views().get(1);
    assertThat(stats.ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(stats.timestampColumn()).isEqualTo("ts");
    assertThat(stats.createdColumn()).contains("created");
    assertThat(stats.fieldMapping()).containsEntry("conv", "conv_rate");
    assertThat(stats.features())
        .extracting(RequestedFeature::sourceColumn)
        .containsExactly("acc_rate", "conv");
    assertThat(stats.joinKeys())
        .containsExactly(new JoinKey("driver_id", "driver_id", "id", ValueType.INT64, "driver"));
    assertThat(plan.views().get(0).joinKeys())
        .extracting(JoinKey::name)
        .containsExactly("city", "trip_no", "driver_id");
    assertThat(plan.views().get(2).isEntityless()).isTrue();
  }

  @Test
  void shortNamesCollideAcrossViewsAndNameBothWithTheFix() {
    assertThatThrownBy(
            () ->
                RetrievalPlan.forReferences(
                    refs("driver_stats:conv_rate", "trip_stats:conv_rate"), LOOKUP, false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "features 'driver_stats:conv_rate' and 'trip_stats:conv_rate' would both be named"
                + " 'conv_rate'")
        .satisfies(
            e ->
                assertThat(((LarderException) e).hint())
                    .contains("--full-feature-names")
                    .contains("'driver_stats__conv_rate' and 'trip_stats__conv_rate'"));
    assertThat(
            RetrievalPlan.forReferences(
                    refs("driver_stats:conv_rate", "trip_stats:conv_rate"), LOOKUP, true)
                .outputNames())
        .containsExactly("driver_stats__conv_rate", "trip_stats__conv_rate");
  }

  @Test
  void theSameFeatureTwiceIsAnError() {
    assertThatThrownBy(
            () ->
                RetrievalPlan.forReferences(
                    refs("driver_stats:conv_rate", "driver_stats:conv_rate"), LOOKUP, true))
        .hasMessage("feature 'driver_stats:conv_rate' is requested twice");
  }

  @Test
  void unknownFeatureSuggestsTheClosestAndTheCommandThatListsThem() {
    assertThatThrownBy(
            () -> RetrievalPlan.forReferences(refs("driver_stats:featur_3"), LOOKUP, false))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Unknown feature 'driver_stats:featur_3'; did you mean 'feature_3'? Run 'larder"
                + " feature-views describe driver_stats' to list its features.");
  }

  @Test
  void unknownViewSuggestsTheClosestAndTheListCommand() {
    assertThatThrownBy(
            () -> RetrievalPlan.forReferences(refs("driver_stat:conv_rate"), LOOKUP, false))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Unknown feature view 'driver_stat' in 'driver_stat:conv_rate'; did you mean"
                + " 'driver_stats'? Run 'larder feature-views list' to list the feature views.");
  }

  @Test
  void emptyRequestIsAnError() {
    assertThatThrownBy(() -> RetrievalPlan.forReferences(List.of(), LOOKUP, false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("no features requested");
  }

  @Test
  void fileDefinitionsRejectVersionPinsWithTheFix() {
    assertThatThrownBy(
            () -> RetrievalPlan.forReferences(refs("driver_stats@v2:conv_rate"), LOOKUP, false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("pinned to version 2")
        .satisfies(e -> assertThat(((LarderException) e).hint()).contains("larder apply"));
  }

  @Test
  void aVersionPinDoesNotChangeTheNameAndAMissingVersionSaysHowToListThem() {
    FeatureView v1 =
        FeatureView.builder("driver_stats")
            .entities("driver")
            .source("stats")
            .field("conv_rate", ScalarType.FLOAT32)
            .build();
    DefinitionLookup versions =
        new DefinitionLookup() {
          @Override
          public Optional<FeatureView> featureView(String name, Integer version) {
            if (version != null && version == 1 && name.equals("driver_stats")) {
              return Optional.of(v1);
            }
            return version == null ? DEFS.featureView(name) : Optional.empty();
          }

          @Override
          public List<String> featureViewNames() {
            return LOOKUP.featureViewNames();
          }

          @Override
          public Optional<Entity> entity(String name) {
            return DEFS.entity(name);
          }

          @Override
          public Optional<DataSource> source(String name) {
            return DEFS.source(name);
          }
        };
    RetrievalPlan plan =
        RetrievalPlan.forReferences(refs("driver_stats@v1:conv_rate"), versions, true);
    assertThat(plan.outputNames()).containsExactly("driver_stats__conv_rate");
    assertThat(plan.views().get(0).version()).isEqualTo(1);
    assertThat(plan.views().get(0).features().get(0).dtype()).isEqualTo(ScalarType.FLOAT32);
    assertThat(plan.views().get(0).label()).isEqualTo("feature view 'driver_stats@v1'");
    assertThatThrownBy(
            () -> RetrievalPlan.forReferences(refs("driver_stats@v7:conv_rate"), versions, true))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("has no version 7")
        .hasMessageContaining("larder feature-views versions driver_stats");
    assertThatThrownBy(
            () ->
                RetrievalPlan.forReferences(
                    refs("driver_stats@v1:conv_rate", "driver_stats:conv_rate"), versions, true))
        .hasMessageContaining("would both be named 'driver_stats__conv_rate'")
        .satisfies(
            e -> assertThat(((LarderException) e).hint()).contains("does not change the name"));
  }

  @Test
  void serviceProjectionsUseAliasJoinKeyMapAndAllFeatures() {
    FeatureService service =
        FeatureService.builder("svc")
            .projection(
                new FeatureViewProjection(
                    "driver_stats",
                    List.of("feature_3", "conv_rate"),
                    null,
                    "d",
                    Map.of("driver_id", "rider_id")))
            .projection(FeatureViewProjection.of("global"))
            .build();
    RetrievalPlan plan = RetrievalPlan.forService(service, LOOKUP, true);
    assertThat(plan.outputNames()).containsExactly("d__feature_3", "d__conv_rate", "global__fare");
    assertThat(plan.views().get(0).nameToUse()).isEqualTo("d");
    assertThat(plan.views().get(0).joinKeys().get(0).entityColumn()).isEqualTo("rider_id");
    assertThat(RetrievalPlan.forService(service, LOOKUP, false).outputNames())
        .containsExactly("feature_3", "conv_rate", "fare");
  }

  @Test
  void serviceCollisionsNameBothFeatures() {
    FeatureService service =
        FeatureService.builder("svc")
            .projection(FeatureViewProjection.of("trip_stats", List.of("fare")))
            .projection(FeatureViewProjection.of("global"))
            .build();
    assertThatThrownBy(() -> RetrievalPlan.forService(service, LOOKUP, false))
        .hasMessage("features 'trip_stats:fare' and 'global:fare' would both be named 'fare'");
  }

  @Test
  void wholeViewPlanTakesEveryFeatureUnderItsOwnKeys() {
    ViewPlan plan = ViewPlan.allFeatures(DEFS.requireFeatureView("driver_stats"), LOOKUP);
    assertThat(plan.features())
        .extracting(RequestedFeature::outputName)
        .containsExactly("conv_rate", "acc_rate", "feature_3");
    assertThat(plan.joinKeys().get(0).entityColumn()).isEqualTo("driver_id");
  }
}
