package dev.larder.cli.feast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import dev.larder.cli.feast.proto.CombinedGroupNamespacePolicy;
import dev.larder.cli.feast.proto.DataSource;
import dev.larder.cli.feast.proto.Entity;
import dev.larder.cli.feast.proto.EntitySpecV2;
import dev.larder.cli.feast.proto.FeatureService;
import dev.larder.cli.feast.proto.FeatureServiceSpec;
import dev.larder.cli.feast.proto.FeatureSpecV2;
import dev.larder.cli.feast.proto.FeatureView;
import dev.larder.cli.feast.proto.FeatureViewProjection;
import dev.larder.cli.feast.proto.FeatureViewSpec;
import dev.larder.cli.feast.proto.NamedObject;
import dev.larder.cli.feast.proto.NamedSpec;
import dev.larder.cli.feast.proto.Permission;
import dev.larder.cli.feast.proto.PermissionSpec;
import dev.larder.cli.feast.proto.Policy;
import dev.larder.cli.feast.proto.Registry;
import dev.larder.cli.feast.proto.RoleBasedPolicy;
import dev.larder.cli.feast.proto.ValueType;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Field;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.SparkSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How each kind of Feast object is carried over, or reported. */
class FeastImportTest {
  private static final String P = "p";

  private static DataSource file(String name) {
    return DataSource.newBuilder()
        .setName(name)
        .setProject(P)
        .setType(DataSource.SourceType.BATCH_FILE)
        .setTimestampField("ts")
        .putFieldMapping("raw_value", "value")
        .setFileOptions(DataSource.FileOptions.newBuilder().setUri("/data/" + name + ".parquet"))
        .build();
  }

  private static FeatureSpecV2 feature(String name, ValueType.Enum type) {
    return FeatureSpecV2.newBuilder().setName(name).setValueType(type).build();
  }

  private static Entity entity(String name, String key, ValueType.Enum type) {
    return Entity.newBuilder()
        .setSpec(
            EntitySpecV2.newBuilder()
                .setName(name)
                .setProject(P)
                .setJoinKey(key)
                .setValueType(type)
                .setDescription("d")
                .setOwner("o@x")
                .putTags("k", "v"))
        .build();
  }

  private static FeastImport.Result convert(Registry registry) {
    return FeastImport.convert(registry, null, "registry.db");
  }

  @Test
  void entitiesViewsAndTypesCarryOver() {
    FeatureViewSpec view =
        FeatureViewSpec.newBuilder()
            .setName("stats")
            .setProject(P)
            .addEntities("user")
            .addFeatures(feature("value", ValueType.Enum.DOUBLE))
            .addFeatures(feature("ids", ValueType.Enum.INT64_LIST))
            .addFeatures(feature("names", ValueType.Enum.STRING_SET))
            .addFeatures(feature("seen", ValueType.Enum.UNIX_TIMESTAMP))
            .setTtl(Duration.newBuilder().setSeconds(5400))
            .setBatchSource(file("stats_source"))
            .setDescription("User stats")
            .setOwner("team@x")
            .build();
    FeastImport.Result result =
        convert(
            Registry.newBuilder()
                .addEntities(entity("user", "user_id", ValueType.Enum.STRING))
                .addFeatureViews(FeatureView.newBuilder().setSpec(view))
                .build());
    var entity = result.definitions().entity("user").orElseThrow();
    assertThat(entity.joinKeys()).containsExactly("user_id");
    assertThat(entity.valueType()).isEqualTo(dev.larder.core.model.ValueType.STRING);
    assertThat(entity.tags()).isEqualTo(Map.of("k", "v"));
    assertThat(entity.owner()).isEqualTo("o@x");
    var stats = result.definitions().featureView("stats").orElseThrow();
    assertThat(stats.schema())
        .containsExactly(
            new Field("value", ScalarType.FLOAT64),
            new Field("ids", new ArrayType(ScalarType.INT64)),
            new Field("seen", ScalarType.UNIX_TIMESTAMP));
    assertThat(stats.ttl()).isEqualTo(java.time.Duration.ofMinutes(90));
    assertThat(stats.source()).isEqualTo("stats_source");
    assertThat(stats.online()).isFalse();
    assertThat(stats.owner()).isEqualTo("team@x");
    var source =
        (dev.larder.core.model.FileSource) result.definitions().source("stats_source").get();
    assertThat(source.path()).isEqualTo("/data/stats_source.parquet");
    assertThat(source.fieldMapping()).isEqualTo(Map.of("raw_value", "value"));
    assertThat(result.report().skipped())
        .containsExactly(
            new ImportReport.Skipped(
                "feature view 'stats': feature 'names'",
                "its type STRING_SET has no Larder counterpart; the view is carried over without"
                    + " it"));
  }

