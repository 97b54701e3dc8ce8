package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.core.registry.RecordedRun;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code larder runs list}: one line per recorded training run, oldest first. */
@Command(
    name = "list",
    header = "List the recorded training runs, oldest first.",
    mixinStandardHelpOptions = true,
    description = {
      "List the training runs recorded in the registry, oldest first: id, time, user, the",
      "feature service or data sources and the view versions read, the as-of time, the training",
      "rows of the entity rows asked about, and the main test metrics."
    })
final class RunsListCommand implements Callable<Integer> {
  static final List<String> MAIN_METRICS = List.of("accuracy", "roc_auc");

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      List<RecordedRun> runs = store.runs();
      boolean hidden = store.hidesSomeRuns();
      if (runs.isEmpty() && !hidden) {
        context
            .out()
            .println(
                "No training runs recorded yet; 'larder train' records each run through the"
                    + " feature store.");
        return ExitCodes.OK;
      }
      TextTable table =
          new TextTable(
              "ID",
              "TIME",
              "USER",
              "SOURCE/SERVICE",
              "VIEWS",
              "AS OF",
              "ROWS",
              "ACCURACY",
              "ROC_AUC");
      for (RecordedRun run : runs) {
        table.row(
            run.id(),
            TextTable.time(run.recordedAt()),
            run.user(),
            run.inputs()
                .featureService()
                .map(s -> "service " + s)
                .orElse(String.join(", ", run.inputs().sources())),
            String.join(", ", run.inputs().viewVersions()),
            TextTable.time(run.inputs().asOf()),
            run.trainingRows() + "/" + run.inputs().entityRows(),
            metric(run, "accuracy"),
            metric(run, "roc_auc"));
      }
      table.print(context.out());
      if (hidden) {
        context
            .out()
            .println(
                DefinitionCommands.hiddenLine(
                    "training runs that read feature views you may not describe"));
      }
    }
    return ExitCodes.OK;
  }

  private static String metric(RecordedRun run, String name) {
    Double value = run.metrics().get(name);
    if (value == null) {
      return "";
    }
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a";
  }
}
