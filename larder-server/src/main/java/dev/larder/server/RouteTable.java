package dev.larder.server;

import dev.larder.core.FeatureStore;
import dev.larder.core.repo.FeatureServerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Jetty's handler for the route table. For each request it:
 *
 * <ol>
 *   <li>finds the route by exact path and checks the method ({@code HEAD} wherever {@code GET});
 *   <li>answers {@code GET} routes ({@code /health}, {@code /metrics}) at once, from memory;
 *   <li>checks the headers of a {@code POST}: one {@code Authorization} header at most, a {@code
 *       Content-Encoding} it can decode, and the API key, all before any of the body is read;
 *   <li>receives the body without holding a thread ({@link BodyReader}: bounded in size, rate and
 *       memory);
 *   <li>hands the work to the bounded pool of workers ({@code
 *       feature_server.max_concurrent_requests} at once, {@code max_queued_requests} waiting, 503
 *       beyond), which decodes the body, calls the endpoint with the feature store acting as the
 *       caller and writes the reply.
 * </ol>
 *
 * Every reply carries its {@code Content-Length}, so a reply cut short (by a stop that could not
 * wait for it) is visibly broken to the client. Failures go through {@link ErrorMapping}; every
 * request is counted in {@link ServerMetrics}.
 */
final class RouteTable extends Handler.Abstract {
  private static final byte[] NO_BODY = new byte[0];

  /**
   * Replies larger than this are handed to the connection a slice at a time. Written whole, the JDK
   * copies what is left of a heap buffer into a temporary direct buffer of that size at every
   * partial write to the socket, and keeps it cached in the writing thread: a 22 MB reply cost 22
   * MB of native memory in each thread that wrote part of it, and copies that added up to many
   * times its size.
   */
  static final int WRITE_SLICE_BYTES = 64 * 1024;

  /** How much of a refused request's body is kept to name what it asked for (the 401 message). */
  private static final int SNIFF_BYTES = 64 * 1024;

  private final Map<String, Route> routes = new HashMap<>();
  private final String listing;
  private final FeatureServerConfig limits;
  private final ServerMetrics metrics;
  private final FeatureStore store;
  private final ServerAuth auth;
  private final Executor work;
  private final BodyBudget budget;
  private final long graceNanos;

  RouteTable(
      List<Route> routes,
      FeatureServerConfig limits,
      ServerMetrics metrics,
      FeatureStore store,
      ServerAuth auth,
      Executor work) {
    super(InvocationType.BLOCKING);
    for (Route r : routes) {
      if (this.routes.putIfAbsent(r.path(), r) != null) {
        throw new IllegalArgumentException("two routes for " + r.path());
      }
    }
    this.listing =
        String.join(", ", routes.stream().map(r -> r.method() + " " + r.path()).toList());
    this.limits = limits;
    this.metrics = metrics;
    this.store = store;
    this.auth = auth;
    this.work = work;
    this.budget = new BodyBudget(limits.maxBufferedBodyBytes());
    this.graceNanos = TimeUnit.SECONDS.toNanos(FeatureServerConfig.BODY_GRACE_SECONDS);
  }

  /** The bytes of request bodies held in memory now. */
  long bufferedBodyBytes() {
    return budget.inUse();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Route route = routes.get(request.getHttpURI().getPath());
    Exchange x = new Exchange(request, response, callback, route);
    try {
      dispatch(x);
    } catch (Exception e) {
      x.reply(ErrorMapping.reply(e));
    }
    return true;
  }

