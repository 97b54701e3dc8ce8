package dev.larder.cli;

import dev.larder.core.Plural;
import dev.larder.ml.data.ExportResult;
import dev.larder.ml.data.ParquetExporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code larder data export}: the guide's {@code export_to_parquet("classification_data")}. */
@Command(
    name = "export",
    header = "Export a table of the sample database to Parquet.",
    mixinStandardHelpOptions = true,
    description = "Export a table of the sample database to Parquet (read back to verify).")
final class DataExportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin SampleTableOptions source;

  @Option(
      names = "--out",
      paramLabel = "PATH",
      description = "Parquet file to write (default: data/<table>.parquet).")
  Path out;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    Path target = out != null ? out : ParquetExporter.defaultOutput(source.table);
    ExportResult result =
        ParquetExporter.export(context.resolve(source.db), source.table, context.resolve(target));
    context
        .out()
        .printf(
            "Exported %s × %s of %s#%s to %s (verified by reading back)%n",
            Plural.of(result.rows(), "row"),
            Plural.of(result.columns().size(), "column"),
            source.db,
            source.table,
            target);
    return ExitCodes.OK;
  }
}
