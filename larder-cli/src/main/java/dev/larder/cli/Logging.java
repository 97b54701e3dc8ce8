package dev.larder.cli;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Keeps the CLI quiet by default (DESIGN B1: no log noise): SLF4J and java.util.logging (which
 * Tribuo uses) are off unless {@code --verbose}, which sends both to stderr through SLF4J.
 */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "off");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    if (verbose) {
      SLF4JBridgeHandler.install();
      root.setLevel(Level.FINE);
    } else {
      root.setLevel(Level.OFF);
    }
  }
}
