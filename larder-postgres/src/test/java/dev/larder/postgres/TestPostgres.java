package dev.larder.postgres;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL that tests use (DESIGN B9): {@code LARDER_TEST_POSTGRES_URL} (default {@code
 * postgresql://postgres@127.0.0.1:5432/test}). Each test works in a schema of its own ({@link
 * #newSchema}), named in the URL's {@code currentSchema} so the store creates it, and drops it
 * afterwards ({@link #dropSchema}). When PostgreSQL does not answer, a test is skipped with the
 * reason printed, but when {@code CI=true} that is a failure, since CI starts PostgreSQL.
 */
final class TestPostgres {
  static final String URL =
      System.getenv()
          .getOrDefault("LARDER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
          .strip();

  private TestPostgres() {}

  /** The test database's URL, parsed. */
  static PostgresUrl url() {
    return PostgresUrl.parse(URL);
  }

  /** The test database's URL with {@code currentSchema=schema}. */
  static String url(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * The test database's URL with its host and port replaced by {@code host:port} (a proxy's) and
   * {@code currentSchema=schema}; user, password and other parameters stay.
   */
  static String urlThrough(String host, int port, String schema) {
    String through = URL.replaceFirst("^([^:]+://(?:[^@/?]*@)?)[^/?]*", "$1" + host + ":" + port);
    return through + (through.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Skips (or, on CI, fails) the calling test class when the test PostgreSQL does not answer. */
  static void requireReachable() {
    String problem;
    try (Connection c = connect()) {
      problem = c.isValid(3) ? null : "its connection is not valid";
    } catch (SQLException | IllegalArgumentException e) {
      problem = e.getMessage();
    }
    if (problem == null) {
      return;
    }
    String reason =
        "PostgreSQL at "
            + url()
            + " (LARDER_TEST_POSTGRES_URL) does not answer: "
            + url().scrub(problem);
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + "; CI must start it (see .ci/run)");
    }
    System.out.println("skipping PostgreSQL tests: " + reason);
    assumeTrue(false, reason);
  }

  /** A connection to the test database, outside any store; the caller closes it. */
  static Connection connect() throws SQLException {
    PostgresUrl url = url();
    Properties p = url.properties(java.util.Map.of("connectTimeout", "3"));
    return DriverManager.getConnection(url.jdbcUrl(), p);
  }

  /** A fresh schema name (not created: the store creates the schema its URL names). */
  static String newSchema(String base) {
    return "larder_test_"
        + base
        + "_"
        + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  /** A fresh project name, so that tests sharing a schema never share a project. */
  static String newProject(String base) {
    return base + "_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  /** Runs {@code sql} on the test database. */
  static void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("the test database refused: " + sql, e);
    }
  }

  /** Drops {@code schema} and everything in it, if it exists. */
  static void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS " + PostgresSchema.quote(schema) + " CASCADE");
  }
}