  private void dispatch(Exchange x) throws IOException {
    Route route = x.route;
    Request request = x.request;
    String method = request.getMethod();
    if (route == null) {
      x.refuse(
          new HttpError(
              404,
              "NOT_FOUND",
              "no endpoint at "
                  + ErrorMapping.quote(request.getHttpURI().getPath())
                  + "; the endpoints are "
                  + listing));
      return;
    }
    boolean get = route.method().equals("GET");
    if (!(route.method().equals(method) || (get && method.equals("HEAD")))) {
      x.refuse(
          new HttpError(
              405,
              "METHOD_NOT_ALLOWED",
              route.path()
                  + " takes "
                  + (get ? "GET (or HEAD)" : route.method())
                  + ", not "
                  + ErrorMapping.quote(method)));
      return;
    }
    if (get) {
      x.reply(route.endpoint().handle(store, NO_BODY));
      return;
    }
    List<String> authorizations = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
    if (authorizations.size() > 1) {
      x.refuse(
          new HttpError(
              400,
              "INVALID_ARGUMENT",
              "the request has "
                  + authorizations.size()
                  + " Authorization headers; send exactly one ('Authorization: Bearer <key>'), so"
                  + " that no proxy or client decides which one counts"));
      return;
    }
    BodyEncoding encoding;
    try {
      encoding = BodyEncoding.of(request.getHeaders().getValuesList(HttpHeader.CONTENT_ENCODING));
    } catch (HttpError e) {
      x.refuse(e);
      return;
    }
    ServerAuth.Authentication authentication =
        auth.authenticate(authorizations.isEmpty() ? null : authorizations.get(0));
    if (!authentication.ok()) {
      unauthenticated(x, authentication, encoding);
      return;
    }
    BodyReader.read(
        request,
        limits.maxBodyBytes(),
        limits.maxBodyBytes(),
        budget,
        limits.minBodyBytesPerSecond(),
        graceNanos,
        (outcome, body) -> {
          if (outcome == BodyReader.Outcome.RECEIVED) {
            submit(x, authentication, encoding, body);
          } else {
            x.bodyFailed(outcome, body.length());
          }
        });
  }

  /**
   * A request whose key was refused: its body is received and dropped (bar a prefix that names what
   * it asked for), then the 401 goes out.
   */
  private void unauthenticated(
      Exchange x, ServerAuth.Authentication authentication, BodyEncoding encoding) {
    BodyReader.read(
        x.request,
        BodyReader.DRAIN_LIMIT_BYTES,
        SNIFF_BYTES,
        budget,
        limits.minBodyBytesPerSecond(),
        graceNanos,
        (outcome, body) -> {
          budget.release(body.reserved());
          if (outcome == BodyReader.Outcome.TOO_SLOW || outcome == BodyReader.Outcome.BROKEN) {
            x.bodyFailed(outcome, body.length());
            return;
          }
          byte[] known =
              outcome == BodyReader.Outcome.RECEIVED && body.whole() && encoding.identity()
                  ? body.bytes()
                  : NO_BODY;
          try {
            authentication.caller(
                store, () -> x.route.method() + " " + x.route.path() + ": " + x.describe(known));
          } catch (RuntimeException e) {
            x.reply(ErrorMapping.reply(e), outcome != BodyReader.Outcome.RECEIVED);
          }
        });
  }

  private void submit(
      Exchange x,
      ServerAuth.Authentication authentication,
      BodyEncoding encoding,
      BodyReader.Body body) {
    Runnable task =
        () -> {
          Reply reply;
          try {
            byte[] bytes = encoding.decode(body.bytes(), limits.maxBodyBytes());
            reply = x.route.endpoint().handle(authentication.caller(store, () -> ""), bytes);
          } catch (Exception e) {
            reply = ErrorMapping.reply(e);
          } finally {
            budget.release(body.reserved());
          }
          x.reply(reply);
        };
    try {
      work.execute(task);
    } catch (RejectedExecutionException e) {
      budget.release(body.reserved());
      x.reply(
          Reply.error(
              503,
              "UNAVAILABLE",
              "the server is busy: "
                  + limits.maxConcurrentRequests()
                  + " requests are being answered and "
                  + limits.maxQueuedRequests()
                  + " wait; retry after a moment, or raise"
                  + " feature_server.max_concurrent_requests / max_queued_requests in"
                  + " feature_store.yaml"));
    }
  }

  /** One request and its reply, which goes out exactly once. */
  private final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    final Route route;
    final long start = System.nanoTime();
    final AtomicBoolean replied = new AtomicBoolean();

