package dev.larder.postgres;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.postgresql.PGProperty;

/**
 * A registry's {@code path} of type {@code sql}: a PostgreSQL URL in libpq's form, as Feast writes
 * it, {@code postgresql://user[:password]@host[:port]/database[?name=value&…]}. The schemes {@code
 * postgresql}, {@code postgres}, {@code postgresql+psycopg} and {@code postgresql+psycopg2} are the
 * same. Parameters are the JDBC driver's ({@code currentSchema}, {@code sslmode}, {@code password},
 * …; libpq's {@code application_name} and {@code connect_timeout} are taken too); an unknown one is
 * an error, not ignored.
 *
 * <p>The password (in the user part or as {@code password=}) and {@code sslpassword} are secrets:
 * {@link #toString()} leaves them out, and so does every message of this module.
 */
final class PostgresUrl {
  private static final List<String> SCHEMES =
      List.of("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2");
  private static final List<String> SECRET_PARAMETERS = List.of("password", "sslpassword");
  private static final Map<String, String> LIBPQ_SPELLINGS =
      Map.of("application_name", "ApplicationName", "connect_timeout", "connectTimeout");

  /** An example, for errors. */
  static final String EXAMPLE = "postgresql://larder@127.0.0.1:5432/features";

  private final String user;
  private final String password;
  private final String host;
  private final int port;
  private final String database;
  private final Map<String, String> parameters;
  private final Map<String, String> secrets;

  private PostgresUrl(
      String user,
      String password,
      String host,
      int port,
      String database,
      Map<String, String> parameters,
      Map<String, String> secrets) {
    this.user = user;
    this.password = password;
    this.host = host;
    this.port = port;
    this.database = database;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.secrets = Collections.unmodifiableMap(secrets);
  }

  /**
   * Reads {@code text}; an {@link IllegalArgumentException} says what is wrong without repeating
   * the password.
   */
  static PostgresUrl parse(String text) {
    String value = text == null ? "" : text.strip();
    int schemeEnd = value.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException(
          "it is not a PostgreSQL URL; write it as "
              + EXAMPLE
              + " (the scheme may also be "
              + "postgresql+psycopg://)");
    }
    String scheme = value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "its scheme "
              + Echo.of(scheme)
              + " is not PostgreSQL's; use one of "
              + String.join(", ", SCHEMES)
              + DidYouMean.suffix(scheme, SCHEMES));
    }
    String rest = value.substring(schemeEnd + 3);
    int fragment = rest.indexOf('#');
    if (fragment >= 0) {
      throw new IllegalArgumentException("it has a '#' part, which a PostgreSQL URL has not");
    }
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1), "the database name");
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "the user name");
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "the password");
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("its host starts with '[' but has no ']'");
      }
      host = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (after.startsWith(":")) {
        portText = after.substring(1);
      } else if (!after.isEmpty()) {
        throw new IllegalArgumentException("its host is followed by " + Echo.of(after));
      }
    } else {
      if (authority.contains(",")) {
        throw new IllegalArgumentException("it names several hosts; name one");
      }
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("it names no host; write it as " + EXAMPLE);
    }
    int port = 5432;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "its port " + Echo.of(portText) + " is not a number from 1 to 65535");
      }
    }
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException(
          "it names no database after the host (or more than one); write it as " + EXAMPLE);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name");
      String parameterValue = eq < 0 ? "" : decode(pair.substring(eq + 1), "a parameter value");
      name = LIBPQ_SPELLINGS.getOrDefault(name, name);
      if (name.equals("user")) {
        if (user != null) {
          throw new IllegalArgumentException(
              "it names the user twice (before the host and as" + " user=); keep one");
        }
        user = parameterValue;
        continue;
      }
      if (name.equals("password")) {
        if (password != null) {
          throw new IllegalArgumentException(
              "it gives the password twice (before the host and as" + " password=); keep one");
        }
        password = parameterValue;
        continue;
      }
      checkKnown(name);
      (SECRET_PARAMETERS.contains(name) ? secrets : parameters).put(name, parameterValue);
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException(
          "it names no user; write it as " + EXAMPLE + " (user larder)");
    }
    return new PostgresUrl(user, password, host, port, database, parameters, secrets);
  }

  private static void checkKnown(String name) {
    PGProperty property = PGProperty.forName(name);
    if (property == null
        || property == PGProperty.PG_HOST
        || property == PGProperty.PG_PORT
        || property == PGProperty.PG_DBNAME) {
      TreeSet<String> known = new TreeSet<>();
      for (PGProperty p : PGProperty.values()) {
        known.add(p.getName());
      }
      known.addAll(LIBPQ_SPELLINGS.keySet());
      throw new IllegalArgumentException(
          "it has an unknown parameter "
              + Echo.of(name)
              + DidYouMean.sentenceEnd(name, known)
              + " The parameters are PostgreSQL JDBC's, such as currentSchema, sslmode,"
              + " ApplicationName, connectTimeout");
    }
  }

  private static String decode(String text, String what) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " has a malformed %-escape", e);
    }
  }

  /** {@code text} with every byte outside letters, digits and {@code -._~,} %-escaped. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~,".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  String user() {
    return user;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String database() {
    return database;
  }

  /** The first schema of {@code currentSchema}, if it names one. */
  String schema() {
    String schemas = parameters.get("currentSchema");
    if (schemas == null || schemas.isBlank()) {
      return null;
    }
    return schemas.split(",")[0].strip();
  }

  /** The JDBC URL, without user and secrets (they go in {@link #properties}). */
  String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(host)
            .append(':')
            .append(port)
            .append('/')
            .append(encode(database));
    appendParameters(url, parameters);
    return url.toString();
  }

  /**
   * The connection properties: {@code defaults} (timeouts, the application name), then the user,
   * the password and the secret parameters. Parameters in the URL win over {@code defaults}.
   */
  Properties properties(Map<String, String> defaults) {
    Properties p = new Properties();
    defaults.forEach(
        (k, v) -> {
          if (!parameters.containsKey(k)) {
            p.setProperty(k, v);
          }
        });
    p.setProperty(PGProperty.USER.getName(), user);
    if (password != null) {
      p.setProperty(PGProperty.PASSWORD.getName(), password);
    }
    secrets.forEach(p::setProperty);
    return p;
  }

  /** The secret texts, to blank out of a driver's message should it quote one. */
  List<String> secretTexts() {
    List<String> out = new ArrayList<>();
    if (password != null && !password.isEmpty()) {
      out.add(password);
    }
    secrets.values().stream().filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }

  /** {@code text} with every secret replaced by {@code ***}. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secretTexts()) {
      out = out.replace(secret, "***");
    }
    return out;
  }

  /** {@code postgresql://user@host:port/database?…}, without the password or any secret. */
  @Override
  public String toString() {
    StringBuilder url =
        new StringBuilder("postgresql://")
            .append(encode(user))
            .append('@')
            .append(host)
            .append(':')
            .append(port)
            .append('/')
            .append(encode(database));
    appendParameters(url, parameters);
    return url.toString();
  }

  private static void appendParameters(StringBuilder url, Map<String, String> parameters) {
    char separator = '?';
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      url.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      separator = '&';
    }
  }
}
