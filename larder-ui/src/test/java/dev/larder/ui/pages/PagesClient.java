package dev.larder.ui.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small HTTP client of a UI (or API) on a local port: GETs, and form POSTs that carry the
 * anti-forgery cookie and token a GET of the form's page handed out.
 */
final class PagesClient {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final int port;

  PagesClient(int port) {
    this.port = port;
  }

  /** One exchange. */
  record Answer(int status, String body, HttpResponse<String> response) {
    /** {@code name=value} of every cookie the response sets, for a {@code Cookie} header. */
    String cookies() {
      return response.headers().allValues("Set-Cookie").stream()
          .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
          .collect(Collectors.joining("; "));
    }

    /** The value of the hidden form field {@code name} in the page. */
    String hidden(String name) {
      Matcher m =
          Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(body);
      if (!m.find()) {
        throw new AssertionError("no hidden field " + name + " in " + body);
      }
      return m.group(1);
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  Answer postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /**
   * Fetches the page {@code formPage} for its anti-forgery token and cookie, then posts {@code
   * form} with them to {@code path}.
   */
  Answer submit(String formPage, String path, Map<String, String> form) {
    Answer page = get(formPage);
    Map<String, String> fields = new LinkedHashMap<>(form);
    fields.put("csrf", page.hidden("csrf"));
    return post(path, fields, page.cookies());
  }

  Answer post(String path, Map<String, String> form, String cookies) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookies != null && !cookies.isEmpty()) {
      b.header("Cookie", cookies);
    }
    return send(b.build());
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port).resolve(path);
  }
}
