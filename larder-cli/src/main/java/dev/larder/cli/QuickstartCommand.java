package dev.larder.cli;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.Plural;
import dev.larder.core.files.Directories;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.data.ExportResult;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GenerationResult;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.ParquetExporter;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.ml.featurestore.FeatureStoreTrainingData;
import dev.larder.ml.run.TrainingRun;
import dev.larder.ml.spec.FeatureStoreSpec;
import dev.larder.ml.spec.TrainingSource;
import dev.larder.ml.spec.TrainingSpec;
import dev.larder.ml.workflow.WorkflowResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code larder quickstart}: the guide's whole workflow in a fresh directory — generate the sample
 * database, load it directly, train, go through the feature store (training data, point in time,
 * materialization, an online read), report.
 */
@Command(
    name = "quickstart",
    header = "Run the guide's whole workflow in a fresh folder.",
    mixinStandardHelpOptions = true,
    description = {
      "Run the guide's workflow in DIR (started afresh each run): generate the sample database,",
      "train with direct loading, export to Parquet, initialise and apply DIR/feature_repo, train",
      "through the feature store, retrieve as of 2025-11-01 and for samples 0, 10, 20, 30, 40,",
      "materialize to the online store, read a few samples online, and compare direct loading",
      "with the feature store."
    })
final class QuickstartCommand implements Callable<Integer> {
  /** Marks a directory quickstart made, so a rerun may delete it and nothing else. */
  static final String MARKER = ".larder-quickstart";

  /** The guide's {@code datetime(2025, 11, 1)}. */
  static final Instant AS_OF = Instant.parse("2025-11-01T00:00:00Z");

  /** The guide's {@code sample_indices = [0, 10, 20, 30, 40]}. */
  static final List<Long> SAMPLES = List.of(0L, 10L, 20L, 30L, 40L);

  /** The samples read online at the end: three of the guide's and one that does not exist. */
  static final List<Object> ONLINE_SAMPLES = List.of(0L, 10L, 20L, 999_999L);

