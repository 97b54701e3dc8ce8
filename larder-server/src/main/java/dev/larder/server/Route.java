package dev.larder.server;

import dev.larder.core.FeatureStore;
import java.io.IOException;
import java.util.Objects;

/**
 * One line of the server's route table: a method, a path, the endpoint that answers it and, for an
 * endpoint behind authentication, how to name what a request asks for.
 *
 * @param method {@code GET} or {@code POST}
 * @param path the exact path, e.g. {@code /get-online-features}
 * @param endpoint what answers
 * @param access names the action and resource a request asks for (for the 401 answer), from its
 *     body; {@code null} for an endpoint open to everyone ({@code /health}, {@code /metrics})
 */
record Route(String method, String path, Endpoint endpoint, Access access) {
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** Answers one request: parses the body, calls the feature store, renders the reply. */
  @FunctionalInterface
  interface Endpoint {
    /**
     * @param store the feature store acting as the caller (the API key's user when auth is on)
     * @param body the request body (empty for {@code GET}), at most the configured limit
     */
    Reply handle(FeatureStore store, byte[] body) throws IOException;
  }

  /** Names what a request asks for, e.g. {@code read_online on feature view 'v'}. */
  @FunctionalInterface
  interface Access {
    /** Best effort from a body that may be malformed; never throws. */
    String describe(byte[] body);
  }

  /** Whether the endpoint needs credentials when auth is on. */
  boolean secured() {
    return access != null;
  }

  /** An endpoint open to everyone, also when auth is on. */
  static Route open(String path, Endpoint endpoint) {
    return new Route("GET", path, endpoint, null);
  }

  /** A {@code POST} endpoint behind authentication when auth is on. */
  static Route post(String path, Endpoint endpoint, Access access) {
    return new Route("POST", path, endpoint, Objects.requireNonNull(access, "access"));
  }
}
