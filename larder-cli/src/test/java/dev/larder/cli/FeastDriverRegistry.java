package dev.larder.cli;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.larder.cli.feast.proto.DataSource;
import dev.larder.cli.feast.proto.Entity;
import dev.larder.cli.feast.proto.EntitySpecV2;
import dev.larder.cli.feast.proto.FeatureService;
import dev.larder.cli.feast.proto.FeatureServiceSpec;
import dev.larder.cli.feast.proto.FeatureSpecV2;
import dev.larder.cli.feast.proto.FeatureView;
import dev.larder.cli.feast.proto.FeatureViewProjection;
import dev.larder.cli.feast.proto.FeatureViewSpec;
import dev.larder.cli.feast.proto.FileFormat;
import dev.larder.cli.feast.proto.LoggingConfigPresence;
import dev.larder.cli.feast.proto.OnDemandFeatureView;
import dev.larder.cli.feast.proto.OnDemandFeatureViewSpec;
import dev.larder.cli.feast.proto.Project;
import dev.larder.cli.feast.proto.ProjectMetadata;
import dev.larder.cli.feast.proto.ProjectSpec;
import dev.larder.cli.feast.proto.Registry;
import dev.larder.cli.feast.proto.ValueType;
import java.util.List;

/**
 * A Feast registry as {@code feast apply} writes it for the repository of {@code feast init}'s
 * local {@code driver} template (sdk/python/feast/templates/local/feature_repo in Feast): entity
 * {@code driver} declared without a value type (apply records {@code driver_id}'s INT64 in the
 * views' entity columns), Feast's hidden {@code __dummy} entity, the parquet file source, the
 * request source and push source, the views {@code driver_hourly_stats} and {@code
 * driver_hourly_stats_fresh} (with a Struct feature Larder lacks), the on-demand views and the
 * three feature services.
 */
final class FeastDriverRegistry {
  static final String PROJECT = "driver_demo";
  static final String PARQUET = "data/driver_stats.parquet";

  private FeastDriverRegistry() {}

  static Registry build() {
    DataSource file =
        DataSource.newBuilder()
            .setName("driver_hourly_stats_source")
            .setProject(PROJECT)
            .setType(DataSource.SourceType.BATCH_FILE)
            .setTimestampField("event_timestamp")
            .setCreatedTimestampColumn("created")
            .setDataSourceClassType("feast.infra.offline_stores.file_source.FileSource")
            .setFileOptions(
                DataSource.FileOptions.newBuilder()
                    .setUri(PARQUET)
                    .setFileFormat(
                        FileFormat.newBuilder()
                            .setParquetFormat(FileFormat.ParquetFormat.getDefaultInstance())))
            .build();
    DataSource request =
        DataSource.newBuilder()
            .setName("vals_to_add")
            .setProject(PROJECT)
            .setType(DataSource.SourceType.REQUEST_SOURCE)
            .setRequestDataOptions(
                DataSource.RequestDataOptions.newBuilder()
                    .addSchema(feature("val_to_add", ValueType.Enum.INT64))
                    .addSchema(feature("val_to_add_2", ValueType.Enum.INT64)))
            .build();
    DataSource push =
        DataSource.newBuilder()
            .setName("driver_stats_push_source")
            .setProject(PROJECT)
            .setType(DataSource.SourceType.PUSH_SOURCE)
            .setBatchSource(file)
            .setPushOptions(DataSource.PushOptions.getDefaultInstance())
            .build();
    FeatureViewSpec hourly = view("driver_hourly_stats", file, null).build();
    FeatureViewSpec fresh = view("driver_hourly_stats_fresh", file, push).build();
    return Registry.newBuilder()
        .addEntities(
            Entity.newBuilder()
                .setSpec(
                    EntitySpecV2.newBuilder()
                        .setName("driver")
                        .setProject(PROJECT)
                        .setJoinKey("driver_id")))
        .addEntities(
            Entity.newBuilder()
                .setSpec(
                    EntitySpecV2.newBuilder()
                        .setName("__dummy")
                        .setProject(PROJECT)
                        .setJoinKey("__dummy_id")
                        .setValueType(ValueType.Enum.STRING)))
        .addDataSources(file)
        .addDataSources(request)
        .addDataSources(push)
        .addFeatureViews(FeatureView.newBuilder().setSpec(hourly))
        .addFeatureViews(FeatureView.newBuilder().setSpec(fresh))
        .addOnDemandFeatureViews(onDemand("transformed_conv_rate"))
        .addOnDemandFeatureViews(onDemand("transformed_conv_rate_fresh"))
        .addFeatureServices(
            service(
                service(
                        "driver_activity_v1",
                        projection(hourly, "conv_rate"),
                        projection("transformed_conv_rate"))
                    .setLoggingConfig(LoggingConfigPresence.getDefaultInstance())))
        .addFeatureServices(
            service(
                service(
                    "driver_activity_v2",
                    projection(hourly, null),
                    projection("transformed_conv_rate"))))
        .addFeatureServices(
            service(
                service(
                    "driver_activity_v3",
                    projection(fresh, null),
                    projection("transformed_conv_rate_fresh"))))
        .addProjectMetadata(ProjectMetadata.newBuilder().setProject(PROJECT).setProjectUuid("u1"))
        .addProjects(
            Project.newBuilder()
                .setSpec(
                    ProjectSpec.newBuilder()
                        .setName(PROJECT)
                        .setDescription("A project for driver statistics")))
        .setRegistrySchemaVersion("1")
        .setVersionId("5e7f1c2a-0000-4000-8000-000000000001")
        .setLastUpdated(Timestamp.newBuilder().setSeconds(1_760_000_000L))
        .build();
  }

