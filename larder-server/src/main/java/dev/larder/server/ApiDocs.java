package dev.larder.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The server's description of itself: {@code GET /openapi.json} (OpenAPI 3.1) and {@code GET /docs}
 * (Swagger UI, its assets served from the swagger-ui WebJar in this jar, so the page works with no
 * internet). Both stay open when auth is on, like {@code /health}.
 *
 * <p>The document is the resource {@code openapi.json} beside this class, checked against the route
 * table when the server starts: every route has its path and method described, and every path the
 * document describes has a route, or the server does not start ({@link #routes}); so the two cannot
 * drift apart unnoticed (OpenApiTest starts a server, and checks real replies against the
 * document's schemas). With auth on, the document gains the bearer security scheme, required by
 * every route that needs a key, and their 401 reply.
 */
final class ApiDocs {
  /** The document, beside this class. */
  static final String SPEC_RESOURCE = "openapi.json";

  static final String SPEC_PATH = "/openapi.json";
  static final String DOCS_PATH = "/docs";

  /** The name of the security scheme that the document declares when auth is on. */
  static final String SECURITY_SCHEME = "apiKey";

  /** Swagger UI's own files served under {@code /docs/}, from its WebJar. */
  private static final List<String> ASSETS =
      List.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "favicon-16x16.png");

  private static final String PAGE =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Larder feature server: HTTP API</title>
        <link rel="stylesheet" href="docs/swagger-ui.css">
        <link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
        <link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="docs/swagger-ui-bundle.js"></script>
        <script src="docs/init.js"></script>
      </body>
      </html>
      """;

  /**
   * Starts Swagger UI on the document. Paths are relative to the page ({@code /docs}), so the docs
   * also work behind a proxy that serves the server under a prefix. {@code validatorUrl: null}:
   * Swagger UI would otherwise send the document to an online validator for a badge.
   */
  private static final String INIT =
      """
      window.addEventListener("load", function () {
        window.ui = SwaggerUIBundle({
          url: "openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis],
          layout: "BaseLayout"
        });
      });
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiDocs() {}

  /**
   * The routes of the document and the docs, for a server whose other routes are {@code api}.
   *
   * @param authRequired whether the server asks for an API key ({@code auth: {type: api_key}})
   * @throws IllegalStateException when the document and {@code api} do not describe the same routes
   */
  static List<Route> routes(List<Route> api, boolean authRequired) {
    Reply[] spec = new Reply[1];
    Reply page = new Reply(200, "text/html; charset=utf-8", bytes(PAGE));
    Reply init = new Reply(200, "text/javascript; charset=utf-8", bytes(INIT));
    List<Route> routes = new ArrayList<>();
    routes.add(Route.open(SPEC_PATH, (caller, body) -> spec[0]));
    routes.add(Route.open(DOCS_PATH, (caller, body) -> page));
    routes.add(Route.open(DOCS_PATH + "/init.js", (caller, body) -> init));
    String webjar = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    for (String asset : ASSETS) {
      Supplier<Reply> reply =
          lazily(() -> new Reply(200, contentType(asset), read(webjar + asset)));
      routes.add(Route.open(DOCS_PATH + "/" + asset, (caller, body) -> reply.get()));
    }
    List<Route> all = new ArrayList<>(api);
    all.addAll(routes);
    spec[0] = new Reply(200, Reply.JSON, render(load(), all, authRequired));
    return routes;
  }

  /** The document as a tree, as committed. */
  static ObjectNode load() {
    try (InputStream in = ApiDocs.class.getResourceAsStream(SPEC_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + SPEC_RESOURCE + " is missing");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + SPEC_RESOURCE, e);
    }
  }

  /**
   * The document served for {@code routes}: checked against them, with the bearer scheme when
   * {@code authRequired}.
   */
  static byte[] render(ObjectNode spec, List<Route> routes, boolean authRequired) {
    ObjectNode paths = (ObjectNode) spec.required("paths");
    Set<String> described = new TreeSet<>();
    paths.properties().forEach(p -> described.add(p.getKey()));
    List<String> problems = new ArrayList<>();
    for (Route r : routes) {
      if (r.path().startsWith(DOCS_PATH + "/")) {
        continue;
      }
      JsonNode operation = paths.path(r.path()).path(r.method().toLowerCase(Locale.ROOT));
      if (operation.isMissingNode()) {
        problems.add(r.method() + " " + r.path() + " is not described");
      }
      described.remove(r.path());
      if (authRequired && r.secured()) {
        ObjectNode op = (ObjectNode) operation;
        op.putArray("security").addObject().putArray(SECURITY_SCHEME);
        ((ObjectNode) op.required("responses"))
            .putObject("401")
            .put("$ref", "#/components/responses/Unauthorized");
      }
    }
    for (String path : described) {
      problems.add(path + " is described but the server has no route for it");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          SPEC_RESOURCE + " does not match the route table: " + String.join("; ", problems));
    }
    if (authRequired) {
      ((ObjectNode) spec.required("components"))
          .putObject("securitySchemes")
          .putObject(SECURITY_SCHEME)
          .put("type", "http")
          .put("scheme", "bearer")
          .put(
              "description",
              "An API key of the repository's keys file (larder auth add-key), sent as"
                  + " 'Authorization: Bearer <key>'");
    } else {
      removeUnauthorized(spec);
    }
    try {
      return JSON.writeValueAsBytes(spec);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to memory", e);
    }
  }

  /** Without auth no reply is 401: the shared 401 reply goes (nothing refers to it). */
  private static void removeUnauthorized(ObjectNode spec) {
    JsonNode responses = spec.path("components").path("responses");
    if (responses instanceof ObjectNode o) {
      o.remove("Unauthorized");
    }
  }

  /** The version of the swagger-ui WebJar on the class path (its folder name). */
  static String swaggerUiVersion() {
    String resource = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui WebJar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }

  private static String contentType(String asset) {
    if (asset.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (asset.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (asset.endsWith(".png")) {
      return "image/png";
    }
    throw new IllegalArgumentException("no content type known for " + asset);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code supplier}'s value, computed at the first call (the assets weigh 2 MB together). */
  private static <T> Supplier<T> lazily(Supplier<T> supplier) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = supplier.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }
}
