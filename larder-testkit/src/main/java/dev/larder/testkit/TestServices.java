package dev.larder.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared services that backend tests use (DESIGN B9): PostgreSQL at {@code
 * LARDER_TEST_POSTGRES_URL} (default {@value #DEFAULT_POSTGRES_URL}) and Redis at {@code
 * LARDER_TEST_REDIS} (default {@value #DEFAULT_REDIS}). A service that does not answer skips the
 * calling test with the reason printed, except when the environment has {@code CI=true}: CI starts
 * both, so there it is a failure.
 */
public final class TestServices {
  public static final String DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";
  public static final String DEFAULT_REDIS = "127.0.0.1:6379";

  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  private TestServices() {}

  /** The test PostgreSQL, as a {@code postgresql://} URL. */
  public static String postgresUrl() {
    return System.getenv().getOrDefault("LARDER_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL).strip();
  }

  /** The test Redis, as {@code host:port}. */
  public static String redisAddress() {
    return System.getenv().getOrDefault("LARDER_TEST_REDIS", DEFAULT_REDIS).strip();
  }

  /** A name of {@code base} with a random lower-case part, so that runs never share objects. */
  public static String uniqueName(String base) {
    return base
        + "_"
        + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
  }

  /** Skips (or, on CI, fails) the calling test when the test PostgreSQL does not answer. */
  public static void requirePostgres() {
    try {
      DriverManager.getDriver("jdbc:postgresql://127.0.0.1/test");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "no PostgreSQL JDBC driver on the test class path: add larder-postgres as a test"
              + " dependency",
          e);
    }
    String problem = null;
    try (Connection c = jdbc(null)) {
      c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      problem = e.getMessage();
    }
    require("PostgreSQL at " + postgresUrl() + " (LARDER_TEST_POSTGRES_URL)", problem);
  }

  /** Skips (or, on CI, fails) the calling test when the test Redis does not answer PING. */
  public static void requireRedis() {
    String problem;
    String address = redisAddress();
    int colon = address.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
          CONNECT_TIMEOUT_MILLIS);
      s.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(7);
      String text = new String(reply, StandardCharsets.US_ASCII);
      problem = text.startsWith("+PONG") ? null : "it answered " + text.strip() + " to PING";
    } catch (IOException | RuntimeException e) {
      problem = e.toString();
    }
    require("Redis at " + address + " (LARDER_TEST_REDIS)", problem);
  }

  private static void require(String service, String problem) {
    if (problem == null) {
      return;
    }
    String reason = service + " does not answer: " + problem;
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + "; CI must start it (see .ci/run)");
    }
    System.out.println("skipping: " + reason);
    assumeTrue(false, reason);
  }

  /** The test PostgreSQL URL with its default schema set to {@code schema}. */
  public static String postgresUrl(String schema) {
    String url = postgresUrl();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The test PostgreSQL's host (for a {@link TcpProxy} in front of it). */
  public static String postgresHost() {
    return postgresUri().getHost();
  }

  /** The test PostgreSQL's port. */
  public static int postgresPort() {
    int port = postgresUri().getPort();
    return port < 0 ? 5432 : port;
  }

  /**
   * The test PostgreSQL URL reached at {@code host:port} instead (a {@link TcpProxy}'s), with
   * {@code password} as its password unless the URL has one, and its default schema {@code schema}.
   * PostgreSQL's trust authentication, which the test server uses, ignores a password it did not
   * ask for, so a test can check that the password is never shown.
   */
  public static String postgresUrlThrough(String host, int port, String password, String schema) {
    String url = postgresUrl();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^([^:]+://)(?:([^@/?]*)@)?[^/?]*(.*)$").matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException("not a PostgreSQL URL: " + url);
    }
    String userInfo = m.group(2) == null ? "postgres" : m.group(2);
    if (!userInfo.contains(":")) {
      userInfo += ":" + password;
    }
    String rest = m.group(3);
    return m.group(1)
        + userInfo
        + "@"
        + host
        + ":"
        + port
        + rest
        + (rest.contains("?") ? "&" : "?")
        + "currentSchema="
        + schema;
  }

  private static URI postgresUri() {
    return URI.create(postgresUrl().replaceFirst("^postgres(ql)?(\\+\\w+)?://", "http://"));
  }

  /** Creates the PostgreSQL schema {@code schema} (a plain lower-case name). */
  public static void createSchema(String schema) {
    execute("CREATE SCHEMA " + checkedName(schema));
  }

  /** Drops the PostgreSQL schema {@code schema} with everything in it, if it exists. */
  public static void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS " + checkedName(schema) + " CASCADE");
  }

  private static String checkedName(String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    return schema;
  }

  private static void execute(String sql) {
    try (Connection c = jdbc(null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + postgresUrl() + ": " + e, e);
    }
  }

  /**
   * A JDBC connection to the test PostgreSQL (its driver must be on the test class path: larder-
   * postgres brings it).
   */
  public static Connection jdbc(String schema) throws SQLException {
    URI uri = URI.create(postgresUrl().replaceFirst("^postgresql(\\+\\w+)?://", "http://"));
    String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":", 2)[0];
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + ":"
            + (uri.getPort() < 0 ? 5432 : uri.getPort())
            + uri.getPath()
            + "?user="
            + user
            + "&connectTimeout=2"
            + (schema == null ? "" : "&currentSchema=" + schema);
    return DriverManager.getConnection(jdbc);
  }
}
