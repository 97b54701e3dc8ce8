package dev.larder.server;

import dev.larder.core.BackendException;
import dev.larder.core.FeatureStore;
import dev.larder.core.online.HealthProbe;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The feature server (DESIGN B7): Feast's HTTP API over a {@link FeatureStore}, on Jetty 12's core
 * handler API. Its whole surface is the route table below:
 *
 * <pre>
 * POST /get-online-features      online read: features or a feature service, entities column-wise
 * POST /push                     rows through a push source to the online store, offline, or both
 * POST /write-to-online-store    rows straight into a feature view's online rows
 * POST /materialize              copy [start_ts, end_ts] into the online store
 * POST /materialize-incremental  copy from where each view ended up to end_ts
 * GET  /health                   200 when the registry and the online store answer, else 503
 *                                naming the one that does not
 * GET  /metrics                  Prometheus text exposition
 * GET  /openapi.json             this API as OpenAPI 3.1 ({@link ApiDocs})
 * GET  /docs                     the same as interactive docs (Swagger UI, served from the jar)
 * </pre>
 *
 * <p>With {@code auth: {type: api_key, keys_file: …}} in {@code feature_store.yaml}, every route
 * but {@code /health} and {@code /metrics} needs {@code Authorization: Bearer <key>} (401
 * otherwise) and runs as the key's user and roles, so the registry's permissions decide it (403
 * when denied); see {@link ServerAuth}. {@code /metrics} stays open like {@code /health} (DESIGN
 * B7): it exposes request counts and latencies per endpoint and the JVM's and the process's memory,
 * threads and open files, no feature data or names.
 *
 * <pre>{@code
 * try (FeatureStore store = FeatureStore.open(Path.of("feature_repo"));
 *     FeatureServer server = FeatureServer.start(store, ServerConfig.defaults())) {
 *   server.join();
 * }
 * }</pre>
 *
 * <p>Online reads see a new {@code apply} within {@link FeatureStore#SNAPSHOT_MAX_AGE} (the
 * registry snapshot is cached, never loaded per request); with a registry that sends change notices
 * (PostgreSQL), as soon as its notice arrives, and within its {@code cache_ttl_seconds} while the
 * notices are down. {@link #stop()} stops accepting connections, lets requests in flight finish
 * within the configured timeout, and stops. The caller owns the feature store and closes it after
 * the server.
 */
public final class FeatureServer implements AutoCloseable {
  /** How long {@code /health} reuses a check of the backends. */
  static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

  /** Connections the kernel may hold waiting for accept (capped by net.core.somaxconn). */
  static final int ACCEPT_QUEUE = 4096;

  private final Server jetty;
  private final ServerConfig config;
  private final int port;
  private final WorkerPool workers;
  private final BackendHealth health;

  private FeatureServer(
      Server jetty,
      ServerConnector connector,
      ServerConfig config,
      WorkerPool workers,
      BackendHealth health) {
    this.jetty = jetty;
    this.config = config;
    this.port = connector.getLocalPort();
    this.workers = workers;
    this.health = health;
  }

  /**
   * Starts serving {@code store} as {@code config} says.
   *
   * @throws BackendException if the address cannot be bound (a port in use, say)
   */
  public static FeatureServer start(FeatureStore store, ServerConfig config) {
    return start(store, config, List.of(), List.of());
  }

  /**
   * {@link #start(FeatureStore, ServerConfig)}, also serving each of {@code mounts} under its path
   * prefix (the web UI under {@code /ui}, mounted by {@code larder serve}); the API's routes and
   * their behaviour stay as they are.
   */
  public static FeatureServer start(FeatureStore store, ServerConfig config, Mount... mounts) {
    return start(store, config, List.of(), List.of(mounts));
  }

  /** {@link #start(FeatureStore, ServerConfig)} with {@code extra} routes (tests add their own). */
  static FeatureServer start(FeatureStore store, ServerConfig config, List<Route> extra) {
    return start(store, config, extra, List.of());
  }

  private static FeatureServer start(
      FeatureStore store, ServerConfig config, List<Route> extra, List<Mount> mounts) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(config, "config");
    ServerMetrics metrics = new ServerMetrics();
    ServerAuth auth = ServerAuth.of(store.config());
    FeatureEndpoints endpoints = new FeatureEndpoints(metrics, config.limits());
    BackendHealth health = new BackendHealth(backends(store), HEALTH_INTERVAL, System::nanoTime);
    List<Route> table =
        List.of(
            Route.post(
                "/get-online-features",
                endpoints::getOnlineFeatures,
                FeatureEndpoints::getOnlineFeaturesAccess),
            Route.post("/push", endpoints::push, FeatureEndpoints::pushAccess),
            Route.post(
                "/write-to-online-store",
                endpoints::writeToOnlineStore,
                FeatureEndpoints::writeToOnlineStoreAccess),
            Route.post("/materialize", endpoints::materialize, FeatureEndpoints::materializeAccess),
            Route.post(
                "/materialize-incremental",
                endpoints::materializeIncremental,
                FeatureEndpoints::materializeAccess),
            Route.open("/health", (caller, body) -> health.reply()),
            Route.open("/metrics", (caller, body) -> metrics.exposition()));
    List<Route> routes = new ArrayList<>(extra);
    routes.addAll(table);
    routes.addAll(ApiDocs.routes(table, auth.required()));

    WorkerPool workers =
        new WorkerPool(
            config.limits().maxConcurrentRequests(), config.limits().maxQueuedRequests());
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("larder-http");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    // Java's default listen backlog is 50: a burst of reconnecting clients (a slow-body attacker
    // refused with 401 or 408 comes straight back) fills it, and a health probe's SYN is then
    // dropped and retried by its kernel a second later. The kernel caps this at somaxconn.
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    jetty.addConnector(connector);
    Handler api = new RouteTable(routes, config.limits(), metrics, store, auth, workers);
    for (Route r : routes) {
      for (Mount m : mounts) {
        if (m.covers(r.path())) {
          throw new IllegalArgumentException(
              "the mount at " + m.prefix() + " would hide the endpoint " + r.path());
        }
      }
    }
    jetty.setHandler(
        new GracefulHandler(mounts.isEmpty() ? api : new MountedHandlers(mounts, api, metrics)));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setStopTimeout(config.shutdownTimeout().toMillis());
    if (config.accessLog() != null) {
      RequestLogWriter writer = new RequestLogWriter(config.accessLog().toString());
      writer.setAppend(true);
      jetty.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT));
    }
    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly(jetty, e);
      workers.shutdownNow();
      health.close();
      throw new BackendException(
          "could not serve on " + config.host() + ":" + config.port() + ": " + describe(e),
          "Choose another --host or --port, or stop the process that uses it",
          e);
    }
    return new FeatureServer(jetty, connector, config, workers, health);
  }

  /**
   * What {@code /health} checks: the registry (its current revision, one small read; a registry
   * never applied is a not-found error) and the online store (its {@link HealthProbe} when it has
   * one: a store behind a network; an embedded store has nothing to reach). Any store's {@link
   * dev.larder.core.BackendException} says which is down, whatever its type.
   */
  private static List<BackendHealth.Backend> backends(FeatureStore store) {
    return List.of(
        new BackendHealth.Backend(
            "registry",
            "the registry is not readable:",
            store.config().registry().type(),
            () -> store.registry().location(),
            () -> {
              if (store.registry().currentRevision() == 0) {
                store.registry().snapshot();
              }
            }),
        new BackendHealth.Backend(
            "online_store",
            "the online store is not reachable:",
            store.config().onlineStore().type(),
            () -> store.online().location(),
            () -> store.online().capability(HealthProbe.class).ifPresent(HealthProbe::probe)));
  }

  /** The port the server listens on (the one picked, for port 0). */
  public int port() {
    return port;
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:6566}. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /**
   * Stops gracefully: no new connections, requests in flight finish (up to the shutdown timeout),
   * then the server stops; requests still running then are cut off, their connections closed before
   * their replies are complete (every reply declares its length, so a client sees it broken). Safe
   * to call more than once.
   *
   * @return {@code true} when every request in flight finished, {@code false} when some were cut
   *     off at the timeout
   * @throws BackendException when the server failed to stop for another reason
   */
  public boolean stop() {
    boolean finished = true;
    try {
      jetty.stop();
    } catch (Exception e) {
      if (!timedOut(e)) {
        throw new BackendException(
            "the feature server did not stop cleanly: " + describe(e), null, e);
      }
      finished = false;
    } finally {
      workers.shutdownNow();
      health.close();
    }
    return finished;
  }

  /** Whether {@code e} is (or only holds) the graceful stop's timeout. */
  private static boolean timedOut(Throwable e) {
    if (e instanceof TimeoutException) {
      return true;
    }
    Throwable[] suppressed = e.getSuppressed();
    if (e.getCause() == null && suppressed.length == 0) {
      return false;
    }
    if (e.getCause() != null && !timedOut(e.getCause())) {
      return false;
    }
    for (Throwable t : suppressed) {
      if (!timedOut(t)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    stop();
  }

  private static void stopQuietly(Server jetty, Exception failure) {
    try {
      jetty.stop();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private static String describe(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t instanceof IOException && t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
