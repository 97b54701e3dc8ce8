package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.server.FeatureServer;
import dev.larder.server.Mount;
import dev.larder.server.ServerConfig;
import dev.larder.ui.UiPaths;
import dev.larder.ui.WebUi;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder serve}: the feature server (DESIGN B7) until SIGTERM or SIGINT, which stop it
 * gracefully (no new connections, requests in flight finish within 10 seconds) and exit 0.
 */
@Command(
    name = "serve",
    header = "Start the feature server (Feast's API and the UI).",
    mixinStandardHelpOptions = true,
    description = {
      "Start the feature server: Feast's HTTP API (get-online-features, push,",
      "write-to-online-store, materialize, materialize-incremental, health, metrics), and the",
      "web UI under /ui.",
      "With auth: {type: api_key} in feature_store.yaml every endpoint but health and metrics",
      "needs 'Authorization: Bearer <key>' (see larder auth), and the UI asks for a key at",
      "/ui/login.",
      "Prints the server's URL and the UI's, then serves until SIGTERM or Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Mixin PortOption portOption = new PortOption(ServerConfig.DEFAULT_PORT);

  @Option(
      names = "--max-body-size",
      paramLabel = "BYTES",
      description =
          "Largest request body accepted, after decoding; larger ones get 413 (default:"
              + " feature_server.max_body_bytes in feature_store.yaml, else 10485760).")
  Long maxBodyBytes;

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      description = "Append one line per request to FILE (default: no access log).")
  Path accessLog;

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = LarderCommand.root(spec).context();
    int port = portOption.port();
    if (maxBodyBytes != null && maxBodyBytes < 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-body-size " + maxBodyBytes + " is not positive");
    }
    FeatureStore store = RepoCommands.openStore(spec);
    ServerConfig config =
        ServerConfig.defaults()
            .withHost(host)
            .withPort(port)
            .withLimits(store.config().featureServer())
            .withAccessLog(accessLog == null ? null : context.resolve(accessLog));
    if (maxBodyBytes != null) {
      config = config.withMaxBodyBytes(maxBodyBytes);
    }
    FeatureServer server;
    try {
      server = FeatureServer.start(store, config, new Mount(UiPaths.ROOT, WebUi.create(store)));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    ServerShutdown.onSignal("larder-serve-stop", () -> stop(server), store);
    context.out().println("Serving the feature server at " + server.uri());
    context.out().println("The web UI is at " + server.uri() + UiPaths.ROOT);
    context.out().flush();
    if ("api_key".equals(store.config().auth().type())) {
      ApiKeyFile keys = ApiKeyFile.of(store.config());
      if (keys.read().keys().isEmpty()) {
        context.warn(
            "auth is api_key but "
                + keys.path()
                + " holds no keys yet: every request but /health and /metrics gets 401 until"
                + " 'larder auth add-key NAME --roles ROLE,…'");
      }
    }
    server.join();
    return ExitCodes.OK;
  }

  /**
   * Stops the server gracefully (no new connections, requests in flight finish within the shutdown
   * timeout); {@link ServerShutdown} then closes the store and exits 0 (DESIGN B7).
   */
  private static void stop(FeatureServer server) {
    if (!server.stop()) {
      System.err.println(
          "warning: requests still running after the shutdown timeout were cut off (their"
              + " clients see a broken reply)");
    }
  }
}
