package dev.larder.core.offline;

import java.time.Instant;

/**
 * A cursor over the rows of a {@link LatestRequest}, one per entity key (one in all for an
 * entity-less view), in ascending order of the join keys compared in the order of their names
 * (nulls last), so that an online store indexed by key is written in index order. Values are boxed
 * as {@link FrameColumn#get} boxes them. Close it to release the engine, which runs nothing else
 * while a cursor is open.
 */
public interface LatestRows extends AutoCloseable {
  /** The request's view: its join keys and features give the meaning of the indexes below. */
  ViewPlan view();

  /** Moves to the next row; {@code false} when there is none. */
  boolean next();

  /** The {@code i}-th join key's value, in its declared type ({@link Long} for INT32/INT64). */
  Object key(int i);

  /** The {@code i}-th feature's value in its declared type, or {@code null}. */
  Object value(int i);

  /**
   * Hands every feature value of the row to {@code sink}, in feature order, as {@link #value} gives
   * them but with integers (INT32, INT64) and floats (FLOAT32 widened, FLOAT64) unboxed.
   */
  void values(ValueSink sink);

  /** The row's event time. */
  Instant eventTimestamp();

  /** The row's creation time, or {@code null} (always for a view without the column). */
  Instant createdTimestamp();

  @Override
  void close();

  /** Receives a row's values from {@link #values}, one call per value. */
  interface ValueSink {
    void nullValue();

    void longValue(long value);

    void doubleValue(double value);

    /** A value of another type, as {@link #value} gives it (never {@code null}). */
    void objectValue(Object value);
  }
}
