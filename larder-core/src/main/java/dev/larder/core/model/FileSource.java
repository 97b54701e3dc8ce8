package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
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
 */
public record FileSource(
    String name,
    String path,
    FileFormat format,
    String timestampField,
    String createdTimestampColumn,
    Map<String, String> fieldMapping)
    implements DataSource {

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
    if (timestampField == null || timestampField.isBlank()) {
      throw new InvalidDefinitionException(
          who + ": timestamp_field is missing; name the column holding each row's event time");
    }
    if (createdTimestampColumn != null && createdTimestampColumn.isBlank()) {
      createdTimestampColumn = null;
    }
    if (timestampField.equals(createdTimestampColumn)) {
      throw new InvalidDefinitionException(
          who
              + ": timestamp_field and created_timestamp_column are both "
              + Echo.of(timestampField)
              + "; use a separate column for the creation time, or drop"
              + " created_timestamp_column");
    }
    fieldMapping = Checks.textMap(who, "field_mapping", fieldMapping);
    Map<String, String> renamedFrom = new HashMap<>();
    for (Map.Entry<String, String> e : fieldMapping.entrySet()) {
      Names.require(who + ": field_mapping target of " + Echo.of(e.getKey()), e.getValue());
      String previous = renamedFrom.put(e.getValue(), e.getKey());
      if (previous != null) {
        throw new InvalidDefinitionException(
            who
                + ": field_mapping maps both "
                + Echo.of(previous)
                + " and "
                + Echo.of(e.getKey())
                + " to "
                + Echo.of(e.getValue())
                + "; map each name from one column");
      }
    }
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

  /**
   * The column to read for {@code name} (a name after mapping): the column that {@code
   * field_mapping} renames to it, or the column of that name.
   */
  public String sourceColumn(String name) {
    for (Map.Entry<String, String> e : fieldMapping.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return name;
  }
}
