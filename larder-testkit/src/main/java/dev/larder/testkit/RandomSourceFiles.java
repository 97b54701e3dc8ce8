package dev.larder.testkit;

import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.duckdb.DuckDbTypes;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/** Writes a random source's rows for the property test: CSV text, or Parquet through DuckDB. */
final class RandomSourceFiles {
  private RandomSourceFiles() {}

  static void write(
      Connection duck,
      SplittableRandom random,
      String path,
      boolean parquet,
      List<String> fileNames,
      int[] fileOf,
      List<String> columns,
      List<ValueType> keyTypes,
      boolean created,
      List<ScalarType> types,
      List<Object[]> keys,
      List<Long> times,
      List<Long> createdTimes,
      List<Object[]> features)
      throws IOException, SQLException {
    int files = fileNames.size();
    for (int file = 0; file < files; file++) {
      StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
      for (int i = 0; i < keys.size(); i++) {
        if (fileOf[i] != file) {
          continue;
        }
        StringJoiner line = new StringJoiner(",");
        for (Object k : keys.get(i)) {
          line.add(k == null ? "" : Duck.csvField(k.toString()));
        }
        line.add(IsoTimes.format(RandomPitCase.BASE.plusNanos(times.get(i) * 1_000)));
        if (created) {
          Long c = createdTimes.get(i);
          line.add(c == null ? "" : IsoTimes.format(RandomPitCase.BASE.plusNanos(c * 1_000)));
        }
        for (Object f : features.get(i)) {
          line.add(f == null ? "" : Duck.csvField(f.toString()));
        }
        csv.append(line).append('\n');
      }
      if (!parquet) {
        Files.writeString(Path.of(path), csv.toString());
        return;
      }
      Path target =
          files == 1 ? Path.of(path) : Path.of(path).resolve(fileNames.get(file) + ".parquet");
      Files.createDirectories(target.getParent());
      Path text = Path.of(target + ".csv.txt");
      Files.writeString(text, csv.toString());
      List<String> select = new ArrayList<>();
      int c = 0;
      for (ValueType t : keyTypes) {
        String type =
            t == ValueType.STRING ? "VARCHAR" : t == ValueType.INT32 ? "INTEGER" : "BIGINT";
        select.add(cast(columns.get(c++), type));
      }
      select.add(cast(columns.get(c++), random.nextBoolean() ? "TIMESTAMPTZ" : "TIMESTAMP"));
      if (created) {
        select.add(cast(columns.get(c++), "TIMESTAMPTZ"));
      }
      for (ScalarType t : types) {
        select.add(cast(columns.get(c++), DuckDbTypes.sqlType(ColumnType.of(t))));
      }
      try (Statement s = duck.createStatement()) {
        s.execute(
            "COPY (SELECT "
                + String.join(", ", select)
                + " FROM read_csv("
                + Duck.literal(text.toString())
                + ", header = true, all_varchar = true, allow_quoted_nulls = false)) TO "
                + Duck.literal(target.toString())
                + " (FORMAT PARQUET)");
      }
      Files.delete(text);
    }
  }

  private static String cast(String column, String type) {
    return "CAST(" + Duck.id(column) + " AS " + type + ") AS " + Duck.id(column);
  }
}
