package dev.larder.core.source;

import dev.larder.core.model.ColumnType;
import dev.larder.core.model.FileFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns of a file source's data as DuckDB reads them, in file order.
 *
 * @param location the file or directory, absolute
 * @param format Parquet or CSV
 * @param columns the columns with their DuckDB types
 */
public record SourceSchema(Path location, FileFormat format, List<Column> columns) {
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
