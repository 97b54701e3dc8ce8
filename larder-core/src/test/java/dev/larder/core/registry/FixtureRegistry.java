package dev.larder.core.registry;

import dev.larder.core.model.ArrayType;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The history of the versioned fixture registries under {@code src/test/resources/registry/}: two
 * applies and a materialization, touching every kind of definition and every optional field. {@link
 * #main} wrote {@code v1/registry.db} (schema version 1) with this code; a fixture is never written
 * again, so that {@link RegistryFixtureTest} proves that old registries keep loading. When the
 * schema version goes up, run it for the new version's folder:
 *
 * <pre>
 * java -cp … dev.larder.core.registry.FixtureRegistry src/test/resources/registry/v2/registry.db
 * </pre>
 */
final class FixtureRegistry {
  static final String PROJECT = "fixture";
  static final String USER = "fixture-writer";
  static final Instant FIRST = Instant.parse("2026-01-01T09:00:00Z");
  static final Instant SECOND = Instant.parse("2026-01-02T09:00:00Z");
  static final Instant THIRD = Instant.parse("2026-01-03T09:00:00Z");
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2025-11-01T00:00:00Z");

  private FixtureRegistry() {}

  public static void main(String[] args) {
    Path target = Path.of(args[0]);
    if (Files.exists(target)) {
      throw new IllegalStateException(target + " exists; fixtures are never written again");
    }
    write(target);
  }

  /** Writes the fixture's history into a new registry at {@code file}. */
  static void write(Path file) {
    MutableClock clock = new MutableClock(FIRST);
    Registry registry =
        new Registry(
            new SqliteRegistryStore(file, PROJECT), PROJECT, d -> {}, clock, new Actor(USER));
    registry.apply(first());
    clock.advance(Duration.between(FIRST, SECOND));
    registry.apply(second(), ApplyOptions.ALLOW_BREAKING);
    clock.advance(Duration.between(SECOND, THIRD));
    registry.recordMaterialization("classification_features", START, END);
  }

  static Entity sample() {
    return Entity.builder("sample").joinKeys("sample_index").valueType(ValueType.INT64).build();
  }

  static Entity customer() {
    return Entity.builder("customer")
        .joinKeys("customer_id", "region")
        .valueType(ValueType.STRING)
        .description("A customer")
        .tags(Map.of("team", "ml", "pii", "no"))
        .owner("ana@example.com")
        .build();
  }

  static FileSource parquet() {
    return new FileSource(
        "classification_source",
        "data/classification_data.parquet",
        "event_timestamp",
        "created_timestamp",
        Map.of());
  }

  static FileSource csv() {
    return new FileSource(
        "customer_csv", "data/customers.csv", "ts", null, Map.of("cust", "customer_id"));
  }

  static PushSource push() {
    return new PushSource(
        "customer_push", new FileSource("customer_batch", "data/pushed", "ts", null, Map.of()));
  }

  static FeatureView classification(int features) {
    FeatureView.Builder b =
        FeatureView.builder("classification_features")
            .entities("sample")
            .source("classification_source")
            .description(features + " features");
    for (int i = 0; i < features; i++) {
      b.field("feature_" + i, ScalarType.FLOAT64);
    }
    return b.field("target", ScalarType.INT64).build();
  }

  static FeatureView customerStats(String description) {
    return FeatureView.builder("customer_stats")
        .entities("customer")
        .source("customer_csv")
        .ttl(Duration.ofDays(2))
        .field("spend", ScalarType.FLOAT32)
        .field("visits", new ArrayType(ScalarType.INT32))
        .online(false)
        .description(description)
        .tags(Map.of("tier", "gold"))
        .owner("bo@example.com")
        .build();
  }

  static FeatureView pushed() {
    return FeatureView.builder("pushed_stats")
        .entities()
        .source("customer_push")
        .ttl(Duration.ofMinutes(90))
        .field("clicks", ScalarType.INT64)
        .build();
  }

  static FeatureService service() {
    return FeatureService.builder("churn_inputs")
        .projection(FeatureViewProjection.of("classification_features", List.of("feature_0")))
        .projection(
            new FeatureViewProjection(
                "customer_stats", List.of(), 1, "cs", Map.of("customer_id", "cid")))
        .description("Inputs of the churn model")
        .tags(Map.of("model", "churn"))
        .owner("ana@example.com")
        .build();
  }

  /** Revision 1: everything, with a view that revision 2 deletes. */
  static RepoDefinitions first() {
    return RepoDefinitions.builder()
        .add(sample())
        .add(customer())
        .add(parquet())
        .add(csv())
        .add(push())
        .add(classification(2))
        .add(customerStats("Spend and visits"))
        .add(pushed())
        .add(service())
        .freeze();
  }

  /** Revision 2: a new feature (v2), a new description (no version), the pushed view deleted. */
  static RepoDefinitions second() {
    return RepoDefinitions.builder()
        .add(sample())
        .add(customer())
        .add(parquet())
        .add(csv())
        .add(push())
        .add(classification(3))
        .add(customerStats("Spend and visits per customer"))
        .add(service())
        .freeze();
  }
}
