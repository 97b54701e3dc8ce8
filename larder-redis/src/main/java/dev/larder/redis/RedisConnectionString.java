package dev.larder.redis;

import dev.larder.core.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Feast's {@code connection_string}: {@code host:port[,host:port…][,password=…][,username=…]
 * [,ssl=true][,db=N]}, items separated by commas, parameters being the items with an {@code =}.
 * {@code skip_full_coverage_check} (a Python client's cluster option) is accepted and has no
 * effect. Neither {@link #toString} nor a parse error ever shows the password: errors name an item
 * by its place, never by its text, since a value substituted from an environment variable ({@code
 * ${REDIS_PASSWORD}}) may land in any item when the string is mistyped (a missing {@code
 * password=}). A password cannot contain a comma (as in Feast, items are split at commas).
 *
 * @param nodes the servers, at least one
 * @param username the user for Redis ACLs, or {@code null}
 * @param password the password, or {@code null}
 * @param ssl whether to connect with TLS
 * @param database the database number ({@code db}), 0 unless given
 */
record RedisConnectionString(
    List<Node> nodes, String username, String password, boolean ssl, int database) {
  /** The parameters a connection string may hold. */
  static final List<String> PARAMETERS =
      List.of("password", "username", "ssl", "db", "skip_full_coverage_check");

  /** One server. */
  record Node(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  RedisConnectionString {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no host:port");
    }
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message that never contains the password
   */
  static RedisConnectionString parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Node> nodes = new ArrayList<>();
    String username = null;
    String password = null;
    boolean ssl = false;
    int db = 0;
    String[] items = text.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i].strip();
      String place = "item " + (i + 1) + " of " + items.length;
      if (item.isEmpty()) {
        throw new IllegalArgumentException(
            place
                + " is empty (two commas in a row, or one at an end); expected"
                + " host:port[,host:port…][,password=…][,ssl=true][,db=N]");
      }
      int eq = item.indexOf('=');
      if (eq < 0) {
        nodes.add(node(item, place));
        continue;
      }
      String key = item.substring(0, eq).strip();
      String value = unquote(item.substring(eq + 1).strip());
      switch (key) {
        case "password" -> password = value;
        case "username" -> username = value;
        case "ssl" -> ssl = bool(key, value);
        case "db" -> db = number("'db'", value, 0, Integer.MAX_VALUE);
        case "skip_full_coverage_check" -> bool(key, value);
        default ->
            throw new IllegalArgumentException(
                place
                    + " is an unknown parameter"
                    + DidYouMean.sentenceEnd(key, PARAMETERS)
                    + " The parameters are "
                    + String.join(", ", PARAMETERS));
      }
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("it names no host:port");
    }
    return new RedisConnectionString(nodes, username, password, ssl, db);
  }

  private static Node node(String item, String place) {
    int colon = item.lastIndexOf(':');
    String host = colon < 0 ? item : item.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (colon < 0 || host.isEmpty()) {
      throw new IllegalArgumentException(
          place + " is neither host:port (for example 127.0.0.1:6379) nor a name=value parameter");
    }
    int port = number("the port of " + place, item.substring(colon + 1), 1, 65_535);
    return new Node(host, port);
  }

  /** A JSON string value ({@code "secret"}) is taken without its quotes, as Feast's parser does. */
  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static boolean bool(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + key + "' must be true or false");
    };
  }

  /** {@code value} as a whole number from {@code min} to {@code max}; errors never show it. */
  private static int number(String what, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + " must be a whole number from " + min + " to " + max);
  }

  /**
   * The scheme, user and servers without the password or the database: {@code
   * rediss://user@a:1,b:2}.
   */
  String servers() {
    StringBuilder out = new StringBuilder(ssl ? "rediss://" : "redis://");
    if (username != null) {
      out.append(username).append('@');
    }
    for (int i = 0; i < nodes.size(); i++) {
      out.append(i == 0 ? "" : ",").append(nodes.get(i));
    }
    return out.toString();
  }

  /** The servers and options, without the password: for messages and {@code location()}. */
  @Override
  public String toString() {
    return servers() + "/" + database;
  }
}
