package dev.larder.core.offline;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.repo.StoreConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * How the DuckDB engine uses the machine. DuckDB's memory lies outside the JVM heap, and joins
 * larger than {@code memoryLimit} spill to {@code tempDirectory}, so a JVM with a small heap can
 * still join millions of rows.
 *
 * @param memoryLimit DuckDB's {@code memory_limit} ({@code 4GB}); {@code null} for half the
 *     machine's memory
 * @param tempDirectory where DuckDB spills; {@code null} for a fresh directory under {@code
 *     java.io.tmpdir}, deleted on close
 * @param threads DuckDB's worker threads; {@code null} for one per core
 */
public record DuckDbSettings(String memoryLimit, Path tempDirectory, Integer threads) {
  private static final List<String> OPTIONS = List.of("memory_limit", "temp_directory", "threads");

  public DuckDbSettings {
    if (threads != null && threads < 1) {
      throw new InvalidDefinitionException(
          "offline_store threads is " + threads + "; give 1 or more, or leave it out");
    }
  }

  /** Every setting at its default. */
  public static DuckDbSettings defaults() {
    return new DuckDbSettings(null, null, null);
  }

  /**
   * The settings in an {@code offline_store} section: optional {@code memory_limit}, {@code
   * temp_directory} (absolute, or relative to the repository) and {@code threads}.
   */
  public static DuckDbSettings of(StoreConfig config, Path repo) {
    for (String key : config.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new InvalidDefinitionException(
            "offline_store: unknown option '" + key + "' for type duckdb",
            "Use " + String.join(", ", OPTIONS) + ", or none");
      }
    }
    Integer threads = null;
    if (config.options().containsKey("threads")) {
      try {
        threads = Integer.valueOf(config.text("threads").orElseThrow());
      } catch (NumberFormatException e) {
        throw new InvalidDefinitionException(
            "offline_store threads '" + config.text("threads").orElseThrow() + "' is not a number",
            "Give a whole number such as 4",
            e);
      }
    }
    return new DuckDbSettings(
        config.text("memory_limit").orElse(null),
        config.text("temp_directory").map(p -> repo.resolve(p).normalize()).orElse(null),
        threads);
  }

  /** The memory limit to set: the given one, or half the machine's memory. */
  String effectiveMemoryLimit() {
    if (memoryLimit != null) {
      return memoryLimit;
    }
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long mib = os.getTotalMemorySize() / (2L << 20);
      return Math.max(mib, 256) + "MiB";
    }
    return null;
  }
}