  private static FeatureViewSpec.Builder view(String name, DataSource batch, DataSource stream) {
    FeatureViewSpec.Builder view =
        FeatureViewSpec.newBuilder()
            .setName(name)
            .setProject(PROJECT)
            .addEntities("driver")
            .addFeatures(feature("conv_rate", ValueType.Enum.FLOAT))
            .addFeatures(feature("acc_rate", ValueType.Enum.FLOAT))
            .addFeatures(
                feature("avg_daily_trips", ValueType.Enum.INT64).toBuilder()
                    .setDescription(stream == null ? "Average daily trips" : ""))
            .addFeatures(feature("driver_profile", ValueType.Enum.STRUCT))
            .putTags("team", "driver_performance")
            .setTtl(Duration.newBuilder().setSeconds(86_400))
            .setBatchSource(batch)
            .setOnline(true)
            .addEntityColumns(feature("driver_id", ValueType.Enum.INT64));
    if (stream != null) {
      view.setStreamSource(stream);
    }
    return view;
  }

  static FeatureSpecV2 feature(String name, ValueType.Enum type) {
    return FeatureSpecV2.newBuilder().setName(name).setValueType(type).build();
  }

  private static OnDemandFeatureView onDemand(String name) {
    return OnDemandFeatureView.newBuilder()
        .setSpec(
            OnDemandFeatureViewSpec.newBuilder()
                .setName(name)
                .setProject(PROJECT)
                .addFeatures(feature("conv_rate_plus_val1", ValueType.Enum.DOUBLE))
                .addFeatures(feature("conv_rate_plus_val2", ValueType.Enum.DOUBLE)))
        .build();
  }

  private static FeatureServiceSpec.Builder service(
      String name, FeatureViewProjection... projections) {
    return FeatureServiceSpec.newBuilder()
        .setName(name)
        .setProject(PROJECT)
        .addAllFeatures(List.of(projections));
  }

  private static FeatureService service(FeatureServiceSpec.Builder spec) {
    return FeatureService.newBuilder().setSpec(spec).build();
  }

  /** A projection of {@code view}: of one feature, or of all when {@code only} is null. */
  private static FeatureViewProjection projection(FeatureViewSpec view, String only) {
    FeatureViewProjection.Builder p =
        FeatureViewProjection.newBuilder().setFeatureViewName(view.getName());
    for (FeatureSpecV2 f : view.getFeaturesList()) {
      if (only == null || only.equals(f.getName())) {
        p.addFeatureColumns(f);
      }
    }
    return p.build();
  }

  private static FeatureViewProjection projection(String onDemandView) {
    return FeatureViewProjection.newBuilder()
        .setFeatureViewName(onDemandView)
        .addFeatureColumns(feature("conv_rate_plus_val1", ValueType.Enum.DOUBLE))
        .addFeatureColumns(feature("conv_rate_plus_val2", ValueType.Enum.DOUBLE))
        .build();
  }
}
