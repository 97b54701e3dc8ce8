package dev.larder.server;

import dev.larder.core.FeatureStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's handler for the route table: finds the route by exact path, checks the method, reads the
 * body within the limit, authenticates the caller of a secured route ({@link ServerAuth}), calls
 * the endpoint with the feature store acting as that caller, maps a failure through {@link
 * ErrorMapping}, writes the reply in one buffer and counts the request in {@link ServerMetrics}.
 * Endpoints block on the calling Jetty thread, which is what the feature store's reads expect.
 */
final class RouteTable extends Handler.Abstract {
  private static final byte[] NO_BODY = new byte[0];

  private final Map<String, Route> routes = new HashMap<>();
  private final String listing;

  /** The most of an oversized body that is read and thrown away to keep the connection sane. */
  static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;

  private final long maxBodyBytes;
  private final ServerMetrics metrics;
  private final FeatureStore store;
  private final ServerAuth auth;

  RouteTable(
      List<Route> routes,
      long maxBodyBytes,
      ServerMetrics metrics,
      FeatureStore store,
      ServerAuth auth) {
    super(InvocationType.BLOCKING);
    for (Route r : routes) {
      if (this.routes.putIfAbsent(r.path(), r) != null) {
        throw new IllegalArgumentException("two routes for " + r.path());
      }
    }
    this.listing =
        String.join(", ", routes.stream().map(r -> r.method() + " " + r.path()).toList());
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.store = store;
    this.auth = auth;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    Route route = routes.get(request.getHttpURI().getPath());
    Reply reply;
    try {
      reply = answer(route, request);
    } catch (Exception e) {
      reply = ErrorMapping.reply(e);
    }
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    if (reply.status() == 405) {
      response.getHeaders().put(HttpHeader.ALLOW, route.method());
    }
    if (reply.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    }
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    metrics.request(
        route == null ? ServerMetrics.OTHER : route.path(),
        reply.status(),
        System.nanoTime() - start);
    return true;
  }

  private Reply answer(Route route, Request request) throws Exception {
    if (route == null) {
      throw new HttpError(
          404,
          "NOT_FOUND",
          "no endpoint at " + request.getHttpURI().getPath() + "; the endpoints are " + listing);
    }
    if (!route.method().equals(request.getMethod())) {
      throw new HttpError(
          405,
          "METHOD_NOT_ALLOWED",
          route.path() + " takes " + route.method() + ", not " + request.getMethod());
    }
    byte[] body = route.method().equals("POST") ? body(request) : NO_BODY;
    FeatureStore caller =
        route.secured()
            ? auth.caller(
                store,
                request.getHeaders().get(HttpHeader.AUTHORIZATION),
                () -> route.method() + " " + route.path() + ": " + route.access().describe(body))
            : store;
    return route.endpoint().handle(caller, body);
  }

  /**
   * The whole body, or a 413 error once it is longer than the limit. The rest of an oversized body
   * is read and discarded (up to {@link #DRAIN_LIMIT_BYTES}) before the answer goes out: a server
   * that closes a connection with unread bytes makes the kernel reset it, and the client then sees
   * a broken connection instead of the 413.
   */
  private byte[] body(Request request) throws Exception {
    long declared = request.getLength();
    try (InputStream in = Request.asInputStream(request)) {
      if (declared > maxBodyBytes) {
        drain(in, declared);
        throw tooLarge(declared + " bytes");
      }
      int limit = (int) Math.min(maxBodyBytes, Integer.MAX_VALUE - 16);
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        drain(in, -1);
        throw tooLarge("more than " + limit + " bytes");
      }
      return body;
    }
  }

  /** Reads and discards what is left of a body the server will not use, within a bound. */
  private static void drain(InputStream in, long declared) {
    if (declared > DRAIN_LIMIT_BYTES) {
      return;
    }
    byte[] sink = new byte[8192];
    long left = DRAIN_LIMIT_BYTES;
    try {
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // The client went away while sending; the 413 is still the answer to give.
    }
  }

  private HttpError tooLarge(String size) {
    return new HttpError(
        413,
        "PAYLOAD_TOO_LARGE",
        String.format(
            Locale.ROOT,
            "the request body (%s) is over the server's limit of %d bytes; send fewer rows per"
                + " request or start the server with a larger --max-body-size",
            size,
            maxBodyBytes));
  }
}
