package dev.larder.cli;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Keeps the CLI quiet by default (DESIGN B1: no log noise): SLF4J and java.util.logging (which
 * Tribuo uses) are off unless {@code --verbose}, which sends both to stderr through SLF4J. The
 * Spark plugin logs through its own log4j, off unless the system property {@value #SPARK_LOG} names
 * a level: {@code --verbose} sets it to {@code warn} (Spark's warnings and the stack traces of
 * failed tasks) when the user has not set it.
 */
final class Logging {
  /** The level of the Spark plugin's log (its log4j2.properties reads it). */
  static final String SPARK_LOG = "larder.spark.log";

  private Logging() {}

  static void configure(boolean verbose) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "off");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    if (verbose) {
      if (System.getProperty(SPARK_LOG) == null) {
        System.setProperty(SPARK_LOG, "warn");
      }
      SLF4JBridgeHandler.install();
      root.setLevel(Level.FINE);
    } else {
      root.setLevel(Level.OFF);
    }
  }
}
