package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.model.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
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
    LIST;

    /**
     * What a column of {@code type} holds in Java, as every engine reads it: integers up to 64 bits
     * as {@link #LONG} (wider ones, {@code INT128 UINT64 UINT128}, as {@link #STRING} in decimal
     * text); floats and decimals as {@link #DOUBLE}; {@code TIMESTAMP} and {@code TIMESTAMP_TZ} as
     * {@link #TIMESTAMP}; {@code ARRAY<T>} as {@link #LIST}; maps and {@code JSON} as {@link
     * #STRING} (JSON text); {@code DATE}, {@code NULL} and other types as {@link #STRING} (a date
     * as {@code 2024-03-04}).
     */
    public static Kind of(ColumnType type) {
      return switch (type.family()) {
        case INTEGER -> type.isWiderThan64Bits() ? STRING : LONG;
        case FLOATING -> DOUBLE;
        case STRING -> STRING;
        case BOOLEAN -> BOOLEAN;
        case BLOB -> BYTES;
        case TIMESTAMP -> TIMESTAMP;
        case LIST -> LIST;
        case MAP, JSON, DATE, NULL, OTHER -> STRING;
      };
    }
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

  /**
   * Microseconds since the epoch, rounded towards the past: how timestamps are kept (as DuckDB and
   * Parquet keep them).
   */
  public static long epochMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant {@code micros} microseconds after the epoch. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
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
    return isNull(row) ? null : instant(longs[row]);
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
      case TIMESTAMP -> instant(longs[row]);
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

  /**
   * A builder of a column of {@code kind}, filled value by value in row order ({@link
   * Builder#add(Object)} or the typed {@code add…} methods), then frozen with {@link
   * Builder#build()}.
   */
  public static Builder builder(String name, Kind kind, int capacity) {
    return new Builder(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(kind, "kind"), capacity);
  }

  /** {@link #builder(String, Kind, int)} with a small initial capacity. */
  public static Builder builder(String name, Kind kind) {
    return new Builder(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(kind, "kind"), 16);
  }

  /**
   * Collects the values of a column of one kind, then freezes them. An engine fills it from its own
   * rows with {@link #add(Object)}, which takes the boxed values an engine's driver usually gives
   * (see there), so that every engine's frames hold exactly the same values.
   */
  public static final class Builder {
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

    public String name() {
      return name;
    }

    public Kind kind() {
      return kind;
    }

    /** The number of values added so far. */
    public int size() {
      return size;
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

    public void addNull() {
      grow();
      nulls.set(size++);
    }

    /** A long, a boolean as 0/1 or a timestamp in microseconds, by the column's kind. */
    public void addRaw(long value) {
      grow();
      longs[size++] = value;
    }

    /** A value of a {@link Kind#LONG} column. */
    public void addLong(long value) {
      require(Kind.LONG);
      addRaw(value);
    }

    /** A value of a {@link Kind#BOOLEAN} column. */
    public void addBoolean(boolean value) {
      require(Kind.BOOLEAN);
      addRaw(value ? 1 : 0);
    }

    /** A value of a {@link Kind#TIMESTAMP} column, in microseconds since the epoch (UTC). */
    public void addEpochMicros(long micros) {
      require(Kind.TIMESTAMP);
      addRaw(micros);
    }

    /** A value of a {@link Kind#DOUBLE} column (a Float32 value widened: {@code (double) f}). */
    public void addDouble(double value) {
      require(Kind.DOUBLE);
      addDoubleValue(value);
    }

    private void addDoubleValue(double value) {
      grow();
      doubles[size++] = value;
    }

    /**
     * A string, {@code byte[]} (copied) or list (kept as it is, so give an unmodifiable list of
     * values boxed as {@link FrameColumn#get} boxes them); {@code null} adds a null.
     */
    public void addObject(Object value) {
      if (value == null) {
        addNull();
        return;
      }
      grow();
      objects[size++] = value instanceof byte[] b ? b.clone() : value;
    }

    /**
     * Adds a boxed value, converted to this column's kind exactly as the DuckDB engine converts its
     * own values; {@code null} adds a null.
     *
     * <ul>
     *   <li>{@link Kind#LONG}: {@link Long}, {@link Integer}, {@link Short}, {@link Byte}, or a
     *       {@link BigInteger} that fits 64 bits;
     *   <li>{@link Kind#DOUBLE}: any {@link Number} ({@link Float} widened exactly, {@link
     *       BigDecimal} by {@code doubleValue()});
     *   <li>{@link Kind#STRING}: {@link CharSequence}; also {@link BigInteger} (wide integers) and
     *       {@link LocalDate} or {@link java.sql.Date} (dates) as their ISO text;
     *   <li>{@link Kind#BOOLEAN}: {@link Boolean};
     *   <li>{@link Kind#TIMESTAMP}: {@link Instant}, {@link java.sql.Timestamp}, {@link
     *       OffsetDateTime}, {@link ZonedDateTime}, or {@link LocalDateTime} (taken as UTC); cut to
     *       the microsecond;
     *   <li>{@link Kind#BYTES}: {@code byte[]} (copied);
     *   <li>{@link Kind#LIST}: a {@link List} (or other {@link java.util.Collection}), its elements
     *       converted as {@link LatestRows#value} gives list elements: integers as {@link Long},
     *       floats as {@link Double}, timestamps as {@link Instant}.
     * </ul>
     *
     * @throws IllegalArgumentException for a value of another type, naming the column
     */
    public void add(Object value) {
      Object v = normalize(name, kind, value);
      if (v == null) {
        addNull();
        return;
      }
      switch (kind) {
        case LONG -> addRaw((Long) v);
        case DOUBLE -> addDoubleValue((Double) v);
        case BOOLEAN -> addRaw((Boolean) v ? 1 : 0);
        case TIMESTAMP -> addRaw(epochMicros((Instant) v));
        case STRING, BYTES, LIST -> addObject(v);
      }
    }

    /**
     * {@code value} boxed as {@link FrameColumn#get} gives values of {@code kind} ({@link
     * #add(Object)} lists what it takes); {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for a value of another type, naming column {@code name}
     */
    static Object normalize(String name, Kind kind, Object value) {
      if (value == null) {
        return null;
      }
      switch (kind) {
        case LONG -> {
          if (value instanceof Long l) {
            return l;
          }
          if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
          }
          if (value instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
          }
        }
        case DOUBLE -> {
          if (value instanceof Float f) {
            return (double) f.floatValue();
          }
          if (value instanceof Number n) {
            return n.doubleValue();
          }
        }
        case STRING -> {
          if (value instanceof CharSequence || value instanceof BigInteger) {
            return value.toString();
          }
          if (value instanceof LocalDate d) {
            return d.toString();
          }
          if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
          }
        }
        case BOOLEAN -> {
          if (value instanceof Boolean) {
            return value;
          }
        }
        case TIMESTAMP -> {
          Instant t = toInstant(value);
          if (t != null) {
            return FrameColumn.instant(epochMicros(t));
          }
        }
        case BYTES -> {
          if (value instanceof byte[]) {
            return value;
          }
        }
        case LIST -> {
          if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object e : c) {
              out.add(element(e));
            }
            return Collections.unmodifiableList(out);
          }
        }
      }
      throw new IllegalArgumentException(
          "column "
              + Echo.of(name)
              + " holds "
              + kind
              + " values; cannot add a "
              + value.getClass().getName());
    }

    private static Instant toInstant(Object value) {
      if (value instanceof Instant t) {
        return t;
      }
      if (value instanceof java.sql.Timestamp t) {
        return t.toInstant();
      }
      if (value instanceof OffsetDateTime t) {
        return t.toInstant();
      }
      if (value instanceof ZonedDateTime t) {
        return t.toInstant();
      }
      if (value instanceof LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
      }
      return null;
    }

    /** A list element as the DuckDB engine boxes it. */
    static Object element(Object e) {
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
      if (e instanceof java.sql.Timestamp t) {
        return t.toInstant();
      }
      if (e instanceof String
          || e instanceof Boolean
          || e instanceof byte[]
          || e instanceof Instant) {
        return e;
      }
      return e.toString();
    }

    private void require(Kind expected) {
      if (kind != expected) {
        throw new IllegalStateException(
            "column " + Echo.of(name) + " holds " + kind + " values, not " + expected);
      }
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
        addRaw(epochMicros(value));
      }
    }

    /** The column; the builder may go on collecting for another. */
    public FrameColumn build() {
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
