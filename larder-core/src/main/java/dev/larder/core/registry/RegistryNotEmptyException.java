package dev.larder.core.registry;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.Echo;

/**
 * A {@link RegistryStore#restore} refused because the store's project already holds something (a
 * revision, a training run or an audit entry); nothing was written. Stores throw it with what they
 * found; the words are here, the same for every backend.
 */
public final class RegistryNotEmptyException extends AlreadyExistsException {
  private static final long serialVersionUID = 1L;

  private final long revision;

  /**
   * @param location where the registry is ({@link RegistryStore#location()}: no secrets)
   * @param project the project
   * @param revision the project's current revision there (0 if none)
   * @param runs how many training runs it holds
   * @param auditEntries how many audit entries it holds
   */
  public RegistryNotEmptyException(
      String location, String project, long revision, long runs, long auditEntries) {
    super(
        "the registry "
            + location
            + " already holds project "
            + Echo.of(project)
            + " ("
            + (revision > 0 ? "revision " + revision : "no revision")
            + ", "
            + runs
            + (runs == 1 ? " training run, " : " training runs, ")
            + auditEntries
            + (auditEntries == 1 ? " audit entry" : " audit entries")
            + "); a registry is copied only into a project that holds nothing yet, and nothing"
            + " was written",
        "Copy to a new SQLite file or to a database (or schema) without this project, or move the"
            + " existing registry away first");
    this.revision = revision;
  }

  /** The revision the refusing store's project was at (0 if it had none). */
  public long revision() {
    return revision;
  }
}
