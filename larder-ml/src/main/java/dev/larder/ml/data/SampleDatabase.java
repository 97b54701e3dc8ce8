package dev.larder.ml.data;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * The guide's sample database (B8): a SQLite file with one table of generated classification data,
 * written by {@code larder data generate}.
 *
 * <p>Table {@value #TABLE}: {@code sample_index INTEGER, event_timestamp TEXT, created_timestamp
 * TEXT, feature_0 … feature_{n-1} REAL, target INTEGER}, rows in sample then time order, with an
 * index on {@code (sample_index, event_timestamp, created_timestamp)}. Values come from {@link
 * ClassificationDataGenerator}, times and snapshots from {@link SampleTimeline}.
 */
public final class SampleDatabase {
  /** Where the database lives unless {@code --db} says otherwise, relative to the working dir. */
  public static final Path DEFAULT_PATH = Path.of("data", "database", "sample_data.db");

  /** The table holding the samples. */
  public static final String TABLE = "classification_data";

  /** The key column: one sample, possibly several rows (snapshots). */
  public static final String SAMPLE_INDEX = "sample_index";

  /** When a row's values became true, {@code 2025-03-04T05:06:07Z}. */
  public static final String EVENT_TIMESTAMP = "event_timestamp";

  /** When a row was written: its event time plus 60 seconds. */
  public static final String CREATED_TIMESTAMP = "created_timestamp";

  /** The class label, 0 or 1. */
  public static final String TARGET = "target";

  private static final int BATCH_ROWS = 1000;

  private SampleDatabase() {}

  /** The name of feature column {@code i}: {@code feature_i}. */
  public static String featureName(int i) {
    return "feature_" + i;
  }

  /**
   * The feature columns of {@code table} in {@code db}, in table order: every column but the key,
   * the timestamps and the target. Errors as {@link DirectLoader#load(Path, String)}.
   */
  public static List<String> featureNames(Path db, String table) {
    try (SampleTable sample = SampleTable.open(db, table)) {
      return List.copyOf(sample.featureNames());
    }
  }

  /**
   * Generates samples and writes them to a new database at {@code db}, creating parent directories.
   *
   * <p>The file is written beside {@code db} under a temporary name and moved into place when
   * complete, so a failure leaves no partial database and, with {@code force}, keeps the old one.
   *
   * @param force replace an existing database
   * @param progress told after each batch of rows; {@link GenerationProgress#NONE} for none
   * @throws AlreadyExistsException when {@code db} exists and {@code force} is false
   * @throws BackendException when the file cannot be written
   */
  public static GenerationResult create(
      Path db, GeneratorOptions options, boolean force, GenerationProgress progress) {
    long started = System.nanoTime();
    Path target = db.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw new InvalidArgumentException(
          "Cannot write the database to " + target + ": it is a directory",
          "Choose a file path with --db PATH.");
    }
    if (!force && Files.exists(target)) {
      throw alreadyExists(target, null);
    }
    try (ReplacementFile file = ReplacementFile.beside(target)) {
      ClassificationSamples samples = new ClassificationDataGenerator(options).generate();
      write(file.temporary(), samples, options, progress);
      if (force) {
        file.replaceTarget();
      } else {
        file.moveToAbsentTarget(cause -> alreadyExists(target, cause));
      }
    } catch (SQLException e) {
      throw new BackendException(
          "Cannot write the database at " + target + ": " + e.getMessage(), null, e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return new GenerationResult(
        target, options.rows(), options.samples(), options.features(), elapsed);
  }

  private static AlreadyExistsException alreadyExists(Path target, Throwable cause) {
    return new AlreadyExistsException(
        "Database already exists at " + target + "; pass --force to overwrite it",
        "Or write to another file with --db PATH.",
        cause);
  }

  private static void write(
      Path file,
      ClassificationSamples samples,
      GeneratorOptions options,
      GenerationProgress progress)
      throws SQLException {
    int features = options.features();
    long total = options.rows();
    SampleTimeline timeline = new SampleTimeline(options.seed(), options.snapshots());
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement statement = connection.createStatement()) {
        // The file is private until it is moved into place: a failure discards it whole.
        statement.execute("PRAGMA journal_mode=MEMORY");
        statement.execute(createTable(features));
      }
      connection.setAutoCommit(false);
      long written = 0;
      try (PreparedStatement insert = connection.prepareStatement(insert(features))) {
        for (int i = 0; i < samples.samples(); i++) {
          Instant first = timeline.nextFirstEvent();
          double[][] snapshots = timeline.nextSnapshots(samples.x()[i]);
          for (int s = 0; s < snapshots.length; s++) {
            Instant event = SampleTimeline.event(first, s);
            insert.setLong(1, i);
            insert.setString(2, TimestampText.format(event));
            insert.setString(3, TimestampText.format(event.plus(SampleTimeline.CREATED_DELAY)));
            for (int c = 0; c < features; c++) {
              insert.setDouble(4 + c, snapshots[s][c]);
            }
            insert.setInt(4 + features, samples.y()[i]);
            insert.addBatch();
            written++;
            if (written % BATCH_ROWS == 0) {
              insert.executeBatch();
              progress.rowsWritten(written, total);
            }
          }
        }
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE INDEX "
                + TABLE
                + "_sample_time ON "
                + TABLE
                + " ("
                + SAMPLE_INDEX
                + ", "
                + EVENT_TIMESTAMP
                + ", "
                + CREATED_TIMESTAMP
                + ")");
      }
      connection.commit();
      progress.rowsWritten(written, total);
    }
  }

  private static String createTable(int features) {
    StringJoiner columns = new StringJoiner(", ", "CREATE TABLE " + TABLE + " (", ")");
    columns.add(SAMPLE_INDEX + " INTEGER");
    columns.add(EVENT_TIMESTAMP + " TEXT");
    columns.add(CREATED_TIMESTAMP + " TEXT");
    for (int c = 0; c < features; c++) {
      columns.add(featureName(c) + " REAL");
    }
    columns.add(TARGET + " INTEGER");
    return columns.toString();
  }

  private static String insert(int features) {
    StringJoiner values = new StringJoiner(", ", "INSERT INTO " + TABLE + " VALUES (", ")");
    for (int c = 0; c < features + 4; c++) {
      values.add("?");
    }
    return values.toString();
  }
}
