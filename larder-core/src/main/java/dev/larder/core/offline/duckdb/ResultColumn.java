package dev.larder.core.offline.duckdb;

import dev.larder.core.model.ColumnType;
import dev.larder.core.model.DocumentType;
import dev.larder.core.model.DocumentValues;
import dev.larder.core.model.FeatureType;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.LatestRows;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How Java reads one column of a DuckDB result: the SQL that selects it in a readable form and the
 * {@link FrameColumn.Kind} it becomes. Timestamps are read as epoch microseconds, so the JVM's time
 * zone never matters; integers wider than BIGINT and exotic types are read as text.
 *
 * @param name the column's name
 * @param kind what it becomes in Java
 * @param select the SQL selecting it
 * @param float32 whether the values (or list elements) are 32-bit floats, written as such in CSV
 */
record ResultColumn(
    String name, FrameColumn.Kind kind, String select, boolean float32, boolean maps) {

  ResultColumn(String name, FrameColumn.Kind kind, String select, boolean float32) {
    this(name, kind, select, float32, false);
  }

  /**
   * The reading of a feature column of {@code dtype}: as {@link #of(String, ColumnType)} of its
   * result type, except that one-by-one reads ({@link #value}, {@link #send}: materialization) give
   * a {@code Map} feature's values as Java maps, as online stores keep them; frames keep its JSON
   * text, as result files hold it.
   */
  static ResultColumn ofFeature(String name, FeatureType dtype) {
    ResultColumn c = of(name, ColumnType.of(dtype));
    return dtype == DocumentType.MAP ? new ResultColumn(name, c.kind, c.select, false, true) : c;
  }

  /** The reading of each column, in order. */
  static List<ResultColumn> of(Map<String, ColumnType> columns) {
    List<ResultColumn> out = new ArrayList<>();
    columns.forEach((name, type) -> out.add(of(name, type)));
    return out;
  }

  static ResultColumn of(String name, ColumnType type) {
    String c = Sql.id(name);
    String text = "CAST(" + c + " AS VARCHAR)";
    return switch (type.family()) {
      case INTEGER ->
          type.isWiderThan64Bits()
              ? new ResultColumn(name, FrameColumn.Kind.STRING, text, false)
              : new ResultColumn(name, FrameColumn.Kind.LONG, "CAST(" + c + " AS BIGINT)", false);
      case FLOATING ->
          type.sameAs(ColumnType.FLOAT32)
              ? new ResultColumn(name, FrameColumn.Kind.DOUBLE, c, true)
              : new ResultColumn(name, FrameColumn.Kind.DOUBLE, "CAST(" + c + " AS DOUBLE)", false);
      case STRING -> new ResultColumn(name, FrameColumn.Kind.STRING, c, false);
      case BOOLEAN -> new ResultColumn(name, FrameColumn.Kind.BOOLEAN, c, false);
      case BLOB -> new ResultColumn(name, FrameColumn.Kind.BYTES, c, false);
      case TIMESTAMP ->
          new ResultColumn(
              name, FrameColumn.Kind.TIMESTAMP, "epoch_us(CAST(" + c + " AS TIMESTAMPTZ))", false);
      case LIST ->
          new ResultColumn(
              name, FrameColumn.Kind.LIST, c, type.elementType().sameAs(ColumnType.FLOAT32));
      case MAP, JSON ->
          new ResultColumn(
              name, FrameColumn.Kind.STRING, "CAST(CAST(" + c + " AS JSON) AS VARCHAR)", false);
      case DATE, NULL, OTHER -> new ResultColumn(name, FrameColumn.Kind.STRING, text, false);
    };
  }

  /** Reads this column of the current row into {@code column}. */
  void read(ResultSet rs, int index, FrameColumn.Builder column) throws SQLException {
    switch (kind) {
      case LONG, TIMESTAMP -> {
        long v = rs.getLong(index);
        if (rs.wasNull()) {
          column.addNull();
        } else {
          column.addRaw(v);
        }
      }
      case BOOLEAN -> {
        boolean v = rs.getBoolean(index);
        if (rs.wasNull()) {
          column.addNull();
        } else {
          column.addRaw(v ? 1 : 0);
        }
      }
      case DOUBLE -> {
        double v = float32 ? rs.getFloat(index) : rs.getDouble(index);
        if (rs.wasNull()) {
          column.addNull();
        } else {
          column.addDouble(v);
        }
      }
      case STRING -> column.addObject(rs.getString(index));
      case BYTES -> column.addObject(rs.getBytes(index));
      case LIST -> column.addObject(list(rs.getArray(index)));
    }
  }

  /** Hands this column of the current row to {@code sink}, integers and floats unboxed. */
  void send(ResultSet rs, int index, LatestRows.ValueSink sink) throws SQLException {
    switch (kind) {
      case LONG -> {
        long v = rs.getLong(index);
        if (rs.wasNull()) {
          sink.nullValue();
        } else {
          sink.longValue(v);
        }
      }
      case DOUBLE -> {
        double v = float32 ? rs.getFloat(index) : rs.getDouble(index);
        if (rs.wasNull()) {
          sink.nullValue();
        } else {
          sink.doubleValue(v);
        }
      }
      default -> {
        Object v = value(rs, index);
        if (v == null) {
          sink.nullValue();
        } else {
          sink.objectValue(v);
        }
      }
    }
  }

  /** This column of the current row, boxed as {@link FrameColumn#get} boxes values. */
  Object value(ResultSet rs, int index) throws SQLException {
    Object v =
        switch (kind) {
          case LONG -> rs.getLong(index);
          case TIMESTAMP -> Sql.instant(rs.getLong(index));
          case BOOLEAN -> rs.getBoolean(index);
          case DOUBLE -> float32 ? (double) rs.getFloat(index) : rs.getDouble(index);
          case STRING -> rs.getString(index);
          case BYTES -> rs.getBytes(index);
          case LIST -> list(rs.getArray(index));
        };
    if (rs.wasNull()) {
      return null;
    }
    return maps ? DocumentValues.mapOfText((String) v) : v;
  }

  private static List<Object> list(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    Object[] elements = (Object[]) array.getArray();
    List<Object> out = new ArrayList<>(elements.length);
    for (Object e : elements) {
      out.add(element(e));
    }
    return Collections.unmodifiableList(out);
  }

  private static Object element(Object e) {
    if (e == null || e instanceof Long || e instanceof Double) {
      return e;
    }
    if (e instanceof Integer || e instanceof Short || e instanceof Byte) {
      return ((Number) e).longValue();
    }
    if (e instanceof Float f) {
      return (double) f;
    }
    if (e instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (e instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (e instanceof String || e instanceof Boolean || e instanceof byte[]) {
      return e;
    }
    return e.toString();
  }
}
