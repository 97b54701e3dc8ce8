package dev.larder.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One commit to the registry: every apply that changes something, and every recorded
 * materialization, makes the next revision.
 *
 * @param revision 1 for the first commit, then 2, 3, …
 * @param committedAt when it was committed (UTC)
 * @param committedBy who committed it
 * @param summary what it did, e.g. {@code apply: created feature view 'v'; updated entity 'e'}
 */
public record RevisionInfo(long revision, Instant committedAt, String committedBy, String summary) {
  public RevisionInfo {
    if (revision < 1) {
      throw new IllegalArgumentException("revisions start at 1, got " + revision);
    }
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(committedBy, "committedBy");
    Objects.requireNonNull(summary, "summary");
  }
}
