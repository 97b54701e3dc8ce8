package dev.larder.cli;

import dev.larder.core.Activity;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Keeps the CLI quiet by default (DESIGN B1: no log noise): SLF4J and java.util.logging (which
 * Tribuo uses) are off unless {@code --verbose}, which sends both to stderr through SLF4J: Larder's
 * {@link Activity} (repository, backends, queries, timings) at debug level, the libraries' at info,
 * each line with its time and logger. Without {@code --verbose}, {@link Activity} is off, so that
 * no SLF4J start-up is paid for it. The Spark plugin logs through its own log4j, off unless the
 * system property {@value #SPARK_LOG} names a level: {@code --verbose} sets it to {@code warn}
 * (Spark's warnings and the stack traces of failed tasks) when the user has not set it.
 */
final class Logging {
  /** The level of the Spark plugin's log (its log4j2.properties reads it). */
  static final String SPARK_LOG = "larder.spark.log";

  private Logging() {}

  static void configure(boolean verbose) {
    if (verbose) {
      Activity.on();
    } else {
      Activity.off();
    }
    // verbose: Larder's own activity at debug level, libraries' at info (Jetty's debug is a flood)
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
    System.setProperty("org.slf4j.simpleLogger.log.dev.larder", verbose ? "debug" : "off");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
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
