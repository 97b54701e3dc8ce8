package dev.larder.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL that {@code apply-postgres} uses: the shared server that tests use ({@code
 * LARDER_TEST_POSTGRES_URL}, a {@code postgresql://user[:password]@host[:port]/database} URL,
 * default {@value #DEFAULT_URL}), each registry in a schema of the benchmark's own ({@code
 * larder_bench_apply_<run>_<n>}, named in the registry URL's {@code currentSchema} so that the
 * store creates it), dropped at the end. Nothing else in the database is touched.
 *
 * @param url the URL as the environment gives it (it may hold a password: never printed)
 * @param jdbcUrl the JDBC URL of the same database, without user or password
 * @param user the user
 * @param password the password, or null
 * @param display the URL without its password, for messages
 */
record BenchPostgres(String url, String jdbcUrl, String user, String password, String display) {
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

  private static final List<String> SCHEMES =
      List.of("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2");

  /** How long to wait for PostgreSQL to accept a connection, in seconds. */
  private static final int CONNECT_TIMEOUT_SECONDS = 3;

  /** The PostgreSQL that the environment names. */
  static BenchPostgres fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * Reads {@code LARDER_TEST_POSTGRES_URL} from {@code env}.
   *
   * @throws IllegalArgumentException when it is not such a URL, or names a {@code currentSchema}
   *     (the benchmark chooses its own)
   */
  static BenchPostgres from(Map<String, String> env) {
    String text = env.getOrDefault("LARDER_TEST_POSTGRES_URL", DEFAULT_URL).strip();
    String example = " (for example " + DEFAULT_URL + ")";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "LARDER_TEST_POSTGRES_URL is not a URL: " + e.getReason() + example, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "LARDER_TEST_POSTGRES_URL must be postgresql://user@host[:port]/database" + example);
    }
    String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException(
          "LARDER_TEST_POSTGRES_URL names no database after the host" + example);
    }
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    for (String pair : query.split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (name.equals("currentSchema") || name.equals("user") || name.equals("password")) {
        throw new IllegalArgumentException(
            "LARDER_TEST_POSTGRES_URL must not set "
                + name
                + " as a parameter: the benchmark names schemas of its own, and the user (and"
                + " password) go before the host"
                + example);
      }
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      throw new IllegalArgumentException(
          "LARDER_TEST_POSTGRES_URL names no user before the host" + example);
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String jdbc =
        "jdbc:postgresql://"
            + host
            + ":"
            + port
            + "/"
            + database
            + (query.isEmpty() ? "" : "?" + query);
    String display =
        colon < 0 ? text : text.replace(userInfo + "@", userInfo.substring(0, colon) + ":***@");
    return new BenchPostgres(text, jdbc, user, password, display);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * The registry URL of {@code feature_store.yaml} for {@code schema}: {@code …?currentSchema=}.
   */
  String registryUrl(String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + checkedName(schema);
  }

  /**
   * The {@code registry} section of {@code feature_store.yaml} for a registry in {@code schema}.
   */
  String registryYaml(String schema) {
    return "{registry_type: sql, path: \"" + registryUrl(schema) + "\"}";
  }

  /** A connection to the database, outside any store; the caller closes it. */
  Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("ApplicationName", "larder-bench");
    return DriverManager.getConnection(jdbcUrl, p);
  }

  /**
   * Checks that the server answers.
   *
   * @throws IllegalStateException naming the server (without its password), the environment
   *     variable and the problem
   */
  void requireReachable() {
    String problem;
    try (Connection c = connect()) {
      problem = c.isValid(CONNECT_TIMEOUT_SECONDS) ? null : "its connection is not valid";
    } catch (SQLException e) {
      problem = scrub(e.getMessage());
    }
    if (problem != null) {
      throw new IllegalStateException(
          "apply-postgres needs PostgreSQL at "
              + this
              + " (LARDER_TEST_POSTGRES_URL), which does not answer: "
              + problem);
    }
  }

  /** Drops each of {@code schemas} with everything in it, if it exists. */
  void dropSchemas(List<String> schemas) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String schema : schemas) {
        s.execute("DROP SCHEMA IF EXISTS " + checkedName(schema) + " CASCADE");
      }
    }
  }

  /** How many schemas of the database have a name starting with {@code prefix}. */
  int schemasStartingWith(String prefix) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, ?)")) {
      s.setString(1, prefix);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static String checkedName(String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    return schema;
  }

  private String scrub(String text) {
    return password == null || password.isEmpty() || text == null
        ? text
        : text.replace(password, "***");
  }

  /** For messages: the URL without its password. */
  @Override
  public String toString() {
    return display;
  }
}
