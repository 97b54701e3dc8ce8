package dev.larder.server;

import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;

/**
 * A handler that the feature server serves under a path prefix beside its own API, e.g. the web UI
 * under {@code /ui}: every request whose path is the prefix or starts with the prefix and a {@code
 * /} goes to it, whatever its method, and nothing else does. The feature server knows nothing of
 * what the handler serves: a mounted handler does its own authentication, parsing and replies (the
 * API's routes, {@code Authorization: Bearer} checks and JSON errors do not apply to it). Its
 * requests count in {@code /metrics} under the prefix as their endpoint.
 *
 * @param prefix the path prefix: {@code /} and one or more segments of letters, digits, {@code -}
 *     and {@code _}, no trailing {@code /}
 * @param handler what answers those requests
 */
public record Mount(String prefix, Handler handler) {
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_-]+)+");

  public Mount {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(handler, "handler");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "mount prefix " + prefix + " is not /segment[/segment…] of letters, digits, - and _");
    }
  }

  /** Whether {@code path} is under this mount. */
  boolean covers(String path) {
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }
}
