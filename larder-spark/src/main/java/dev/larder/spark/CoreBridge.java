package dev.larder.spark;

import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.BitSet;
import java.util.List;

/**
 * Reaches larder-core's result builders, which are not public yet (branch {@code seam} makes them
 * public: a {@code TrainingFrame} builder and engine-neutral B2 writers). Until then this bridge
 * calls them by reflection; it is the only place that does, and goes when {@code seam} is merged.
 */
final class CoreBridge {
  private static final Constructor<TrainingFrame> FRAME;
  private static final Constructor<?> BUILDER;
  private static final Method ADD_NULL;
  private static final Method ADD_RAW;
  private static final Method ADD_DOUBLE;
  private static final Method ADD_OBJECT;
  private static final Method BUILD;
  private static final Method TEXT;
  private static final Method FIELD;

  static {
    try {
      FRAME =
          TrainingFrame.class.getDeclaredConstructor(
              List.class, List.class, List.class, RetrievalSummary.class);
      FRAME.setAccessible(true);
      Class<?> builder = Class.forName(FrameColumn.class.getName() + "$Builder");
      BUILDER = builder.getDeclaredConstructor(String.class, FrameColumn.Kind.class, int.class);
      BUILDER.setAccessible(true);
      ADD_NULL = accessible(builder.getDeclaredMethod("addNull"));
      ADD_RAW = accessible(builder.getDeclaredMethod("addRaw", long.class));
      ADD_DOUBLE = accessible(builder.getDeclaredMethod("addDouble", double.class));
      ADD_OBJECT = accessible(builder.getDeclaredMethod("addObject", Object.class));
      BUILD = accessible(builder.getDeclaredMethod("build"));
      Class<?> csv = Class.forName("dev.larder.core.offline.CsvResultWriter");
      TEXT = accessible(csv.getDeclaredMethod("text", Object.class, boolean.class));
      FIELD = accessible(csv.getDeclaredMethod("field", String.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private CoreBridge() {}

  private static Method accessible(Method m) {
    m.setAccessible(true);
    return m;
  }

  private static Object call(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static TrainingFrame frame(
      List<FrameColumn> columns,
      List<String> featureNames,
      List<BitSet> matched,
      RetrievalSummary summary) {
    try {
      return FRAME.newInstance(columns, featureNames, matched, summary);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSV field of a non-null value, formatted by B2's rules. */
  static String csvText(Object value, boolean float32) {
    return field((String) call(TEXT, null, value, float32));
  }

  /** {@code text} as one CSV field, quoted as RFC 4180 needs. */
  static String field(String text) {
    return (String) call(FIELD, null, text);
  }

  /** Collects one column's values, then freezes them into a {@link FrameColumn}. */
  static final class ColumnBuilder {
    private final Object builder;
    private final FrameColumn.Kind kind;

    ColumnBuilder(String name, FrameColumn.Kind kind, int capacity) {
      this.kind = kind;
      try {
        this.builder = BUILDER.newInstance(name, kind, capacity);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Adds a value boxed as {@link FrameColumn#get} boxes it, or {@code null}. */
    void add(Object value) {
      if (value == null) {
        call(ADD_NULL, builder);
        return;
      }
      switch (kind) {
        case LONG -> call(ADD_RAW, builder, ((Number) value).longValue());
        case BOOLEAN -> call(ADD_RAW, builder, ((Boolean) value) ? 1L : 0L);
        case TIMESTAMP -> call(ADD_RAW, builder, Micros.of((java.time.Instant) value));
        case DOUBLE -> call(ADD_DOUBLE, builder, ((Number) value).doubleValue());
        case STRING, BYTES, LIST -> call(ADD_OBJECT, builder, value);
      }
    }

    FrameColumn build() {
      return (FrameColumn) call(BUILD, builder);
    }
  }
}
