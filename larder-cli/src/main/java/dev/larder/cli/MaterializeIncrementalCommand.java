package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.core.time.IsoTimes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder materialize-incremental END}: materialize from where each view ended (B6). */
@Command(
    name = "materialize-incremental",
    header = "Materialize what is new since the last run.",
    mixinStandardHelpOptions = true,
    description = {
      "Materialize each online feature view (or those named) from where its last",
      "materialization ended up to END; a view never materialized starts at END minus its ttl,",
      "or at the beginning of its data when it has no ttl. END is ISO-8601."
    })
final class MaterializeIncrementalCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "END", description = "Last event time, inclusive.")
  String end;

  @Option(
      names = "--views",
      split = ",",
      paramLabel = "VIEW",
      description = "Only these feature views, comma-separated (default: every online view).")
  List<String> views;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    Instant to = OptionValues.parse(spec, () -> IsoTimes.parse("END", end));
    try (FeatureStore store = RepoCommands.openStore(spec);
        MaterializeOutput output = new MaterializeOutput(context)) {
      output.print(store.materializeIncremental(to, views, output));
    }
    return ExitCodes.OK;
  }
}
