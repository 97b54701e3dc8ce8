package dev.larder.cli;

import dev.larder.ml.data.SampleDatabase;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db PATH} and {@code --table NAME}: which sample table a data command reads. */
final class SampleTableOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH",
      description = "Sample database (default: ${DEFAULT-VALUE}).")
  Path db = SampleDatabase.DEFAULT_PATH;

  @Option(names = "--table", description = "Table (default: ${DEFAULT-VALUE}).")
  String table = SampleDatabase.TABLE;
}