  @Spec private CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Working directory of the run (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("larder-quickstart");

  @Override
  public Integer call() {
    LarderCommand root = LarderCommand.root(spec);
    CliContext context = root.context();
    PrintStream out = context.out();
    Path home = context.resolve(dir);
    startAfresh(home);
    long start = System.nanoTime();

    out.println("1. Generate the sample database (python data/generate_database.py)");
    GenerationResult generated =
        SampleDatabase.create(
            home.resolve(SampleDatabase.DEFAULT_PATH),
            GeneratorOptions.defaults(),
            false,
            GenerationProgress.NONE);
    out.printf(
        Locale.ROOT,
        "   %s × %s in %s (%d ms)%n",
        Plural.of(generated.samples(), "sample"),
        Plural.of(generated.features(), "feature"),
        dir.resolve(SampleDatabase.DEFAULT_PATH),
        generated.elapsed().toMillis());

    out.println("2. Train with direct loading (X, y = load_data(); run_ml_workflow)");
    List<String> notes = new ArrayList<>();
    TrainingRun direct =
        TrainingRun.execute(
            TrainingSpec.defaults(TrainingSource.DIRECT),
            home,
            null,
            false,
            root.verbose(),
            notes::add);
    out.printf(Locale.ROOT, "   run record %s%n", dir.resolve(home.relativize(direct.directory())));

    out.println("3. Export to Parquet (export_to_parquet(\"classification_data\"))");
    Path parquet = home.resolve(ParquetExporter.defaultOutput(SampleDatabase.TABLE));
    ExportResult export =
        ParquetExporter.export(
            home.resolve(SampleDatabase.DEFAULT_PATH), SampleDatabase.TABLE, parquet);
    out.printf(
        Locale.ROOT,
        "   %s to %s%n",
        Plural.of(export.rows(), "row"),
        dir.resolve(home.relativize(parquet)));

    out.println("4. Initialise and apply the feature repository (create_feast_manager)");
    Path repo = home.resolve(FeatureStoreSpec.DEFAULT_REPO_PATH);
    ClassificationRepoTemplate.writeDefinitions(
        repo, repo.relativize(parquet).toString(), generated.features());
    try (FeatureStoreTrainingData manager =
        FeatureStoreTrainingData.create(
            repo, generated.features(), false, notes::add, Clock.systemUTC())) {
      ApplyResult applied = manager.initialize();
      out.printf(
          Locale.ROOT,
          "   %s: registry at revision %d%n",
          dir.resolve(home.relativize(repo)),
          applied.revision());

      out.println("5. Train through the feature store (get_training_data(), run_ml_workflow)");
      TrainingRun viaStore =
          TrainingRun.execute(
              TrainingSpec.defaults(TrainingSource.FEATURE_STORE),
              home,
              null,
              false,
              root.verbose(),
              notes::add);
      out.printf(
          Locale.ROOT, "   run record %s%n", dir.resolve(home.relativize(viaStore.directory())));
      viaStore
          .registryRun()
          .ifPresent(
              recorded ->
                  out.printf(
                      Locale.ROOT,
                      "   recorded as run %s: larder --repo %s lineage %s%n",
                      recorded.id(),
                      dir.resolve(home.relativize(repo)),
                      ClassificationRepoTemplate.FEATURE_VIEW));

      out.println("6. Point in time: get_training_data(timestamp=datetime(2025, 11, 1))");
      TrainingData asOf = manager.getTrainingData(null, AS_OF);
      out.printf(
          Locale.ROOT,
          "   %d of %s had a row by %s%n",
          asOf.rows(),
          Plural.of(generated.samples(), "sample"),
          IsoTimes.format(AS_OF));

      out.println("7. Sample filtering: get_training_data(sample_indices=[0, 10, 20, 30, 40])");
      TrainingData some = manager.getTrainingData(SAMPLES, null);
      out.printf(
          Locale.ROOT,
          "   %s: sample_index %s, y %s%n",
          Plural.of(some.rows(), "sample"),
          Arrays.toString(some.sampleIndices()),
          Arrays.toString(some.y()));

      materializeAndReadOnline(out, repo);

      out.println();
      comparison(out, direct, viaStore);
      out.printf(
          Locale.ROOT,
          "report: %s (compare both runs: larder runs compare %s %s)%n",
          dir.resolve(home.relativize(viaStore.reportPage())),
          dir.resolve(home.relativize(direct.directory())),
          dir.resolve(home.relativize(viaStore.directory())));
    }
    out.printf(Locale.ROOT, "%nquickstart finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return ExitCodes.OK;
  }

  /**
   * Steps 8 and 9: materialize the repository's view up to now, then read a few samples online, as
   * a model serving predictions would.
   */
  private static void materializeAndReadOnline(PrintStream out, Path repo) {
    try (FeatureStore store = FeatureStore.open(repo)) {
      out.println("8. Materialize to the online store (materialize_incremental(datetime.now()))");
      for (ViewMaterialization m :
          store.materializeIncremental(
              Instant.now().truncatedTo(ChronoUnit.SECONDS), null, MaterializeProgress.NONE)) {
        out.printf(
            Locale.ROOT,
            "   %s: %s up to %s (%d ms)%n",
            m.view(),
            Plural.of(m.rows(), "row"),
            IsoTimes.format(m.end()),
            m.elapsed().toMillis());
      }
      out.println(
          "9. Read online: get_online_features(feature_0, target; sample_index "
              + ONLINE_SAMPLES
              + ")");
      String view = ClassificationRepoTemplate.FEATURE_VIEW;
      OnlineFeatures online =
          store.getOnlineFeatures(
              FeatureSelection.of(
                  view + ":feature_0", view + ":" + ClassificationRepoTemplate.LABEL),
              Map.of(ClassificationRepoTemplate.JOIN_KEY, List.copyOf(ONLINE_SAMPLES)));
      TextTable table = new TextTable("   sample_index", "feature_0", "target", "status");
      for (int i = 0; i < online.rowCount(); i++) {
        table.row(
            "   " + online.values(ClassificationRepoTemplate.JOIN_KEY).get(i),
            online.values("feature_0").get(i),
            online.values(ClassificationRepoTemplate.LABEL).get(i),
            online.statuses("feature_0").get(i));
      }
      table.print(out);
    }
  }

  /** The guide's comparison table, measured: direct loading vs the feature store. */
  private static void comparison(PrintStream out, TrainingRun direct, TrainingRun viaStore) {
    TextTable table =
        new TextTable("", "rows", "load ms", "accuracy", "roc_auc", "log_loss", "X,y sha256");
    for (TrainingRun run : List.of(direct, viaStore)) {
      WorkflowResult r = run.result();
      table.row(
          run == direct ? "direct SQLite" : "feature store",
          r.rowsTotal(),
          TrainingReport.ms(r.timings().load()),
          String.format(Locale.ROOT, "%.4f", r.testMetrics().accuracy()),
          String.format(Locale.ROOT, "%.4f", r.testMetrics().rocAuc()),
          String.format(Locale.ROOT, "%.4f", r.testMetrics().logLoss()),
          r.dataSha256().substring(0, 16));
    }
    table.print(out);
    boolean same = direct.result().dataSha256().equals(viaStore.result().dataSha256());
    out.println(
        same
            ? "Same X and y on both paths, so the same model and metrics."
            : "The feature store returned different X and y than direct loading.");
  }

  /** Deletes {@code home} if quickstart made it, refuses to touch anything else, recreates it. */
  private static void startAfresh(Path home) {
    try {
      if (Files.exists(home)) {
        if (!Directories.isEmpty(home) && !Files.exists(home.resolve(MARKER))) {
          throw new AlreadyExistsException(
              home + " exists and was not made by larder quickstart; refusing to delete it",
              "Pass --dir with a new or empty directory");
        }
        Directories.deleteTree(home);
      }
      Files.createDirectories(home);
      Files.writeString(home.resolve(MARKER), "made by larder quickstart; rerunning deletes it\n");
    } catch (IOException e) {
      throw new BackendException("could not prepare " + home + ": " + e.getMessage(), null, e);
    }
  }
}