  @Test
  void anEntityLessViewLosesFeastsDummyEntity() {
    FeatureViewSpec view =
        FeatureViewSpec.newBuilder()
            .setName("global")
            .setProject(P)
            .addEntities(FeastImport.DUMMY_ENTITY)
            .addFeatures(feature("rate", ValueType.Enum.FLOAT))
            .setBatchSource(file("global_source"))
            .setOnline(true)
            .build();
    FeastImport.Result result =
        convert(
            Registry.newBuilder()
                .addEntities(entity("__dummy", "__dummy_id", ValueType.Enum.STRING))
                .addFeatureViews(FeatureView.newBuilder().setSpec(view))
                .build());
    assertThat(result.definitions().entities()).isEmpty();
    assertThat(result.definitions().featureView("global").orElseThrow().entities()).isEmpty();
    assertThat(result.report().skipped()).isEmpty();
  }

  @Test
  void aKafkaStreamIsNotedAndTheViewReadsItsBatchSource() {
    DataSource kafka =
        DataSource.newBuilder()
            .setName("clicks_stream")
            .setProject(P)
            .setType(DataSource.SourceType.STREAM_KAFKA)
            .setKafkaOptions(DataSource.KafkaOptions.newBuilder().setTopic("clicks"))
            .setBatchSource(file("clicks_batch"))
            .build();
    FeatureViewSpec view =
        FeatureViewSpec.newBuilder()
            .setName("clicks")
            .setProject(P)
            .addFeatures(feature("n", ValueType.Enum.INT64))
            .setBatchSource(file("clicks_batch"))
            .setStreamSource(kafka)
            .build();
    FeastImport.Result result =
        convert(
            Registry.newBuilder()
                .addDataSources(kafka)
                .addFeatureViews(FeatureView.newBuilder().setSpec(view))
                .addStreamFeatureViews(
                    NamedObject.newBuilder()
                        .setSpec(NamedSpec.newBuilder().setName("clicks_agg").setProject(P)))
                .build());
    assertThat(result.definitions().featureView("clicks").orElseThrow().source())
        .isEqualTo("clicks_batch");
    assertThat(result.report().skipped())
        .extracting(ImportReport.Skipped::what)
        .containsExactly("data source 'clicks_stream'", "stream feature view 'clicks_agg'");
    assertThat(result.report().notes())
        .containsExactly(
            "feature view 'clicks': its stream source 'clicks_stream' (STREAM_KAFKA) is not"
                + " carried over; the view reads its batch source 'clicks_batch' (push fresh rows"
                + " through a push source instead)");
  }

  @Test
  void aViewOnAWarehouseSourceIsLeftOutAndSoAreItsServices() {
    DataSource snowflake =
        DataSource.newBuilder()
            .setName("orders_sf")
            .setProject(P)
            .setType(DataSource.SourceType.BATCH_SNOWFLAKE)
            .setTimestampField("ts")
            .setSnowflakeOptions(DataSource.TableOrQuery.newBuilder().setTable("ORDERS"))
            .build();
    FeatureViewSpec view =
        FeatureViewSpec.newBuilder()
            .setName("orders")
            .setProject(P)
            .addFeatures(feature("total", ValueType.Enum.DOUBLE))
            .setBatchSource(snowflake)
            .build();
    FeatureServiceSpec service =
        FeatureServiceSpec.newBuilder()
            .setName("orders_service")
            .setProject(P)
            .addFeatures(FeatureViewProjection.newBuilder().setFeatureViewName("orders"))
            .build();
    FeastImport.Result result =
        convert(
            Registry.newBuilder()
                .addDataSources(snowflake)
                .addFeatureViews(FeatureView.newBuilder().setSpec(view))
                .addFeatureServices(FeatureService.newBuilder().setSpec(service))
                .build());
    assertThat(result.definitions().all()).isEmpty();
    assertThat(result.report().skipped())
        .extracting(ImportReport.Skipped::what)
        .containsExactly(
            "data source 'orders_sf'",
            "feature view 'orders'",
            "feature service 'orders_service': its projection of 'orders'",
            "feature service 'orders_service'");
    assertThat(result.report().skipped().get(1).why())
        .startsWith("its source 'orders_sf' is not carried over (it is a Snowflake source");
  }

  @Test
  void sparkTablesBecomeSparkSources() {
    DataSource spark =
        DataSource.newBuilder()
            .setName("events")
            .setProject(P)
            .setType(DataSource.SourceType.BATCH_SPARK)
            .setTimestampField("ts")
            .setSparkOptions(DataSource.SparkOptions.newBuilder().setTable("db.events"))
            .setDescription("all events")
            .build();
    FeastImport.Result result = convert(Registry.newBuilder().addDataSources(spark).build());
    assertThat(result.definitions().source("events").orElseThrow())
        .isEqualTo(new SparkSource("events", "db.events", null, "ts", null, Map.of()));
    assertThat(result.report().notes())
        .containsExactly(
            "data source 'events': its description, tags and owner are not carried over"
                + " (Larder's sources have none)");
  }

