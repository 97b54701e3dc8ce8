package dev.larder.core.online;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A row read back from an online store for one entity key: its times and the requested features'
 * values. A feature the stored row does not hold (it was written before the feature was added to
 * the view) is absent, which is not the same as a stored {@code null}.
 */
public final class StoredRow {
  private final Instant eventTimestamp;
  private final Instant createdTimestamp;
  private final Object[] values;
  private final boolean[] present;

  /**
   * A row read for the requested features.
   *
   * @param values the requested features' values, in request order
   * @param present whether the stored row holds each requested feature
   */
  public StoredRow(
      Instant eventTimestamp, Instant createdTimestamp, Object[] values, boolean[] present) {
    this.eventTimestamp = Objects.requireNonNull(eventTimestamp, "eventTimestamp");
    this.createdTimestamp = createdTimestamp;
    if (values.length != present.length) {
      throw new IllegalArgumentException("values and present differ in length");
    }
    this.values = values.clone();
    this.present = present.clone();
  }

  /** The stored row's event time. */
  public Instant eventTimestamp() {
    return eventTimestamp;
  }

  /** The stored row's creation time, or {@code null}. */
  public Instant createdTimestamp() {
    return createdTimestamp;
  }

  /** The number of requested features. */
  public int size() {
    return values.length;
  }

  /** Whether the stored row holds the {@code i}-th requested feature. */
  public boolean has(int i) {
    return present[i];
  }

  /** The {@code i}-th requested feature's value; {@code null} when stored null or absent. */
  public Object value(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredRow r
        && eventTimestamp.equals(r.eventTimestamp)
        && Objects.equals(createdTimestamp, r.createdTimestamp)
        && Arrays.deepEquals(values, r.values)
        && Arrays.equals(present, r.present);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventTimestamp, createdTimestamp, Arrays.deepHashCode(values));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("StoredRow[event=").append(eventTimestamp);
    out.append(", created=").append(createdTimestamp).append(", values=[");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ");
      Object v = values[i];
      out.append(!present[i] ? "<absent>" : v instanceof byte[] b ? Arrays.toString(b) : v);
    }
    return out.append("]]").toString();
  }
}
