package dev.larder.cli;

import dev.larder.core.Plural;
import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.TrainingData;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code larder data load}: the guide's {@code X, y = load_data("classification_data")}. */
@Command(
    name = "load",
    header = "Load X and y directly from the sample database.",
    mixinStandardHelpOptions = true,
    description = "Load X and y directly from the sample database; print the shape and the time.")
final class DataLoadCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin SampleTableOptions source;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    long start = System.nanoTime();
    TrainingData data = DirectLoader.load(context.resolve(source.db), source.table);
    double millis = (System.nanoTime() - start) / 1e6;
    int positives = 0;
    for (int label : data.y()) {
      positives += label;
    }
    context
        .out()
        .printf(
            "Loaded %s × %s from %s#%s in %.1f ms%n",
            Plural.of(data.rows(), "row"),
            Plural.of(data.features(), "feature"),
            source.db,
            source.table,
            millis);
    context
        .out()
        .printf(
            "X: double[%d][%d]  y: int[%d] (%d of class 0, %d of class 1)%n",
            data.rows(), data.features(), data.rows(), data.rows() - positives, positives);
    return ExitCodes.OK;
  }
}
