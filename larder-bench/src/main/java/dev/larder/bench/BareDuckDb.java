package dev.larder.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The baseline of the point-in-time benchmarks: one bare DuckDB statement, in process through JDBC,
 * on an in-memory database with DuckDB's default threads and memory limit (nothing is set). Run in
 * a child JVM of its own ({@code java -cp <bench jar> dev.larder.bench.BareDuckDb SQL}) so that its
 * peak resident memory is its own; prints {@code seconds=<s>}: the statement alone, from its start
 * to its end (no JVM start, no connection set-up).
 */
public final class BareDuckDb {
  private BareDuckDb() {}

  /** Runs {@code args[0]} and prints its time. */
  public static void main(String[] args) throws SQLException {
    if (args.length != 1) {
      System.err.println("usage: BareDuckDb SQL");
      System.exit(2);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      long start = System.nanoTime();
      s.execute(args[0]);
      System.out.printf(Locale.ROOT, "seconds=%.3f%n", (System.nanoTime() - start) / 1e9);
    }
  }
}
