package dev.larder.ml.featurestore;

import dev.larder.core.BackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code driver} feature repository of Feast's {@code feast init} (its {@code local} template),
 * as Larder definitions ({@code larder init --template driver}): entity {@code driver} (join key
 * {@code driver_id}), file source {@code driver_hourly_stats_source} over the directory {@code
 * data/driver_stats/} (Feast's has one file, {@code data/driver_stats.parquet}), push source {@code
 * driver_stats_push_source}, feature views {@code driver_hourly_stats} and {@code
 * driver_hourly_stats_fresh} (the same features, fed by the push source), and feature services
 * {@code driver_activity_v1}, {@code _v2} and {@code _v3}.
 *
 * <p>What Larder cannot express is left out and said so, in the YAML and in {@link #LEFT_OUT}: the
 * on-demand feature views {@code transformed_conv_rate} and {@code transformed_conv_rate_fresh}
 * (Python functions) with their request source {@code vals_to_add}, so the services keep only their
 * feature views; the label view {@code driver_quality_labels}; the Map, Json and Struct example
 * features ({@code driver_metadata}, {@code driver_config}, {@code driver_profile}) that Feast's
 * template gained lately (Larder has no Struct type; the template keeps the classic three
 * features); and the services' feature logging.
 *
 * <p>The sample data is generated, not downloaded, as Feast's bootstrap generates it: drivers 1001
 * to 1005, one row per driver and hour for the 15 days before the hour of {@code end} (exclusive),
 * plus one row per driver at 2021-04-12T07:00Z (the time Feast's quickstart asks for); {@code
 * conv_rate} and {@code acc_rate} uniform in [0, 1) as FLOAT (Float32), {@code avg_daily_trips}
 * uniform in 0..999 as BIGINT, {@code created} the hour of {@code end}. Values come from a fixed
 * seed, so the same hour gives the same file.
 */
public final class DriverRepoTemplate {
  /** The definitions file the template writes. */
  public static final String DEFINITIONS_FILE = "driver_repo.yaml";

  /** The template's data, relative to the repository (Feast's path). */
  /**
   * The source's directory: Feast's template has one file, {@code data/driver_stats.parquet}; here
   * it is the one file of a directory, because rows pushed {@code to: offline} (or {@code
   * online_and_offline}, as Feast's documented push does) are appended as new files beside it.
   */
  public static final String SOURCE_PATH = "data/driver_stats";

  /** The sample data's file, in {@link #SOURCE_PATH}. */
  public static final String DATA_PATH = SOURCE_PATH + "/driver_stats.parquet";

  /** The drivers of the sample data (Feast's). */
  public static final List<Long> DRIVERS = List.of(1001L, 1002L, 1003L, 1004L, 1005L);

  /** How far back the hourly rows go from the hour of {@code end}. */
  public static final Duration HISTORY = Duration.ofDays(15);

  /** The extra row of every driver that Feast's quickstart retrieves. */
  public static final Instant FIXED_ROW = Instant.parse("2021-04-12T07:00:00Z");

  /** What Feast's template has and this one leaves out, one line each, with the reason. */
  public static final List<String> LEFT_OUT =
      List.of(
          "on-demand feature views transformed_conv_rate and transformed_conv_rate_fresh, and"
              + " their request source vals_to_add: Larder has no on-demand (Python)"
              + " transformations, so driver_activity_v1, v2 and v3 serve only their feature"
              + " views",
          "label view driver_quality_labels: Larder has no label views",
          "features driver_metadata (Map), driver_config (Json) and driver_profile (Struct),"
              + " Feast's latest additions to the template: Larder has no Struct type, and this"
              + " template keeps the classic three features",
          "feature logging of driver_activity_v1: Larder does not log served features");

  private static final long SEED = 42;

  private DriverRepoTemplate() {}

  /** The exact text of {@code feature_store.yaml}: Feast's template's, keys and all. */
  public static String configYaml() {
    return """
        project: my_project
        # The registry is a SQLite file here; registry_type: sql with a postgresql:// path shares it.
        registry: data/registry.db
        provider: local
        online_store:
          type: sqlite
          path: data/online_store.db
        entity_key_serialization_version: 3
        auth:
          type: no_auth
        """;
  }

  /** The exact text of the definitions file. */
  public static String definitionsYaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        # Feast's driver template (feast init), as Larder definitions.
        # Left out, because Larder cannot express them:
        """);
    for (String line : LEFT_OUT) {
      yaml.append("#   - ").append(line).append('\n');
    }
    yaml.append(
        """
        entities:
          - name: driver
            join_keys: [driver_id]
            value_type: INT64
        sources:
          - name: driver_hourly_stats_source
            type: file
            path: data/driver_stats            # a directory: pushes to: offline add files
            file_format: parquet
            timestamp_field: event_timestamp
            created_timestamp_column: created
          # Fresh rows pushed into the online store (POST /push, to: online).
          - name: driver_stats_push_source
            type: push
            batch_source: driver_hourly_stats_source
        feature_views:
          - name: driver_hourly_stats
            entities: [driver]
            ttl: 1d
            source: driver_hourly_stats_source
            schema:
              - {name: conv_rate, dtype: Float32}
              - {name: acc_rate, dtype: Float32}
              - {name: avg_daily_trips, dtype: Int64, description: Average daily trips}
            online: true
            tags: {team: driver_performance}
          - name: driver_hourly_stats_fresh
            entities: [driver]
            ttl: 1d
            source: driver_stats_push_source
            schema:
              - {name: conv_rate, dtype: Float32}
              - {name: acc_rate, dtype: Float32}
              - {name: avg_daily_trips, dtype: Int64}
            online: true
            tags: {team: driver_performance}
        feature_services:
          - name: driver_activity_v1
            features:
              - {feature_view: driver_hourly_stats, features: [conv_rate]}
          - name: driver_activity_v2
            features:
              - {feature_view: driver_hourly_stats}
          - name: driver_activity_v3
            features:
              - {feature_view: driver_hourly_stats_fresh}
        """);
    return yaml.toString();
  }

  /**
   * {@code larder init --template driver}: the repository in {@code repo} with its sample data for
   * the 15 days before the hour of {@code end}. A non-empty {@code repo} is an error unless {@code
   * force}, which empties it first.
   *
   * @return the number of rows of the sample data
   */
  public static long init(Path repo, boolean force, Instant end) {
    ClassificationRepoTemplate.prepare(repo, force);
    try {
      Files.createDirectories(repo.resolve(SOURCE_PATH));
      long rows = writeData(repo.resolve(DATA_PATH), end);
      Files.writeString(repo.resolve(ClassificationRepoTemplate.CONFIG_FILE), configYaml());
      Files.writeString(repo.resolve(DEFINITIONS_FILE), definitionsYaml());
      return rows;
    } catch (IOException e) {
      throw new BackendException("could not initialise " + repo + ": " + e.getMessage(), null, e);
    }
  }

  /** Writes the sample data (see the class comment) to the Parquet file {@code out}. */
  static long writeData(Path out, Instant end) {
    Instant last = end.truncatedTo(ChronoUnit.HOURS);
    Instant first = last.minus(HISTORY);
    SplittableRandom random = new SplittableRandom(SEED);
    long rows = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute(
          "CREATE TABLE driver_stats (event_timestamp TIMESTAMP WITH TIME ZONE, driver_id BIGINT,"
              + " conv_rate FLOAT, acc_rate FLOAT, avg_daily_trips BIGINT,"
              + " created TIMESTAMP WITH TIME ZONE)");
      try (DuckDBAppender appender =
          duck.unwrap(DuckDBConnection.class).createAppender("driver_stats")) {
        for (long driver : DRIVERS) {
          for (Instant t = first; t.isBefore(last); t = t.plus(Duration.ofHours(1))) {
            row(appender, t, driver, random, last);
            rows++;
          }
          row(appender, FIXED_ROW, driver, random, last);
          rows++;
        }
      }
      statement.execute(
          "COPY driver_stats TO '"
              + out.toAbsolutePath().toString().replace("'", "''")
              + "' (FORMAT PARQUET)");
    } catch (SQLException e) {
      throw new BackendException(
          "could not write the driver template's data to " + out + ": " + e.getMessage(), null, e);
    }
    return rows;
  }

  private static void row(
      DuckDBAppender appender, Instant time, long driver, SplittableRandom random, Instant created)
      throws SQLException {
    appender.beginRow();
    appender.appendEpochMicros(micros(time));
    appender.append(driver);
    appender.append((float) random.nextDouble());
    appender.append((float) random.nextDouble());
    appender.append((long) random.nextInt(1000));
    appender.appendEpochMicros(micros(created));
    appender.endRow();
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
