package dev.larder.cli;

import dev.larder.core.FeatureStore;

/**
 * How a serving command ({@code serve}, {@code ui}) ends on SIGTERM or SIGINT: it stops its server,
 * closes the store and ends the process with status 0 (DESIGN B7), which a signal's default exit
 * status (143, 130) would not be; when stopping fails, after an {@code error:} line, with status 3.
 */
final class ServerShutdown {
  private ServerShutdown() {}

  /**
   * Registers a shutdown hook, a thread named {@code threadName}, that runs {@code stopServer},
   * closes {@code store} and halts the JVM.
   */
  static void onSignal(String threadName, Runnable stopServer, FeatureStore store) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> halt(stopServer, store), threadName));
  }

  private static void halt(Runnable stopServer, FeatureStore store) {
    int status = ExitCodes.OK;
    try {
      stopServer.run();
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      status = ExitCodes.FAILURE;
    } finally {
      store.close();
      System.out.flush();
      System.err.flush();
    }
    Runtime.getRuntime().halt(status);
  }
}
