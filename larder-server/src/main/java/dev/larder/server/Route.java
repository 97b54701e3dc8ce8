package dev.larder.server;

import java.io.IOException;
import java.util.Objects;

/**
 * One line of the server's route table: a method, a path and the endpoint that answers it.
 *
 * @param method {@code GET} or {@code POST}
 * @param path the exact path, e.g. {@code /get-online-features}
 * @param endpoint what answers
 */
record Route(String method, String path, Endpoint endpoint) {
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** Answers one request: parses the body, calls the feature store, renders the reply. */
  @FunctionalInterface
  interface Endpoint {
    /**
     * @param body the request body (empty for {@code GET}), at most the configured limit
     */
    Reply handle(byte[] body) throws IOException;
  }

  static Route get(String path, Endpoint endpoint) {
    return new Route("GET", path, endpoint);
  }

  static Route post(String path, Endpoint endpoint) {
    return new Route("POST", path, endpoint);
  }
}
