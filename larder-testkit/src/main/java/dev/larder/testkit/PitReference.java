package dev.larder.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * DESIGN B5 stated directly, for the property test: for each entity row and view, scan every source
 * row, keep the candidates, take the greatest by (event, created with null lowest, file, row). No
 * SQL, no sorting, no cleverness.
 */
final class PitReference {
  private PitReference() {}

  /** A source row: keys in their declared form (Long or String), times in microseconds. */
  record SourceRow(Object[] keys, long ts, Long created, int file, int row, Object[] features) {}

  /** A view as the reference sees it. */
  record View(
      List<SourceRow> rows,
      List<Boolean> stringKeys,
      long ttlMicros,
      boolean hasCreated,
      int[] requested) {}

  /** What the reference found for one entity row in one view. */
  record Pick(SourceRow row, int candidates, boolean tieOnEventAndCreated, boolean createdDecided) {
    Object feature(int i) {
      return row == null ? null : row.features()[i];
    }
  }

  /**
   * The pick of {@code view} for an entity row with join-key values {@code keys} (as the entity
   * rows hold them: Long or String, possibly null) at time {@code t}.
   */
  static Pick pick(View view, Object[] keys, long t, boolean filterByCreated) {
    SourceRow best = null;
    int candidates = 0;
    for (SourceRow r : view.rows()) {
      if (!keysEqual(view, keys, r.keys())) {
        continue;
      }
      if (r.ts() > t) {
        continue;
      }
      if (view.ttlMicros() > 0 && r.ts() < t - view.ttlMicros()) {
        continue;
      }
      if (filterByCreated && view.hasCreated() && (r.created() == null || r.created() > t)) {
        continue;
      }
      candidates++;
      if (best == null || compare(r, best) > 0) {
        best = r;
      }
    }
    boolean tie = false;
    boolean createdDecided = false;
    if (best != null) {
      for (SourceRow r : view.rows()) {
        if (r != best && r.ts() == best.ts() && keysEqual(view, keys, r.keys())) {
          if (Objects.equals(r.created(), best.created())) {
            tie = true;
          } else {
            createdDecided = true;
          }
        }
      }
    }
    return new Pick(best, candidates, tie, createdDecided);
  }

  private static int compare(SourceRow a, SourceRow b) {
    int c = Long.compare(a.ts(), b.ts());
    if (c != 0) {
      return c;
    }
    if (!Objects.equals(a.created(), b.created())) {
      if (a.created() == null) {
        return -1;
      }
      if (b.created() == null) {
        return 1;
      }
      return Long.compare(a.created(), b.created());
    }
    c = Integer.compare(a.file(), b.file());
    return c != 0 ? c : Integer.compare(a.row(), b.row());
  }

  /** Keys are equal after the exact conversions of B5.7; a null key equals nothing. */
  private static boolean keysEqual(View view, Object[] entity, Object[] source) {
    for (int k = 0; k < entity.length; k++) {
      Object e = entity[k];
      Object s = source[k];
      if (e == null || s == null) {
        return false;
      }
      if (view.stringKeys().get(k)) {
        if (!e.toString().equals(s)) {
          return false;
        }
      } else {
        long value = e instanceof Long l ? l : Long.parseLong((String) e);
        if (value != (Long) s) {
          return false;
        }
      }
    }
    return true;
  }

  /** The features of {@code pick} in request order. */
  static List<Object> features(View view, Pick pick) {
    List<Object> out = new ArrayList<>();
    for (int i : view.requested()) {
      out.add(pick.feature(i));
    }
    return out;
  }
}
