package dev.larder.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One line of the UI's route table: a method, a path pattern and the page handler. A pattern is
 * literal segments and {@code {name}} segments that match one path segment each (decoded), e.g.
 * {@code /ui/feature-views/{name}}; literal segments win over parameters, so {@code
 * /ui/runs/compare} and {@code /ui/runs/{id}} can live side by side.
 *
 * @param method {@code GET} (which also answers {@code HEAD}) or {@code POST}
 * @param pattern the path pattern, under {@code /ui}
 * @param open whether the page is served without signing in when auth is on (the login page and the
 *     static assets only)
 * @param handler what answers
 */
public record UiRoute(String method, String pattern, boolean open, Handler handler) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+|\\{[a-z][A-Za-z0-9]*\\}");

  /** Answers one request of a route. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @throws UiError for an answer that is an error page (not found, bad request)
     * @throws Exception anything else, which the router turns into an error page by its kind
     *     (Larder's errors by their code, others as an internal error without details)
     */
    UiResponse handle(UiRequest request) throws Exception;
  }

  public UiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (!method.equals("GET") && !method.equals("POST")) {
      throw new IllegalArgumentException("a UI route is GET or POST, not " + method);
    }
    if (!pattern.equals(UiPaths.ROOT) && !pattern.startsWith(UiPaths.ROOT + "/")) {
      throw new IllegalArgumentException("a UI route lives under /ui, not " + pattern);
    }
    for (String s : segments(pattern)) {
      if (!SEGMENT.matcher(s).matches()) {
        throw new IllegalArgumentException(
            "segment '" + s + "' of " + pattern + " is neither literal nor {name}");
      }
    }
  }

  /** The parameters of {@code path} if it matches this route's pattern, else {@code null}. */
  Map<String, String> match(List<String> path) {
    List<String> pattern = segments(this.pattern);
    if (pattern.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new TreeMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (p.startsWith("{")) {
        if (path.get(i).isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), path.get(i));
      } else if (!p.equals(path.get(i))) {
        return null;
      }
    }
    return params;
  }

  /** How many literal segments the pattern has (more is more specific). */
  int literals() {
    return (int) segments(pattern).stream().filter(s -> !s.startsWith("{")).count();
  }

  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      out.add(s);
    }
    out.remove(0); // before the leading '/'
    return out;
  }
}