    Exchange(Request request, Response response, Callback callback, Route route) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.route = route;
    }

    String describe(byte[] body) {
      return route.access().describe(body);
    }

    /** Answers an error after receiving and dropping what there is of the body. */
    void refuse(HttpError error) {
      if (request.getLength() == 0) {
        reply(ErrorMapping.reply(error));
        return;
      }
      BodyReader.read(
          request,
          BodyReader.DRAIN_LIMIT_BYTES,
          0,
          budget,
          limits.minBodyBytesPerSecond(),
          graceNanos,
          (outcome, body) -> {
            if (outcome == BodyReader.Outcome.TOO_SLOW || outcome == BodyReader.Outcome.BROKEN) {
              bodyFailed(outcome, body.length());
            } else {
              reply(ErrorMapping.reply(error), outcome != BodyReader.Outcome.RECEIVED);
            }
          });
    }

    /** The answer to a body that did not arrive whole. */
    void bodyFailed(BodyReader.Outcome outcome, long received) {
      switch (outcome) {
        case TOO_LARGE ->
            reply(
                ErrorMapping.reply(
                    new HttpError(
                        413,
                        "PAYLOAD_TOO_LARGE",
                        String.format(
                            Locale.ROOT,
                            "the request body (%s bytes) is over the server's limit of %d bytes;"
                                + " send fewer rows per request, or raise the limit with"
                                + " feature_server.max_body_bytes in feature_store.yaml or"
                                + " 'larder serve --max-body-size'",
                            request.getLength() > 0
                                ? Long.toString(request.getLength())
                                : "more than " + limits.maxBodyBytes(),
                            limits.maxBodyBytes()))),
                true);
        case TOO_SLOW ->
            reply(
                ErrorMapping.reply(
                    new HttpError(
                        408,
                        "REQUEST_TIMEOUT",
                        String.format(
                            Locale.ROOT,
                            "the request body arrived too slowly (%d bytes in %d s); after %d s a"
                                + " body must arrive at %d bytes/s or more"
                                + " (feature_server.min_body_bytes_per_second)",
                            received,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                            FeatureServerConfig.BODY_GRACE_SECONDS,
                            limits.minBodyBytesPerSecond()))),
                true);
        case BUSY ->
            reply(
                Reply.error(
                    503,
                    "UNAVAILABLE",
                    "the server is busy: request bodies in flight fill its memory for them"
                        + " (feature_server.max_buffered_body_bytes); retry after a moment"),
                true);
        case BROKEN -> {
          if (replied.compareAndSet(false, true)) {
            callback.failed(new EofException("the client closed the connection"));
          }
        }
        case RECEIVED -> throw new IllegalStateException("a received body did not fail");
      }
    }

    void reply(Reply reply) {
      reply(reply, false);
    }

    /**
     * Writes {@code reply} with its length; {@code close} asks for the connection to be closed
     * after it (its request's body was not read to the end).
     */
    void reply(Reply reply, boolean close) {
      if (!replied.compareAndSet(false, true)) {
        return;
      }
      response.setStatus(reply.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
      if (reply.status() == 405 && route != null) {
        response
            .getHeaders()
            .put(HttpHeader.ALLOW, route.method().equals("GET") ? "GET, HEAD" : route.method());
      }
      if (reply.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      }
      if (reply.status() == 503) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      }
      if (close) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      }
      boolean head = "HEAD".equals(request.getMethod());
      if (head || reply.body().length <= WRITE_SLICE_BYTES) {
        response.write(
            true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
      } else {
        new SliceWriter(response, reply.body(), callback).iterate();
      }
      metrics.request(
          route == null ? ServerMetrics.OTHER : route.path(),
          reply.status(),
          System.nanoTime() - start);
    }
  }

  /**
   * Writes a reply's body in slices of {@link #WRITE_SLICE_BYTES}, each after the previous one was
   * taken by the connection; the last slice completes the response. The reply's {@code
   * Content-Length} was set whole, so a reply cut short still shows as broken.
   */
  private static final class SliceWriter extends IteratingCallback {
    private final Response response;
    private final byte[] body;
    private final Callback done;
    private int next;

    SliceWriter(Response response, byte[] body, Callback done) {
      this.response = response;
      this.body = body;
      this.done = done;
    }

    @Override
    protected Action process() {
      if (next >= body.length) {
        return Action.SUCCEEDED;
      }
      int length = Math.min(WRITE_SLICE_BYTES, body.length - next);
      ByteBuffer slice = ByteBuffer.wrap(body, next, length);
      next += length;
      response.write(next >= body.length, slice, this);
      return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
      done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      done.failed(cause);
    }
  }
}
