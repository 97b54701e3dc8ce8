package dev.larder.postgres;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import java.sql.SQLException;

/**
 * Turns what the driver or the pool throws into the {@link BackendException} the user reads (CLI
 * exit 3, server 503): what failed, on which registry (its URL without secrets), and the fix. Tells
 * apart PostgreSQL that cannot be reached, a database that does not exist, a refused user, missing
 * privileges and a statement past its timeout, by SQL state.
 */
final class PostgresFailures {
  private final PostgresUrl url;

  PostgresFailures(PostgresUrl url) {
    this.url = url;
  }

  /**
   * The error of {@code action} ({@code "read"}, {@code "commit to"}, …) failing with {@code e}.
   */
  BackendException of(String action, Throwable e) {
    SQLException sql = innermost(e);
    String state = sql == null ? null : sql.getSQLState();
    String reason = url.scrub(reason(sql == null ? e : sql));
    String where = "the registry " + url;
    if (state == null) {
      return new BackendException(
          "cannot " + action + " " + where + ": " + reason,
          "Check that PostgreSQL runs and answers at "
              + url.host()
              + ":"
              + url.port()
              + ", then run the command again",
          e);
    }
    if (state.equals("3D000")) {
      return new BackendException(
          "the database "
              + Echo.of(url.database())
              + " of "
              + where
              + " does not exist on "
              + url.host()
              + ":"
              + url.port(),
          "Create it (createdb -h "
              + url.host()
              + " -p "
              + url.port()
              + " -U "
              + url.user()
              + " "
              + url.database()
              + "), or name an existing database in registry: path: of feature_store.yaml",
          e);
    }
    if (state.equals("28P01") || state.equals("28000")) {
      return new BackendException(
          "PostgreSQL refused the user " + Echo.of(url.user()) + " of " + where + ": " + reason,
          "Give a user PostgreSQL accepts, and its password, in registry: path: of"
              + " feature_store.yaml (postgresql://user:password@host:port/database), or allow"
              + " the user in PostgreSQL's pg_hba.conf",
          e);
    }
    if (state.equals("42501")) {
      return new BackendException(
          "the user " + Echo.of(url.user()) + " may not " + action + " " + where + ": " + reason,
          "Grant the user the privileges on the registry's tables (and CREATE on the schema for"
              + " the first use), or use the user that created them",
          e);
    }
    if (state.equals("57014")) {
      return new BackendException(
          "a statement to " + where + " was stopped: " + reason,
          "It ran longer than the statement timeout of "
              + PostgresRegistryStore.STATEMENT_TIMEOUT.toSeconds()
              + " s; check PostgreSQL's load and locks (pg_stat_activity), then run the command"
              + " again",
          e);
    }
    if (state.equals("53300")) {
      return new BackendException(
          "PostgreSQL has no connection to spare for " + where + ": " + reason,
          "Raise max_connections in PostgreSQL or run fewer processes at once",
          e);
    }
    if (state.startsWith("08") || state.startsWith("57P")) {
      return new BackendException(
          "cannot reach PostgreSQL for " + where + ": " + reason,
          "Start PostgreSQL, or correct the host and port in registry: path: of"
              + " feature_store.yaml, then run the command again",
          e);
    }
    return new BackendException(
        "cannot " + action + " " + where + ": " + reason + " (SQL state " + state + ")", null, e);
  }

  /** The innermost SQL exception with a SQL state in {@code e}'s causes, else the outermost. */
  private static SQLException innermost(Throwable e) {
    SQLException found = null;
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof SQLException s && (found == null || s.getSQLState() != null)) {
        found = s;
      }
    }
    return found;
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "no reason given" : message.strip();
  }
}
