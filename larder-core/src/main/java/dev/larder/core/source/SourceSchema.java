package dev.larder.core.source;

import dev.larder.core.model.ColumnType;
import dev.larder.core.model.FileFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns of a source's data as an offline engine reads them ({@link
 * dev.larder.core.offline.OfflineEngine#describeSource}), in file order, with engine-neutral {@link
 * ColumnType}s.
 *
 * @param location where the data lies, for messages: an absolute path, or a URI such as {@code
 *     s3a://bucket/dir} that only the engine reads
 * @param format Parquet or CSV
 * @param columns the columns with their types
 */
public record SourceSchema(String location, FileFormat format, List<Column> columns) {
  /** A column and its type. */
  public record Column(String name, ColumnType type) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  public SourceSchema {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(format, "format");
    columns = List.copyOf(columns);
  }

  /** The column called {@code name} (exact, case-sensitive), if there is one. */
  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The column names in file order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
