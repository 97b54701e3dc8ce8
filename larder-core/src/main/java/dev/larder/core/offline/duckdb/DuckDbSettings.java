package dev.larder.core.offline.duckdb;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.repo.StoreConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the DuckDB engine uses the machine. DuckDB's memory lies outside the JVM heap, and joins
 * larger than {@code memoryLimit} spill to {@code tempDirectory}, so a JVM with a small heap can
 * still join millions of rows.
 *
 * @param memoryLimit DuckDB's {@code memory_limit} ({@code 4GB}); {@code null} for {@link
 *     #DEFAULT_MEMORY_MIB} MiB (or half the machine's memory when that is less), which keeps the
 *     whole command's resident memory within about 1.5 GiB with a 512 MiB heap; larger joins spill
 *     to {@code tempDirectory}
 * @param tempDirectory where DuckDB spills; {@code null} for a fresh directory {@code
 *     larder-duckdb-<pid>-<random>} under {@code java.io.tmpdir}, deleted on close (those of
 *     processes that were killed are removed when the next engine starts, see {@code
 *     DuckDbTempDirectory})
 * @param threads DuckDB's worker threads; {@code null} for one per core
 * @param directJoinLimit a view is joined directly (every entity row paired with the candidate rows
 *     of its key, then the best pair kept) when its entity rows × source rows is at most this,
 *     which is fastest for small requests; larger joins use ASOF joins, whose cost grows with the
 *     inputs rather than their product (see {@code PitQuery})
 * @param lateMaterializationCells a request whose sources hold at least this many cells (rows ×
 *     requested features, summed over its views, rows counted from Parquet metadata) decides each
 *     view's winners on narrow columns first and then fetches the winners' features ({@code
 *     PitQuery}); smaller ones run as one statement that carries the features through the join
 *     ({@code SingleStatementPit}), which saves the extra statements' cost on small requests. 0
 *     always takes the narrow-first plan, {@link Long#MAX_VALUE} never
 */
public record DuckDbSettings(
    String memoryLimit,
    Path tempDirectory,
    Integer threads,
    long directJoinLimit,
    long lateMaterializationCells) {
  /**
   * The default memory budget in MiB: the point-in-time join decides its picks on narrow columns,
   * so 1 GiB holds the benchmarks' joins (1M × 10M rows; 10 views × 100 features) without spilling,
   * and a larger one spills instead of growing the process.
   */
  public static final long DEFAULT_MEMORY_MIB = 1024;

  /** The default {@code directJoinLimit}: ten million pairs at most. */
  public static final long DIRECT_JOIN_LIMIT = 10_000_000L;

  /**
   * The default {@code lateMaterializationCells}: a hundred thousand cells. Far below it the
   * one-statement plan is faster (DuckDbPitPropertyIT's tiny random cases spent 1.4× as long in the
   * engine with the narrow-first plan); around it the two plans cost about the same (1,000 or 5,000
   * rows × 21 features, 1,000 or 5,000 entity rows); far above it reading the features of the
   * winners alone wins (200,000 rows × 21 features, 10,000 entity rows: 0.52× the time) and bounds
   * memory.
   */
  public static final long LATE_MATERIALIZATION_CELLS = 100_000L;

  /** The keys of an {@code offline_store} of type {@code duckdb} besides {@code type}. */
  static final List<String> OPTIONS =
      List.of(
          "memory_limit",
          "temp_directory",
          "threads",
          "direct_join_limit",
          "late_materialization_cells");

  public DuckDbSettings {
    if (directJoinLimit < 0) {
      throw new InvalidDefinitionException(
          "offline_store direct_join_limit is " + directJoinLimit + "; give 0 or more");
    }
    if (lateMaterializationCells < 0) {
      throw new InvalidDefinitionException(
          "offline_store late_materialization_cells is "
              + lateMaterializationCells
              + "; give 0 or more");
    }
    if (threads != null && threads < 1) {
      throw new InvalidDefinitionException(
          "offline_store threads is " + threads + "; give 1 or more, or leave it out");
    }
  }

  /** The settings with {@code lateMaterializationCells} at its default. */
  public DuckDbSettings(
      String memoryLimit, Path tempDirectory, Integer threads, long directJoinLimit) {
    this(memoryLimit, tempDirectory, threads, directJoinLimit, LATE_MATERIALIZATION_CELLS);
  }

  /** Every setting at its default. */
  public static DuckDbSettings defaults() {
    return new DuckDbSettings(null, null, null, DIRECT_JOIN_LIMIT);
  }

  /** These settings with {@code lateMaterializationCells} set to {@code cells}. */
  public DuckDbSettings withLateMaterializationCells(long cells) {
    return new DuckDbSettings(memoryLimit, tempDirectory, threads, directJoinLimit, cells);
  }

  /**
   * The settings in an {@code offline_store} section: optional {@code memory_limit}, {@code
   * temp_directory} (absolute, or relative to the repository), {@code threads}, {@code
   * direct_join_limit} and {@code late_materialization_cells}.
   */
  public static DuckDbSettings of(StoreConfig config, Path repo) {
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new InvalidDefinitionException(
            "offline_store: unknown option " + Echo.of(key) + " for type duckdb",
            "Use " + String.join(", ", OPTIONS) + ", or none");
      }
    }
    Long threads = number(config, "threads");
    if (threads != null && threads > Integer.MAX_VALUE) {
      throw new InvalidDefinitionException(
          "offline_store threads is " + threads + "; give at most " + Integer.MAX_VALUE,
          "Give the number of threads DuckDB may use, such as 4, or leave it out for one per core");
    }
    Long limit = number(config, "direct_join_limit");
    Long cells = number(config, "late_materialization_cells");
    return new DuckDbSettings(
        config.text("memory_limit").orElse(null),
        config.text("temp_directory").map(p -> directory(repo, p)).orElse(null),
        threads == null ? null : threads.intValue(),
        limit == null ? DIRECT_JOIN_LIMIT : limit,
        cells == null ? LATE_MATERIALIZATION_CELLS : cells);
  }

  private static Long number(StoreConfig config, String key) {
    if (!config.options().containsKey(key)) {
      return null;
    }
    String text = config.text(key).orElse("");
    try {
      return Long.valueOf(text);
    } catch (NumberFormatException e) {
      throw new InvalidDefinitionException(
          "offline_store "
              + key
              + (text.isEmpty() ? " is empty" : " " + Echo.of(text) + " is not a whole number"),
          "Give a whole number such as 4, or leave " + key + " out",
          e);
    }
  }

  private static Path directory(Path repo, String path) {
    try {
      return repo.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidDefinitionException(
          "offline_store temp_directory is not a valid path (" + e.getReason() + ")",
          "Give a directory, absolute or relative to the repository, or leave it out",
          e);
    }
  }

  /**
   * The memory limit to set: the given one, or {@link #DEFAULT_MEMORY_MIB} MiB, or half the
   * machine's memory when that is less (at least 256 MiB).
   */
  String effectiveMemoryLimit() {
    if (memoryLimit != null) {
      return memoryLimit;
    }
    long mib = DEFAULT_MEMORY_MIB;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      mib = Math.min(mib, Math.max(os.getTotalMemorySize() / (2L << 20), 256));
    }
    return mib + "MiB";
  }
}
