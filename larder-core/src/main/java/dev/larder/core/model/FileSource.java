package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A source read from a Parquet file, a directory of Parquet files, or a CSV file.
 *
 * <p>{@code timestampField}, {@code createdTimestampColumn}, join keys and feature names are names
 * after {@code fieldMapping}; {@link #sourceColumn(String)} gives the column to read for each.
 *
 * @param name unique among sources
 * @param path as written in the definition, relative to the repository (or absolute)
 * @param format follows the path: {@code .csv} is CSV, a {@code .parquet} file or a directory is
 *     Parquet
 * @param timestampField the event-time column
 * @param createdTimestampColumn the creation-time column that breaks ties, or {@code null}
 * @param fieldMapping source column → name, sorted by source column
 * @param datePartition how the directory's partition folders are named after the event time
 *     (Feast's {@code date_partition_column}), or {@code null}; only for a directory, which is then
 *     read with its subfolders
 */
public record FileSource(
    String name,
    String path,
    FileFormat format,
    String timestampField,
    String createdTimestampColumn,
    Map<String, String> fieldMapping,
    DatePartition datePartition)
    implements BatchSource {

  public FileSource {
    Names.require("file source name", name);
    String who = "file source " + Echo.of(name);
    if (path == null || path.isBlank()) {
      throw new InvalidDefinitionException(
          who
              + ": path is missing; give a .parquet file, a directory of .parquet files or a .csv"
              + " file, relative to the repository");
    }
    try {
      Path.of(path);
    } catch (InvalidPathException e) {
      throw new InvalidDefinitionException(
          who
              + ": path is not a valid path ("
              + e.getReason()
              + "); give a .parquet file, a directory of .parquet files or a .csv file, relative"
              + " to the repository");
    }
    Checks.required(who, "format", format);
    if (format != FileFormat.ofPath(path)) {
      throw new InvalidDefinitionException(
          who
              + ": format "
              + format
              + " does not match path "
              + Echo.of(path)
              + "; the format follows the path (.csv is CSV, a .parquet file or a directory is"
              + " Parquet)");
    }
    BatchSources.checkTimestamps(who, timestampField, createdTimestampColumn);
    if (createdTimestampColumn != null && createdTimestampColumn.isBlank()) {
      createdTimestampColumn = null;
    }
    fieldMapping = BatchSources.fieldMapping(who, fieldMapping);
    if (datePartition != null && (format != FileFormat.PARQUET || path.endsWith(".parquet"))) {
      throw new InvalidDefinitionException(
          who
              + ": date_partition_column needs a directory of partition folders, and path "
              + Echo.of(path)
              + " is a file",
          "Point path at the directory that holds the folders (e.g. data/events holding"
              + " date=2025-01-03/part-0.parquet), or leave date_partition_column out");
    }
  }

  /** A file source without partition folders. */
  public FileSource(
      String name,
      String path,
      FileFormat format,
      String timestampField,
      String createdTimestampColumn,
      Map<String, String> fieldMapping) {
    this(name, path, format, timestampField, createdTimestampColumn, fieldMapping, null);
  }

  /** A file source whose format is inferred from {@code path}. */
  public FileSource(
      String name,
      String path,
      String timestampField,
      String createdTimestampColumn,
      Map<String, String> fieldMapping) {
    this(
        name,
        path,
        path == null ? null : FileFormat.ofPath(path),
        timestampField,
        createdTimestampColumn,
        fieldMapping);
  }

  @Override
  public FileSource batchSource() {
    return this;
  }

  @Override
  public String label() {
    return "file source " + Echo.of(name);
  }
}