  @Test
  void permissionsMapTypesActionsAndRoles() {
    PermissionSpec readers =
        PermissionSpec.newBuilder()
            .setName("readers")
            .setProject(P)
            .addTypes(PermissionSpec.Type.FEATURE_VIEW)
            .addTypes(PermissionSpec.Type.ON_DEMAND_FEATURE_VIEW)
            .addTypes(PermissionSpec.Type.FEATURE_SERVICE)
            .addNamePatterns("driver_.*")
            .putRequiredTags("team", "ml")
            .addActions(PermissionSpec.AuthzedAction.DESCRIBE)
            .addActions(PermissionSpec.AuthzedAction.READ_ONLINE)
            .setPolicy(
                Policy.newBuilder()
                    .setRoleBasedPolicy(RoleBasedPolicy.newBuilder().addRoles("reader")))
            .build();
    PermissionSpec.Builder admins =
        PermissionSpec.newBuilder()
            .setName("admins")
            .setProject(P)
            .setPolicy(
                Policy.newBuilder()
                    .setRoleBasedPolicy(RoleBasedPolicy.newBuilder().addRoles("admin")));
    for (PermissionSpec.Type type : PermissionSpec.Type.values()) {
      if (type != PermissionSpec.Type.UNRECOGNIZED) {
        admins.addTypes(type);
      }
    }
    for (PermissionSpec.AuthzedAction action : PermissionSpec.AuthzedAction.values()) {
      if (action != PermissionSpec.AuthzedAction.UNRECOGNIZED) {
        admins.addActions(action);
      }
    }
    PermissionSpec groups =
        PermissionSpec.newBuilder()
            .setName("k8s")
            .setProject(P)
            .addTypes(PermissionSpec.Type.ENTITY)
            .addActions(PermissionSpec.AuthzedAction.DESCRIBE)
            .setPolicy(
                Policy.newBuilder()
                    .setCombinedGroupNamespacePolicy(
                        CombinedGroupNamespacePolicy.newBuilder().addGroups("g")))
            .build();
    FeastImport.Result result =
        convert(
            Registry.newBuilder()
                .addPermissions(Permission.newBuilder().setSpec(readers))
                .addPermissions(Permission.newBuilder().setSpec(admins))
                .addPermissions(Permission.newBuilder().setSpec(groups))
                .build());
    var carried = result.definitions().permissions();
    assertThat(carried).hasSize(2);
    var r = carried.get(0);
    assertThat(r.types())
        .isEqualTo(Set.of(DefinitionKind.FEATURE_VIEW, DefinitionKind.FEATURE_SERVICE));
    assertThat(r.namePatterns()).containsExactly("driver_.*");
    assertThat(r.requiredTags()).isEqualTo(Map.of("team", "ml"));
    assertThat(r.actions()).containsExactly(AccessAction.DESCRIBE, AccessAction.READ_ONLINE);
    assertThat(r.policy().roles()).containsExactly("reader");
    var a = carried.get(1);
    assertThat(a.allTypes()).isTrue();
    assertThat(a.actions()).hasSize(AccessAction.values().length);
    assertThat(result.report().skipped())
        .extracting(ImportReport.Skipped::what)
        .containsExactly("permission 'k8s'");
    assertThat(result.report().notes())
        .containsExactly(
            "permission 'readers': types ON_DEMAND_FEATURE_VIEW are left out (Larder has no such"
                + " objects)",
            "permission 'admins': types ON_DEMAND_FEATURE_VIEW, STREAM_FEATURE_VIEW,"
                + " VALIDATION_REFERENCE, SAVED_DATASET, PROJECT, LABEL_VIEW are left out (Larder"
                + " has no such objects)");
  }

  @Test
  void anEntityWithoutATypeThatNoViewRecordsIsLeftOutWithTheFix() {
    FeastImport.Result result =
        convert(
            Registry.newBuilder()
                .addEntities(entity("user", "user_id", ValueType.Enum.INVALID))
                .build());
    assertThat(result.definitions().all()).isEmpty();
    assertThat(result.report().skipped().get(0).why())
        .startsWith("it declares no value type and no feature view records its join key's type");
  }

  @Test
  void aProjectThatIsNotThereIsAnErrorListingThem() {
    Registry registry =
        Registry.newBuilder().addEntities(entity("user", "user_id", ValueType.Enum.INT64)).build();
    assertThatThrownBy(() -> FeastImport.convert(registry, "nope", "r.db"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("the Feast registry r.db has no project 'nope'");
    assertThat(FeastImport.convert(registry, "p", "r.db").definitions().entities()).hasSize(1);
    assertThat(List.of(FeastImport.convert(registry, null, "r.db").project())).containsExactly("p");
  }
}
