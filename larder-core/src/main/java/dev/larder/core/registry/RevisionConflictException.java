package dev.larder.core.registry;

import dev.larder.core.ConflictException;

/**
 * A {@link RegistryStore#commit} refused because the store is no longer at the revision the
 * snapshot was made from: another writer committed first, and nothing was written. Stores throw it
 * with the revision they found; {@link Registry} turns it into the message the user reads.
 */
public final class RevisionConflictException extends ConflictException {
  private static final long serialVersionUID = 1L;

  private final long currentRevision;

  /**
   * @param expectedRevision the revision the commit was made from
   * @param currentRevision the revision the store is at
   * @param location where the registry is, for the message
   */
  public RevisionConflictException(
      long expectedRevision, long currentRevision, String location, Throwable cause) {
    super(
        "the registry "
            + location
            + " is at revision "
            + currentRevision
            + ", not at revision "
            + expectedRevision
            + " that the commit was made from; nothing was written",
        "Load the registry again and redo the change on its current revision",
        cause);
    this.currentRevision = currentRevision;
  }

  /** The revision the store was at when it refused the commit. */
  public long currentRevision() {
    return currentRevision;
  }
}
