package dev.larder.spark;

import dev.larder.core.model.ArrayType;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import dev.larder.core.offline.FrameColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One column of a result as Java reads it from a Spark row: its name, the {@link FrameColumn.Kind}
 * it becomes, whether its values are 32-bit floats (written as such in CSV, DESIGN B2), and how a
 * Spark value becomes the value {@link FrameColumn#get} would give: integers as {@link Long},
 * floats widened to {@link Double}, instants (carried as microseconds) as {@link
 * java.time.Instant}, lists as unmodifiable {@link List}s of such values.
 *
 * @param name the output name
 * @param kind what it becomes in Java
 * @param float32 whether values (or list elements) are 32-bit floats
 * @param instants whether the Spark value (or list element) is microseconds meaning an instant
 */
record ColumnReader(String name, FrameColumn.Kind kind, boolean float32, boolean instants) {

  /** A column of a feature declared {@code dtype}. */
  static ColumnReader feature(String name, FeatureType dtype) {
    if (dtype instanceof ArrayType a) {
      return new ColumnReader(
          name,
          FrameColumn.Kind.LIST,
          a.element() == ScalarType.FLOAT32,
          a.element() == ScalarType.UNIX_TIMESTAMP);
    }
    return switch ((ScalarType) dtype) {
      case INT32, INT64 -> new ColumnReader(name, FrameColumn.Kind.LONG, false, false);
      case FLOAT32 -> new ColumnReader(name, FrameColumn.Kind.DOUBLE, true, false);
      case FLOAT64 -> new ColumnReader(name, FrameColumn.Kind.DOUBLE, false, false);
      case STRING -> new ColumnReader(name, FrameColumn.Kind.STRING, false, false);
      case BOOL -> new ColumnReader(name, FrameColumn.Kind.BOOLEAN, false, false);
      case BYTES -> new ColumnReader(name, FrameColumn.Kind.BYTES, false, false);
      case UNIX_TIMESTAMP -> new ColumnReader(name, FrameColumn.Kind.TIMESTAMP, false, true);
    };
  }

  /** A column of entity rows held as {@code kind} (timestamps travel as microseconds). */
  static ColumnReader entity(String name, FrameColumn.Kind kind) {
    return new ColumnReader(name, kind, false, kind == FrameColumn.Kind.TIMESTAMP);
  }

  /** The value at {@code index} of {@code row}, boxed as {@link FrameColumn#get} boxes it. */
  Object read(Row row, int index) {
    if (row.isNullAt(index)) {
      return null;
    }
    if (kind == FrameColumn.Kind.LIST) {
      List<Object> values = row.getList(index);
      List<Object> out = new ArrayList<>(values.size());
      for (Object v : values) {
        out.add(element(v));
      }
      return Collections.unmodifiableList(out);
    }
    return element(row.get(index));
  }

  private Object element(Object v) {
    if (v == null) {
      return null;
    }
    if (instants) {
      return Micros.instant(((Number) v).longValue());
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    return v;
  }
}
