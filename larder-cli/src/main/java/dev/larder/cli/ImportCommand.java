package dev.larder.cli;

import dev.larder.cli.feast.FeastImport;
import dev.larder.cli.feast.FeastRegistryFile;
import dev.larder.cli.feast.ImportReport;
import dev.larder.cli.feast.ImportedRepository;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder import feast REGISTRY}: a Larder repository from another feature store. */
@Command(
    name = "import",
    header = "Create a repository from another feature store's.",
    mixinStandardHelpOptions = true,
    description = "Create a Larder repository from another feature store's definitions.",
    subcommands = {ImportCommand.Feast.class})
final class ImportCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "larder import needs a subcommand: feast");
  }

  @Command(
      name = "feast",
      header = "Create a repository from a Feast registry.",
      mixinStandardHelpOptions = true,
      description = {
        "Read a Feast registry (registry.db or registry.pb, written by 'feast apply', or Feast's",
        "SQL registry in SQLite) and write a Larder repository into --out: feature_store.yaml,",
        "entities, file and push sources, feature views, feature services and permissions, with",
        "source paths kept as Feast stored them. What Larder has no counterpart for (warehouse",
        "and stream sources, on-demand feature views, types Larder lacks, ...) is left out and",
        "listed with the reason, on stdout and in IMPORT_REPORT.md."
      })
  static final class Feast implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "REGISTRY",
        description =
            "The Feast registry: the file that registry: in Feast's feature_store.yaml names.")
    Path registry;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "The new repository; a new or empty folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("feature_repo");

    @Option(
        names = "--project",
        paramLabel = "NAME",
        description = "The Feast project to import, when the registry holds several.")
    String project;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      Path dir = context.resolve(out);
      ImportedRepository.requireEmpty(dir, out.toString());
      Path file = context.resolve(registry);
      var parsed = FeastRegistryFile.read(file, registry.toString());
      FeastImport.Result result = FeastImport.convert(parsed, project, registry.toString());
      List<ImportedRepository.WrittenFile> files =
          ImportedRepository.write(dir, result, registry.toString());
      print(context.out(), result, files, dir);
      int left = result.report().skipped().size();
      if (left > 0) {
        context.warn(
            left
                + (left == 1 ? " object or part was" : " objects or parts were")
                + " not carried over; see "
                + out.resolve(ImportedRepository.REPORT_FILE));
      }
      return ExitCodes.OK;
    }

    private void print(
        PrintStream o,
        FeastImport.Result result,
        List<ImportedRepository.WrittenFile> files,
        Path dir) {
      o.printf("Imported Feast project %s from %s into %s%n", result.project(), registry, out);
      for (ImportedRepository.WrittenFile f : files) {
        if (f.kind() == null) {
          o.printf("  %s%n", f.name());
        } else {
          String label = f.kind().label();
          o.printf(
              "  %s (%d %s)%n", f.name(), f.objects(), f.objects() == 1 ? label : plural(label));
        }
      }
      ImportReport report = result.report();
      if (report.skipped().isEmpty()) {
        o.println("Everything was carried over.");
      } else {
        o.printf("Not carried over (%d):%n", report.skipped().size());
        for (ImportReport.Skipped s : report.skipped()) {
          o.printf("  - %s: %s%n", s.what(), s.why());
        }
      }
      if (!report.notes().isEmpty()) {
        o.println("Carried over with changes:");
        for (String note : report.notes()) {
          o.printf("  - %s%n", note);
        }
      }
      List<String> missing =
          ImportedRepository.sourcePaths(result.definitions()).stream()
              .filter(p -> !ImportedRepository.present(dir, p))
              .toList();
      if (!missing.isEmpty()) {
        o.printf(
            "Source paths are kept as Feast stored them, relative to %s; copy these there from"
                + " the Feast repository (or edit the paths):%n",
            out);
        missing.forEach(p -> o.printf("  %s%n", p));
      }
      o.printf("Next: cd %s && larder apply%n", out);
    }

    private static String plural(String label) {
      return label.endsWith("y") ? label.substring(0, label.length() - 1) + "ies" : label + "s";
    }
  }
}
