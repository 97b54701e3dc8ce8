package dev.larder.core.offline;

import dev.larder.core.Echo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, typed column of a {@link TrainingFrame} or of {@link EntityRows}: primitive arrays
 * for numbers, booleans and timestamps, with a null mask. Timestamps are kept in microseconds (as
 * DuckDB and Parquet keep them); finer instants are cut to the microsecond.
 */
public final class FrameColumn {
  /** What a column holds. */
  public enum Kind {
    /** 64-bit integers (also Int32 values). */
    LONG,
    /** 64-bit floating point (also Float32 values, widened exactly). */
    DOUBLE,
    STRING,
    BOOLEAN,
    /** Instants in UTC, to the microsecond. */
    TIMESTAMP,
    BYTES,
    /** Lists ({@code Array(...)} features), as unmodifiable {@link List}s of boxed values. */
    LIST
  }

  private final String name;
  private final Kind kind;
  private final int size;
  private final long[] longs;
  private final double[] doubles;
  private final Object[] objects;
  private final BitSet nulls;

  private FrameColumn(
      String name,
      Kind kind,
      int size,
      long[] longs,
      double[] doubles,
      Object[] objects,
      BitSet n) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = kind;
    this.size = size;
    this.longs = longs;
    this.doubles = doubles;
    this.objects = objects;
    this.nulls = n;
  }

  /** A column of longs, none null. */
  public static FrameColumn ofLongs(String name, long... values) {
    Builder b = new Builder(name, Kind.LONG, values.length);
    for (long v : values) {
      b.addLong(v);
    }
    return b.build();
  }

  /** A column of longs; {@code null} elements are nulls. */
  public static FrameColumn ofLongs(String name, List<Long> values) {
    Builder b = new Builder(name, Kind.LONG, values.size());
    values.forEach(v -> b.addLongOrNull(v));
    return b.build();
  }

  /** A column of doubles, none null. */
  public static FrameColumn ofDoubles(String name, double... values) {
    Builder b = new Builder(name, Kind.DOUBLE, values.length);
    for (double v : values) {
      b.addDouble(v);
    }
    return b.build();
  }

  /** A column of doubles; {@code null} elements are nulls. */
  public static FrameColumn ofDoubles(String name, List<Double> values) {
    Builder b = new Builder(name, Kind.DOUBLE, values.size());
    values.forEach(v -> b.addDoubleOrNull(v));
    return b.build();
  }

  /** A column of strings; {@code null} elements are nulls. */
  public static FrameColumn ofStrings(String name, List<String> values) {
    Builder b = new Builder(name, Kind.STRING, values.size());
    values.forEach(b::addObject);
    return b.build();
  }

  /** A column of booleans; {@code null} elements are nulls. */
  public static FrameColumn ofBooleans(String name, List<Boolean> values) {
    Builder b = new Builder(name, Kind.BOOLEAN, values.size());
    values.forEach(v -> b.addBooleanOrNull(v));
    return b.build();
  }

  /** A column of instants; {@code null} elements are nulls. */
  public static FrameColumn ofTimestamps(String name, List<Instant> values) {
    Builder b = new Builder(name, Kind.TIMESTAMP, values.size());
    values.forEach(v -> b.addTimestampOrNull(v));
    return b.build();
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  public boolean isNull(int row) {
    Objects.checkIndex(row, size);
    return nulls.get(row);
  }

  /** The number of null rows. */
  public int nullCount() {
    return nulls.cardinality();
  }

  /** The value of a {@link Kind#LONG} column (0 for null). */
  public long getLong(int row) {
    require(Kind.LONG);
    return longs[Objects.checkIndex(row, size)];
  }

  /** The value of a {@link Kind#DOUBLE} or {@link Kind#LONG} column as a double (0 for null). */
  public double getDouble(int row) {
    Objects.checkIndex(row, size);
    if (kind == Kind.LONG) {
      return longs[row];
    }
    require(Kind.DOUBLE);
    return doubles[row];
  }

  /** The value of a {@link Kind#BOOLEAN} column ({@code false} for null). */
  public boolean getBoolean(int row) {
    require(Kind.BOOLEAN);
    return longs[Objects.checkIndex(row, size)] != 0;
  }

  /** The value of a {@link Kind#TIMESTAMP} column, or {@code null}. */
  public Instant getInstant(int row) {
    require(Kind.TIMESTAMP);
    return isNull(row) ? null : Sql.instant(longs[row]);
  }

  /** The value of a {@link Kind#TIMESTAMP} column in microseconds since the epoch (0 for null). */
  public long getEpochMicros(int row) {
    require(Kind.TIMESTAMP);
    return longs[Objects.checkIndex(row, size)];
  }

  /** The value of a {@link Kind#STRING} column, or {@code null}. */
  public String getString(int row) {
    require(Kind.STRING);
    return (String) objects[Objects.checkIndex(row, size)];
  }

  /** The value of a {@link Kind#BYTES} column (a copy), or {@code null}. */
  public byte[] getBytes(int row) {
    require(Kind.BYTES);
    byte[] bytes = (byte[]) objects[Objects.checkIndex(row, size)];
    return bytes == null ? null : bytes.clone();
  }

  /** The value of a {@link Kind#LIST} column, or {@code null}. */
  public List<?> getList(int row) {
    require(Kind.LIST);
    return (List<?>) objects[Objects.checkIndex(row, size)];
  }

  /**
   * The value boxed: {@link Long}, {@link Double}, {@link String}, {@link Boolean}, {@link
   * Instant}, {@code byte[]} (a copy) or {@link List}; {@code null} for null.
   */
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    return switch (kind) {
      case LONG -> longs[row];
      case DOUBLE -> doubles[row];
      case BOOLEAN -> longs[row] != 0;
      case TIMESTAMP -> Sql.instant(longs[row]);
      case BYTES -> getBytes(row);
      case STRING, LIST -> objects[row];
    };
  }

  /** The boxed values, in row order. */
  public List<Object> values() {
    List<Object> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(get(i));
    }
    return Collections.unmodifiableList(out);
  }

  /** This column with only the rows set in {@code rows}, in order. */
  FrameColumn select(BitSet rows) {
    Builder b = new Builder(name, kind, rows.cardinality());
    for (int i = rows.nextSetBit(0); i >= 0 && i < size; i = rows.nextSetBit(i + 1)) {
      if (nulls.get(i)) {
        b.addNull();
      } else if (longs != null) {
        b.addRaw(longs[i]);
      } else if (doubles != null) {
        b.addDouble(doubles[i]);
      } else {
        b.addObject(objects[i]);
      }
    }
    return b.build();
  }

  /** This column under another name. */
  FrameColumn renamed(String newName) {
    return new FrameColumn(newName, kind, size, longs, doubles, objects, nulls);
  }

  private void require(Kind expected) {
    if (kind != expected) {
      throw new IllegalStateException(
          "column " + Echo.of(name) + " holds " + kind + " values, not " + expected);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrameColumn other
        && name.equals(other.name)
        && kind == other.kind
        && size == other.size
        && valuesEqual(other);
  }

  private boolean valuesEqual(FrameColumn other) {
    for (int i = 0; i < size; i++) {
      if (!Objects.deepEquals(get(i), other.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, size);
  }

  @Override
  public String toString() {
    return name + " " + kind + " " + values();
  }

  /** Collects the values of a column of one kind, then freezes them. */
  static final class Builder {
    private final String name;
    private final Kind kind;
    private long[] longs;
    private double[] doubles;
    private Object[] objects;
    private final BitSet nulls = new BitSet();
    private int size;

    Builder(String name, Kind kind, int capacity) {
      this.name = name;
      this.kind = kind;
      int n = Math.max(capacity, 16);
      switch (kind) {
        case LONG, BOOLEAN, TIMESTAMP -> longs = new long[n];
        case DOUBLE -> doubles = new double[n];
        case STRING, BYTES, LIST -> objects = new Object[n];
      }
    }

    Kind kind() {
      return kind;
    }

    private void grow() {
      if (longs != null && size == longs.length) {
        longs = Arrays.copyOf(longs, size * 2);
      } else if (doubles != null && size == doubles.length) {
        doubles = Arrays.copyOf(doubles, size * 2);
      } else if (objects != null && size == objects.length) {
        objects = Arrays.copyOf(objects, size * 2);
      }
    }

    void addNull() {
      grow();
      nulls.set(size++);
    }

    /** A long, a boolean as 0/1 or a timestamp in microseconds, by the column's kind. */
    void addRaw(long value) {
      grow();
      longs[size++] = value;
    }

    void addLong(long value) {
      addRaw(value);
    }

    void addDouble(double value) {
      grow();
      doubles[size++] = value;
    }

    /** A string, {@code byte[]} or list; {@code null} adds a null. */
    void addObject(Object value) {
      if (value == null) {
        addNull();
        return;
      }
      grow();
      objects[size++] = value instanceof byte[] b ? b.clone() : value;
    }

    private void addLongOrNull(Long value) {
      if (value == null) {
        addNull();
      } else {
        addRaw(value);
      }
    }

    private void addDoubleOrNull(Double value) {
      if (value == null) {
        addNull();
      } else {
        addDouble(value);
      }
    }

    private void addBooleanOrNull(Boolean value) {
      if (value == null) {
        addNull();
      } else {
        addRaw(value ? 1 : 0);
      }
    }

    private void addTimestampOrNull(Instant value) {
      if (value == null) {
        addNull();
      } else {
        addRaw(Sql.micros(value));
      }
    }

    FrameColumn build() {
      return new FrameColumn(
          name,
          kind,
          size,
          longs == null ? null : Arrays.copyOf(longs, size),
          doubles == null ? null : Arrays.copyOf(doubles, size),
          objects == null ? null : Arrays.copyOf(objects, size),
          (BitSet) nulls.clone());
    }
  }
}
