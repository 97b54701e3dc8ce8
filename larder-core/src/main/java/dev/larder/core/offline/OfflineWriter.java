package dev.larder.core.offline;

import dev.larder.core.model.FileSource;
import java.nio.file.Path;

/**
 * The optional ability of an {@link OfflineEngine} to append pushed rows to a file source (DESIGN
 * B4: a push {@code to: offline}); ask for it with {@code engine.capability(OfflineWriter.class)}.
 */
public interface OfflineWriter {
  /**
   * Checks that rows can be appended to {@code source}: its path is a directory of Parquet files.
   *
   * @throws dev.larder.core.InvalidDefinitionException for a single-file or CSV source, naming the
   *     fix (make it a directory)
   */
  void checkAppendable(FileSource source);

  /**
   * Appends {@code rows} to {@code source} as one new Parquet file in its directory, which appears
   * whole or not at all (written to a hidden temporary file, then moved into place), and returns
   * it. Columns of the existing files that {@code rows} lacks are written as nulls, and values are
   * cast to the existing files' column types.
   */
  Path append(FileSource source, PushedRows rows);
}
