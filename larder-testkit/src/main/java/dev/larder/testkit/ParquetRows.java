package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Compares two Parquet result files by schema and row values, read back with DuckDB. */
final class ParquetRows {
  private ParquetRows() {}

  static void assertSameSchemaAndRows(Path actual, Path expected) throws SQLException {
    for (String query :
        List.of(
            "DESCRIBE SELECT * FROM read_parquet(%s)",
            "SELECT name, type, converted_type, scale, precision, logical_type"
                + " FROM parquet_schema(%s)",
            "SELECT * FROM read_parquet(%s)")) {
      assertThat(Duck.query(String.format(query, Duck.literal(actual.toString()))))
          .as(query + " of " + actual + " against " + expected)
          .isEqualTo(Duck.query(String.format(query, Duck.literal(expected.toString()))));
    }
  }
}
