package dev.larder.ml.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ParquetExporter#export} wrote, after reading it back.
 *
 * @param path the Parquet file, absolute
 * @param rows rows in the file (every row of the table, all snapshots)
 * @param columns the file's column names, in order
 */
public record ExportResult(Path path, long rows, List<String> columns) {
  public ExportResult {
    Objects.requireNonNull(path, "path");
    columns = List.copyOf(columns);
  }
}
