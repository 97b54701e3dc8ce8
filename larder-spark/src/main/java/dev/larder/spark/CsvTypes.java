package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.larder.core.model.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The types of a CSV source's columns as the DuckDB engine's CSV reader detects them, for checking
 * definitions against the data (the join itself reads CSV as text and casts to the declared types):
 * a column whose every value is {@code true}/{@code false} is BOOL, integral text INT64, other
 * numbers FLOAT64, dates DATE, times with an offset TIMESTAMP_TZ and without TIMESTAMP; anything
 * else, or a column without values, STRING. One pass over the file finds them all.
 */
final class CsvTypes {
  private static final String INTEGRAL = "^[+-]?[0-9]+\\z";
  private static final String NUMBER = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\\z";
  private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z";
  private static final String OFFSET = "(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)\\z";

  private CsvTypes() {}

  /** The detected type of each column of {@code source} (a CSV source), in file order. */
  static Map<String, ColumnType> detect(SourceRows source) {
    List<String> names = new ArrayList<>(source.types().keySet());
    Map<String, ColumnType> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<Column> tests = new ArrayList<>();
    for (String name : names) {
      Column c = col(SparkKeys.quoted(name));
      tests.add(all(c, lower(trim(c)).isin("true", "false")));
      tests.add(all(c, c.rlike(INTEGRAL).and(c.try_cast(DataTypes.LongType).isNotNull())));
      tests.add(all(c, c.rlike(NUMBER)));
      tests.add(all(c, c.rlike(DATE).and(c.try_cast(DataTypes.DateType).isNotNull())));
      tests.add(all(c, isTime(c)));
      tests.add(functions.max(when(c.rlike(OFFSET), lit(1)).otherwise(lit(0))));
      tests.add(count(c));
    }
    Row row =
        source
            .rows()
            .agg(tests.get(0), tests.subList(1, tests.size()).toArray(Column[]::new))
            .first();
    for (int i = 0; i < names.size(); i++) {
      int at = 7 * i;
      boolean any = row.getLong(at + 6) > 0;
      ColumnType type;
      if (!any) {
        type = ColumnType.STRING;
      } else if (row.getBoolean(at)) {
        type = ColumnType.BOOL;
      } else if (row.getBoolean(at + 1)) {
        type = ColumnType.INT64;
      } else if (row.getBoolean(at + 2)) {
        type = ColumnType.FLOAT64;
      } else if (row.getBoolean(at + 3)) {
        type = ColumnType.DATE;
      } else if (row.getBoolean(at + 4)) {
        type = row.getInt(at + 5) == 1 ? ColumnType.TIMESTAMP_TZ : ColumnType.TIMESTAMP;
      } else {
        type = ColumnType.STRING;
      }
      out.put(names.get(i), type);
    }
    return out;
  }

  /** Whether text {@code c} is a time: ISO-8601, or {@code infinity}/{@code -infinity}. */
  static Column isTime(Column c) {
    return lower(trim(c))
        .isin("infinity", "-infinity")
        .or(c.try_cast(DataTypes.TimestampType).isNotNull());
  }

  private static Column all(Column c, Column test) {
    return functions.bool_and(c.isNull().or(test));
  }

  /** The first value of text column {@code column} (in file order) that is not a time. */
  static Optional<String> firstNonTimestamp(SourceRows source, String column) {
    Column c = col(SparkKeys.quoted(column)).cast(DataTypes.StringType);
    List<Row> rows =
        source
            .rows()
            .filter(c.isNotNull().and(not(isTime(c))))
            .orderBy(col(SourceRows.FILE), col(SourceRows.ROW))
            .select(c)
            .limit(1)
            .collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getString(0));
  }
}
