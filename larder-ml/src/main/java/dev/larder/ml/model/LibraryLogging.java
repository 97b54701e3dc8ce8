package dev.larder.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the ML libraries' {@code java.util.logging} output (Tribuo logs every bagged tree at
 * INFO, and XGBoost4J's commons-logging falls back to JUL) from creation until {@link #close()}
 * (call it in a {@code finally}), then restores the previous levels. Warnings and errors still get
 * through.
 *
 * <p>Levels are JVM-wide: training on two threads at once may restore them in either order, which
 * is harmless as both set the same levels. A caller that wants the libraries' output (the CLI's
 * {@code --verbose}) asks for {@link #quietUnless(boolean) quietUnless(true)}, which changes
 * nothing.
 */
final class LibraryLogging {
  private static final List<String> LIBRARY_LOGGERS =
      List.of("org.tribuo", "com.oracle.labs.mlrg.olcut", "ml.dmlc.xgboost4j");

  // Strong references: JUL keeps loggers weakly, and a collected logger would lose its level.
  private final List<Logger> loggers = new ArrayList<>();
  private final List<Level> previous = new ArrayList<>();

  private LibraryLogging(boolean verbose) {
    if (verbose) {
      return;
    }
    for (String name : LIBRARY_LOGGERS) {
      Logger logger = Logger.getLogger(name);
      loggers.add(logger);
      previous.add(logger.getLevel());
      logger.setLevel(Level.WARNING);
    }
  }

  /** Quiets the libraries until {@link #close()}, unless {@code verbose}. */
  static LibraryLogging quietUnless(boolean verbose) {
    return new LibraryLogging(verbose);
  }

  /** Restores the levels the loggers had before. */
  void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).setLevel(previous.get(i));
    }
  }
}
