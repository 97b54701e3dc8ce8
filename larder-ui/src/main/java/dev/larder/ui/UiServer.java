package dev.larder.ui;

import dev.larder.core.BackendException;
import dev.larder.core.FeatureStore;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The web UI alone ({@code larder ui}): a Jetty server on 127.0.0.1 that serves {@link WebUi} under
 * {@code /ui} and nothing else; {@code /} redirects there. {@code larder serve} mounts the same
 * handler beside the feature server's API instead.
 */
public final class UiServer implements AutoCloseable {
  /** The address {@code larder ui} listens on: this machine only. */
  public static final String HOST = "127.0.0.1";

  /** The default port of {@code larder ui}: the feature server's, as only one of them runs. */
  public static final int DEFAULT_PORT = 6566;

  private final Server jetty;
  private final int port;

  private UiServer(Server jetty, int port) {
    this.jetty = jetty;
    this.port = port;
  }

  /**
   * Serves the UI of {@code store} on 127.0.0.1:{@code port} ({@code 0} picks a free port).
   *
   * @throws BackendException if the port cannot be bound
   */
  public static UiServer start(FeatureStore store, int port) {
    return start(WebUi.create(store), port);
  }

  /** Serves {@code ui} on 127.0.0.1:{@code port}. */
  static UiServer start(WebUi ui, int port) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("larder-ui");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(HOST);
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(new GracefulHandler(new RootRedirect(ui)));
    jetty.setStopTimeout(Duration.ofSeconds(10).toMillis());
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw new BackendException(
          "could not serve the UI on " + HOST + ":" + port + ": " + e.getMessage(),
          "Choose another --port, or stop the process that uses it",
          e);
    }
    return new UiServer(jetty, connector.getLocalPort());
  }

  public int port() {
    return port;
  }

  /** The UI's address, e.g. {@code http://127.0.0.1:6566/ui}. */
  public URI uri() {
    return URI.create("http://" + HOST + ":" + port + UiPaths.ROOT);
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops, letting requests in flight finish for up to 10 seconds. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new BackendException("the UI server did not stop cleanly: " + e.getMessage(), null, e);
    }
  }
}
