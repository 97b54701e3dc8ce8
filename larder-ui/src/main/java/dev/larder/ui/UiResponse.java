package dev.larder.ui;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a page handler answers: an HTML page with a status, or a redirect (303, so a form's POST is
 * followed by a GET), plus any cookies to set. Made by {@link UiRequest#render} and {@link
 * #redirect}.
 *
 * @param status the HTTP status
 * @param contentType the content type of {@code body}
 * @param body the body ({@code null} for a redirect)
 * @param location where a redirect points ({@code null} otherwise)
 * @param setCookies {@code Set-Cookie} header values
 * @param headers other headers to send, by name
 */
public record UiResponse(
    int status,
    String contentType,
    byte[] body,
    String location,
    List<String> setCookies,
    Map<String, String> headers) {
  static final String HTML = "text/html; charset=utf-8";

  public UiResponse {
    setCookies = List.copyOf(setCookies);
    headers = Map.copyOf(headers);
    if (location == null) {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(contentType, "contentType");
    }
  }

  /** An HTML page. */
  public static UiResponse html(int status, byte[] body) {
    return new UiResponse(status, HTML, body, null, List.of(), Map.of());
  }

  /** A body of another type (JSON for a page's script, say). */
  public static UiResponse of(int status, String contentType, byte[] body) {
    return new UiResponse(status, contentType, body, null, List.of(), Map.of());
  }

  /** A body of another type, as UTF-8 text. */
  public static UiResponse text(int status, String contentType, String body) {
    return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A redirect to {@code location}, a path under {@code /ui} (with its query): 303 See Other.
   *
   * @throws IllegalArgumentException for a location outside the UI (no open redirects)
   */
  public static UiResponse redirect(String location) {
    if (!UiPaths.isLocal(location)) {
      throw new IllegalArgumentException("a redirect must stay under /ui, not " + location);
    }
    return new UiResponse(303, null, null, location, List.of(), Map.of());
  }

  /** This response with one more {@code Set-Cookie} header. */
  public UiResponse withCookie(String setCookie) {
    List<String> all = new ArrayList<>(setCookies);
    all.add(setCookie);
    return new UiResponse(status, contentType, body, location, all, headers);
  }

  /** This response with the header {@code name} set to {@code value}. */
  public UiResponse withHeader(String name, String value) {
    Map<String, String> all = new java.util.TreeMap<>(headers);
    all.put(name, value);
    return new UiResponse(status, contentType, body, location, setCookies, all);
  }
}
