package dev.larder.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --port PORT}: the port a serving command ({@code serve}, {@code ui}) listens on, 0 for a
 * free one. Each command mixes in its own instance with its default: {@code @Mixin PortOption port
 * = new PortOption(DEFAULT_PORT);}.
 */
final class PortOption {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  PortOption(int defaultPort) {
    this.port = defaultPort;
  }

  /** The port given, or a usage error (exit 2) when it is not in 0..65535. */
  int port() {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(mixee.commandLine(), "--port " + port + " is not in 0..65535");
    }
    return port;
  }
}
