package dev.larder.core.offline.duckdb;

import dev.larder.core.Activity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs SQL on the engine's DuckDB connection, whose results stream (so that large results never sit
 * in memory). DuckDB's JDBC driver (2.0) reports any failure of a streamed query only as {@code
 * Invalid Input Error: Invalid result set}, losing the real error (a value that does not convert,
 * say); {@link #explained} recovers it by running the query again as a statement without a result,
 * which reports errors in full.
 */
final class DuckDbSql {
  private static final String LOST = "Invalid result set";

  private DuckDbSql() {}

  /** Runs statements that return no rows. */
  static void execute(Connection connection, String sql) throws SQLException {
    long began = Activity.start();
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
    if (Activity.enabled()) {
      Activity.log(
          DuckDbSql.class, "duckdb ({}): {}", Activity.since(began), Activity.oneLine(sql));
    }
  }

  /**
   * Runs a query; closing the result set closes its statement. A failure comes back {@link
   * #explained}.
   */
  static ResultSet query(Connection connection, String sql) throws SQLException {
    long began = Activity.start();
    Statement s = connection.createStatement();
    try {
      ResultSet rs = s.executeQuery(sql);
      s.closeOnCompletion();
      if (Activity.enabled()) {
        Activity.log(
            DuckDbSql.class,
            "duckdb (first rows in {}): {}",
            Activity.since(began),
            Activity.oneLine(sql));
      }
      return rs;
    } catch (SQLException e) {
      s.close();
      throw explained(connection, sql, e);
    }
  }

  /**
   * The real error behind a failure of the streamed query {@code sql}: when {@code e} hides it, the
   * query runs again into a scratch table, and the error that raises (with {@code e} suppressed) is
   * returned; otherwise {@code e} itself.
   */
  static SQLException explained(Connection connection, String sql, SQLException e) {
    if (e.getMessage() == null || !e.getMessage().contains(LOST)) {
      return e;
    }
    String scratch = "__larder_explain";
    try {
      execute(connection, "CREATE OR REPLACE TEMP TABLE " + scratch + " AS " + sql);
    } catch (SQLException real) {
      real.addSuppressed(e);
      return real;
    } finally {
      try {
        execute(connection, "DROP TABLE IF EXISTS " + scratch);
      } catch (SQLException dropped) {
        e.addSuppressed(dropped);
      }
    }
    return e;
  }
}
