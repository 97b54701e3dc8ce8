package dev.larder.core.lineage;

import java.util.Locale;

/** Where a node of a lineage graph stands relative to what was asked about. */
public enum LineageRole {
  /** What was asked about (all versions of a feature view, or one source, service or run). */
  FOCUS,
  /** What it was made from. */
  UPSTREAM,
  /** What was made from it. */
  DOWNSTREAM;

  /** {@code focus}, {@code upstream} or {@code downstream}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
