package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.ui.UiServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code larder ui}: the web UI alone on 127.0.0.1, without the feature server's API, until SIGTERM
 * or SIGINT, which stop it gracefully and exit 0.
 */
@Command(
    name = "ui",
    header = "Serve the web UI alone on 127.0.0.1.",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the web UI (the project, its objects, runs, lineage, online lookups and the audit",
      "log) on 127.0.0.1 only, without the feature server's API; 'larder serve' serves both.",
      "With auth: {type: api_key} in feature_store.yaml the UI asks for an API key at",
      "/ui/login. Prints the UI's URL, then serves until SIGTERM or Ctrl-C."
    })
final class UiCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin PortOption portOption = new PortOption(UiServer.DEFAULT_PORT);

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = LarderCommand.root(spec).context();
    int port = portOption.port();
    FeatureStore store = RepoCommands.openStore(spec);
    UiServer server;
    try {
      server = UiServer.start(store, port);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    ServerShutdown.onSignal("larder-ui-stop", server::close, store);
    context.out().println("The web UI is at " + server.uri());
    context.out().flush();
    server.join();
    return ExitCodes.OK;
  }
}
