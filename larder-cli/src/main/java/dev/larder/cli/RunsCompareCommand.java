package dev.larder.cli;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.registry.RecordedRun;
import dev.larder.ml.report.ComparePage;
import dev.larder.ml.report.RunReport;
import dev.larder.ml.report.RunReportJson;
import dev.larder.ml.run.RunRecord;
import dev.larder.ml.run.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code larder runs compare RUN…}: one HTML page comparing training runs, each given as a run
 * folder (so runs of direct loading, which no registry records, compare too) or as the id of a run
 * recorded in the repository's registry.
 */
@Command(
    name = "compare",
    header = "Compare training runs in one HTML page.",
    mixinStandardHelpOptions = true,
    description = {
      "Write one self-contained HTML page comparing training runs: metrics side by side, ROC and",
      "precision-recall curves overlaid, each run's provenance. Each RUN is a run folder written",
      "by 'larder train' (its report.json) or the id of a run recorded in the registry of --repo."
    })
final class RunsCompareCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "2..*",
      paramLabel = "RUN",
      description = "A run folder (runs/<time>) or a recorded run's id (see 'larder runs list').")
  List<String> runs;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Where to write the page (default: runs/compare-<yyyyMMdd-HHmmss-SSS>.html).")
  Path output;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    List<RunReport> reports = new ArrayList<>();
    FeatureStore store = null;
    try {
      for (String run : runs) {
        Path folder = folder(context, run);
        if (folder != null) {
          reports.add(RunRecord.readReport(folder));
          continue;
        }
        if (!RecordedRun.isValidId(run)) {
          throw new NotFoundException(
              Echo.of(run) + " is neither a run folder nor a run id",
              "Pass run folders written by 'larder train' (runs/<time>) or ids from 'larder runs"
                  + " list'");
        }
        if (store == null) {
          store = open(run);
        }
        reports.add(recorded(store, run));
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
    Path file =
        output != null
            ? context.resolve(output)
            : context.resolve(
                TrainingRun.DEFAULT_RUNS.resolve(
                    "compare-" + RunRecord.runId(Instant.now()) + ".html"));
    write(file, ComparePage.render(reports));
    context.out().println("compared " + reports.size() + " runs: " + shown(context, file));
    return ExitCodes.OK;
  }

  /** {@code run} as an existing folder, or {@code null} when no such folder exists. */
  private static Path folder(CliContext context, String run) {
    try {
      Path path = context.resolve(Path.of(run));
      return Files.isDirectory(path) ? path : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private FeatureStore open(String run) {
    try {
      return RepoCommands.openStore(spec);
    } catch (NotFoundException e) {
      throw new NotFoundException(
          Echo.of(run)
              + " is not a run folder, and there is no registry to look it up as a run id: "
              + e.getMessage(),
          "Pass a run folder (runs/<time>), or --repo naming the feature repository whose"
              + " registry recorded the run",
          e);
    }
  }

  private static RunReport recorded(FeatureStore store, String id) {
    RecordedRun run;
    try {
      run = store.run(id);
    } catch (NotFoundException e) {
      throw new NotFoundException(
          Echo.of(id) + " is neither a run folder nor a recorded run: " + e.getMessage(),
          e.hint() != null
              ? e.hint()
              : "Pass a run folder (runs/<time>) or an id from 'larder runs list'",
          e);
    }
    String json =
        run.report()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "run "
                            + Echo.of(id)
                            + " was recorded before run reports, so the registry has no report"
                            + " of it",
                        "Pass its run folder instead if it has a report.json: " + run.runPath()));
    try {
      return RunReportJson.read(json);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(
          "the registry's report of run " + Echo.of(id) + ": " + e.getMessage(), e.hint(), e);
    }
  }

  private static void write(Path file, String html) {
    try {
      if (Files.isDirectory(file)) {
        throw new InvalidArgumentException(
            "--output " + file + " is a directory", "Name a file such as compare.html");
      }
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, html);
    } catch (IOException e) {
      throw new BackendException(
          "could not write " + file + ": " + e.getMessage(),
          "Check that the folder is writable, or choose another --output",
          e);
    }
  }

  private static String shown(CliContext context, Path file) {
    return file.startsWith(context.workDir())
        ? context.workDir().relativize(file).toString()
        : file.toString();
  }
}
