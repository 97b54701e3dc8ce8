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

/** {@code larder materialize START END}: copy the latest values into the online store (B6). */
@Command(
    name = "materialize",
    header = "Copy a time range's latest rows to the online store.",
    mixinStandardHelpOptions = true,
    description = {
      "Copy into the online store, per entity key, the latest row with an event time from START",
      "to END (both inclusive) of every online feature view, or of those named. Times are ISO-8601",
      "(2025-11-01, 2025-11-01T12:00:00 in UTC, or with Z or an offset)."
    })
final class MaterializeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "START", description = "First event time, inclusive.")
  String start;

  @Parameters(index = "1", paramLabel = "END", description = "Last event time, inclusive.")
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
    Instant from = OptionValues.parse(spec, () -> IsoTimes.parse("START", start));
    Instant to = OptionValues.parse(spec, () -> IsoTimes.parse("END", end));
    try (FeatureStore store = RepoCommands.openStore(spec);
        MaterializeOutput output = new MaterializeOutput(context)) {
      output.print(store.materialize(from, to, views, output));
    }
    return ExitCodes.OK;
  }
}
