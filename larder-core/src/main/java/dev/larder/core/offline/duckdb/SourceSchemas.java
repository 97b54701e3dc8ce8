package dev.larder.core.offline.duckdb;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.DatePartition;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.source.SourceSchema;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * Reads the schemas of file sources with an in-memory DuckDB ({@code DESCRIBE SELECT * FROM
 * read_parquet(…)} or {@code read_csv(…)}), resolving their paths against the repository. Each
 * location is described once per scan (for a directory, its list of files), and only its latest
 * description is kept. Close it to release the DuckDB connection.
 */
public final class SourceSchemas implements AutoCloseable {
  private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private final Path repo;
  private final Connection connection;

  /**
   * The latest description of each location, with the scan it came from. Only the latest is kept: a
   * directory's scan lists its files, so a push source's changes with every push, and a description
   * per scan (each keyed by the whole file list) grew with the square of the pushes.
   */
  private final Map<Path, Described> described = new HashMap<>();

  private record Described(String scan, SourceSchema schema) {}

  private SourceSchemas(Path repo, Connection connection) {
    this.repo = repo.toAbsolutePath().normalize();
    this.connection = connection;
  }

  /** Opens a reader for the sources of the repository at {@code repo}. */
  public static SourceSchemas open(Path repo) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      return new SourceSchemas(repo, connection);
    } catch (SQLException e) {
      throw new BackendException("cannot start DuckDB: " + e.getMessage(), null, e);
    }
  }

  /** Where {@code source}'s data lies: its path resolved against the repository. */
  public Path location(FileSource source) {
    return repo.resolve(source.path()).normalize();
  }

  /**
   * The DuckDB table function that reads {@code source}: {@code read_parquet('<file>')}, {@code
   * read_parquet(['<dir>/a.parquet', '<dir>/b.parquet', …])} (a directory's files listed in name
   * order, so that DuckDB's {@code file_index} counts them in that order) or {@code
   * read_csv('<file>', header = true)}.
   */
  public String scan(FileSource source) {
    return scan(source, "");
  }

  /**
   * Like {@link #scan(FileSource)}, with further named options of the table function appended, e.g.
   * {@code all_varchar = true} for a CSV file; empty {@code options} adds none.
   */
  public String scan(FileSource source, String options) {
    return scan(source, options, null, null);
  }

  /**
   * Like {@link #scan(FileSource)}, but for a source with partition folders ({@link
   * FileSource#datePartition()}) leaving out the files of folders whose period lies wholly before
   * {@code earliest} or after {@code latest} (either may be null for unbounded), whose rows no
   * event-time bound within them can keep. At least one file stays, so the scan keeps its columns.
   */
  public String scan(FileSource source, Instant earliest, Instant latest) {
    return scan(source, "", earliest, latest);
  }

  private String scan(FileSource source, String options, Instant earliest, Instant latest) {
    Path location = location(source);
    String more = options.isBlank() ? "" : ", " + options;
    if (source.format() == FileFormat.CSV) {
      return "read_csv(" + literal(location.toString()) + ", header = true" + more + ")";
    }
    if (!Files.isDirectory(location)) {
      return "read_parquet(" + literal(location.toString()) + more + ")";
    }
    List<String> files = parquetFiles(source, earliest, latest);
    if (files.isEmpty()) {
      return "read_parquet(" + literal(location.resolve("*.parquet").toString()) + more + ")";
    }
    if (source.datePartition() != null) {
      more = ", hive_partitioning = false" + more;
    }
    StringJoiner list = new StringJoiner(", ", "[", "]");
    files.forEach(f -> list.add(literal(f)));
    return "read_parquet(" + list + more + ")";
  }

  /**
   * The files a Parquet source's {@link #scan(FileSource, Instant, Instant)} lists, in the order of
   * DuckDB's {@code file_index}: the file itself, or a directory's {@code .parquet} files less the
   * partition folders left out (at least one stays); empty for a CSV source and for a directory
   * without {@code .parquet} files (read by a glob).
   */
  public List<String> parquetFiles(FileSource source, Instant earliest, Instant latest) {
    Path location = location(source);
    if (source.format() == FileFormat.CSV) {
      return List.of();
    }
    if (!Files.isDirectory(location)) {
      return List.of(location.toString());
    }
    List<String> files = parquetFiles(location, source.datePartition());
    if (files.isEmpty() || source.datePartition() == null) {
      return files;
    }
    List<String> kept =
        files.stream()
            .filter(
                f ->
                    PartitionFolders.mayHold(location, f, source.datePartition(), earliest, latest))
            .toList();
    return kept.isEmpty() ? files.subList(0, 1) : kept;
  }

  /**
   * The {@code .parquet} files of {@code directory} in name order: those directly in it or, with
   * partition folders, those at any depth, ordered by their path under it.
   */
  private static List<String> parquetFiles(Path directory, DatePartition partition) {
    if (partition != null) {
      return PartitionFolders.parquetFiles(directory);
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> isParquet(f) && Files.isRegularFile(f))
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .map(Path::toString)
          .toList();
    } catch (IOException e) {
      throw new BackendException("cannot list " + directory + ": " + e.getMessage(), null, e);
    }
  }

  static boolean isParquet(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
  }

  /**
   * The columns of {@code source}'s data. A missing file or directory is a not-found error with the
   * path and how to create it; unreadable data is a backend error naming the file.
   */
  public SourceSchema describe(FileSource source) {
    String scan = scan(source);
    Path location = location(source);
    Described known = described.get(location);
    if (known != null && known.scan().equals(scan)) {
      return known.schema();
    }
    checkExists(source, location);
    List<SourceSchema.Column> columns = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + scan)) {
      while (rs.next()) {
        columns.add(
            new SourceSchema.Column(
                rs.getString("column_name"), DuckDbTypes.columnType(rs.getString("column_type"))));
      }
    } catch (SQLException e) {
      if (source.format() == FileFormat.PARQUET) {
        Optional<Path> notParquet = firstNotParquet(location, source.datePartition());
        if (notParquet.isPresent()) {
          throw new InvalidDefinitionException(
              notParquet.get()
                  + " is not a Parquet file"
                  + where(source)
                  + ": it does not begin and end with Parquet's marker PAR1",
              "Point path at a Parquet file (such as one that 'larder data export --out"
                  + " data/NAME.parquet' writes) or a directory of .parquet files; a CSV file's"
                  + " path must end in .csv",
              e);
        }
      }
      throw new BackendException(
          "cannot read "
              + location
              + " as "
              + source.format().label()
              + " ("
              + source.label()
              + "): "
              + e.getMessage().lines().findFirst().orElse(""),
          "Check that the file is valid and that its format matches its name (.parquet or .csv)",
          e);
    }
    SourceSchema schema = new SourceSchema(location.toString(), source.format(), columns);
    described.put(location, new Described(scan, schema));
    return schema;
  }

  /** How many descriptions are kept, for tests. */
  int describedCount() {
    return described.size();
  }

  /**
   * For a text column: the first non-null value that is not an ISO-8601 time, if any (used for the
   * timestamp columns of CSV sources, which DuckDB may read as text).
   */
  public Optional<String> firstNonTimestamp(FileSource source, String column) {
    String c = identifier(column);
    String sql =
        "SELECT CAST("
            + c
            + " AS VARCHAR) FROM "
            + scan(source)
            + " WHERE "
            + c
            + " IS NOT NULL AND TRY_CAST("
            + c
            + " AS TIMESTAMPTZ) IS NULL LIMIT 1";
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new BackendException(
          "cannot read column "
              + Echo.of(column)
              + " of "
              + location(source)
              + ": "
              + e.getMessage(),
          null,
          e);
    }
  }

  /** How messages say where a source's path comes from. */
  private String where(FileSource source) {
    return " (path "
        + Echo.of(source.path())
        + " of "
        + source.label()
        + ", relative to the repository "
        + repo
        + ")";
  }

  /**
   * The first file at {@code location} (the file, or the {@code .parquet} files of the directory)
   * that is not Parquet: shorter than Parquet's smallest file, or not beginning and ending with its
   * marker {@code PAR1}. Files that cannot be read are not judged.
   */
  static Optional<Path> firstNotParquet(Path location, DatePartition partition) {
    List<Path> files =
        Files.isDirectory(location)
            ? parquetFiles(location, partition).stream().map(Path::of).toList()
            : List.of(location);
    for (Path file : files) {
      try (SeekableByteChannel channel = Files.newByteChannel(file)) {
        long size = channel.size();
        if (size < 12) {
          return Optional.of(file);
        }
        ByteBuffer head = ByteBuffer.allocate(4);
        ByteBuffer tail = ByteBuffer.allocate(4);
        readFully(channel.position(0), head);
        readFully(channel.position(size - 4), tail);
        if (!Arrays.equals(head.array(), PARQUET_MAGIC)
            || !Arrays.equals(tail.array(), PARQUET_MAGIC)) {
          return Optional.of(file);
        }
      } catch (IOException e) {
        // unreadable: the caller's own error says so
      }
    }
    return Optional.empty();
  }

  private static void readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException();
      }
    }
  }

  private void checkExists(FileSource source, Path location) {
    String where = where(source);
    boolean parquetFile = location.toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    if (source.format() == FileFormat.CSV) {
      if (!Files.exists(location)) {
        throw new NotFoundException(
            "CSV file not found: " + location + where,
            "Write the file there (a header row, then one row per event), or fix the path");
      }
      if (Files.isDirectory(location)) {
        throw new InvalidDefinitionException(
            location + " is a directory" + where + "; a CSV source is one .csv file");
      }
      return;
    }
    if (!Files.exists(location)) {
      throw parquetFile
          ? new NotFoundException(
              "Parquet file not found: " + location + where,
              "Create it with 'larder data export --out " + location + "', or fix the path")
          : new NotFoundException(
              "Parquet directory not found: " + location + where,
              "Create the directory and put .parquet files in it (e.g. 'larder data export --out "
                  + location.resolve("part-0.parquet")
                  + "'), or fix the path");
    }
    if (Files.isDirectory(location) && parquetFiles(location, source.datePartition()).isEmpty()) {
      throw new NotFoundException(
          "Parquet directory " + location + " has no .parquet files" + where,
          "Put .parquet files in it (e.g. 'larder data export --out "
              + location.resolve("part-0.parquet")
              + "'), or fix the path");
    }
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A SQL identifier, quoted. */
  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new BackendException("cannot close DuckDB: " + e.getMessage(), null, e);
    }
  }
}
