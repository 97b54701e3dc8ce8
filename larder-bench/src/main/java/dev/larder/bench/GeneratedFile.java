package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Writes a benchmark's cached data file with one DuckDB {@code COPY (query) TO file}: under a
 * temporary name ({@code <name>.tmp}) moved into place when complete, so an interrupted generation
 * leaves no file that looks finished and is redone by the next run.
 */
final class GeneratedFile {
  private GeneratedFile() {}

  /**
   * {@code COPY (query) TO target (options)} in a fresh in-memory DuckDB session in UTC ({@link
   * PitJoinData#connect}), announced on standard error as {@code <label>: generating <target>…}.
   */
  static void copy(String label, String query, Path target, String options)
      throws IOException, SQLException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    System.err.printf(Locale.ROOT, "%s: generating %s…%n", label, target);
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement()) {
      s.execute("COPY (" + query + ") TO " + PitJoinData.literal(temp) + " (" + options + ")");
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
