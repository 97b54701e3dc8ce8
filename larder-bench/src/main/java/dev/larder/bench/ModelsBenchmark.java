package dev.larder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.bench.BenchMain.Row;
import dev.larder.bench.PitJoinBenchmark.Command;
import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.TrainTestSplit;
import dev.larder.ml.model.ModelTrainer;
import dev.larder.ml.model.TrainedModel;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run models}: each model the workflow offers beside its scikit-learn counterpart, on
 * the same rows and split, in the same run (DESIGN Targets, issue 14).
 *
 * <p>For 5,000 and 100,000 samples × 20 features, {@code bin/larder data generate} writes a sample
 * database; its rows are loaded as {@code larder train --source direct} loads them, split as it
 * splits them (stratified, test fraction 0.2, seed 42) and written to one CSV file (features,
 * target, train flag) that both sides read. For each model, Larder's trainer (in this JVM, on the
 * standardised rows, like {@code larder train}) and scikit-learn's fit (a {@code /usr/bin/python3}
 * worker, {@code bench/models_sklearn.py}) take turns, three times each after one unreported fit
 * each; the best fit time of each is compared (target: Larder ≤ 2 × scikit-learn), and the test
 * accuracy and ROC AUC (target: within 0.02). Then the whole {@code bin/larder train --source
 * direct --model M} command runs on the same database: its printed training-stage time beside
 * scikit-learn's best fit, and its peak resident memory beside the scikit-learn worker's.
 */
final class ModelsBenchmark {
  static final int[] SIZES = {5_000, 100_000};
  private static final int FEATURES = 20;
  private static final int ROUNDS = 3;
  private static final double QUALITY_TOLERANCE = 0.02;
  private static final double TIME_TARGET = 2.0;
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Pattern TRAIN_MS = Pattern.compile("time \\(ms\\):.* train ([0-9.]+),");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final Path scratch;
  private final List<String> notes = new ArrayList<>();

  ModelsBenchmark(Path home, Path scratch) {
    this.home = home;
    this.scratch = scratch;
  }

  List<String> notes() {
    return notes;
  }

  List<Row> run() throws IOException, InterruptedException {
    boolean sklearn = sklearnAvailable();
    if (!sklearn) {
      notes.add(
          "scikit-learn baseline unavailable: "
              + PYTHON
              + " cannot import sklearn (apt-get install -y python3-sklearn); Larder's figures"
              + " only");
    }
    List<Row> rows = new ArrayList<>();
    for (int samples : SIZES) {
      Path dir = scratch.resolve("models-" + samples);
      Path db = generate(dir, samples);
      Data data = Data.write(db, dir.resolve("rows.csv"));
      for (Algorithm algorithm : Algorithm.values()) {
        rows.addAll(compare(samples, algorithm, data, db, sklearn));
      }
    }
    return rows;
  }

  /** Runs {@code bin/larder data generate} once per size (the database is kept for reruns). */
  private Path generate(Path dir, int samples) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path db = dir.resolve("sample_data.db");
    if (Files.isRegularFile(db)) {
      return db;
    }
    System.err.printf(Locale.ROOT, "models: larder data generate --samples %,d…%n", samples);
    Command.Result generated =
        Command.run(
            dir,
            Map.of(),
            null,
            home.resolve("bin/larder").toString(),
            "data",
            "generate",
            "--samples",
            Integer.toString(samples),
            "--features",
            Integer.toString(FEATURES),
            "--db",
            db.toString());
    if (generated.exit() != 0) {
      throw new IllegalStateException(
          "larder data generate exited " + generated.exit() + ": " + generated.stderrTail());
    }
    return db;
  }

  private List<Row> compare(int samples, Algorithm algorithm, Data data, Path db, boolean sklearn)
      throws IOException, InterruptedException {
    String name = String.format(Locale.ROOT, "models %,d: %s", samples, algorithm.id());
    System.err.println(name + "…");
    ModelSpec spec = ModelSpec.builder().algorithm(algorithm).build();
    Fit larderBest = null;
    Fit sklearnBest = null;
    long sklearnPeakKib = -1;
    try (Worker worker = sklearn ? Worker.start(home, algorithm, data.csv()) : null) {
      // One unreported fit on each side first: the first fit in a process pays for loading and
      // compiling the trainer's code (milliseconds of solver against a cold JIT at 5,000 rows).
      larderFit(spec, data);
      if (worker != null) {
        worker.fit();
      }
      for (int round = 0; round < ROUNDS; round++) {
        // Alternate, so that both sides see the same machine load.
        larderBest = Fit.best(larderBest, larderFit(spec, data));
        if (worker != null) {
          sklearnBest = Fit.best(sklearnBest, worker.fit());
        }
      }
      if (worker != null) {
        sklearnPeakKib = worker.peakKib();
      }
    }
    Command.Result train =
        Command.run(
            data.csv().getParent(),
            Map.of(),
            null,
            home.resolve("bin/larder").toString(),
            "train",
            "--source",
            "direct",
            "--db",
            db.toString(),
            "--model",
            algorithm.id(),
            "--output",
            data.csv().getParent().resolve("run-" + algorithm.id()).toString(),
            "--force");
    double trainStageSeconds = trainStageSeconds(train);

    List<Row> rows = new ArrayList<>();
    if (sklearnBest == null) {
      rows.add(
          new Row(
              name + " fit, best of 3", seconds(larderBest.seconds()), "n/a", Double.NaN, "n/a"));
      rows.add(new Row(name + " accuracy", quality(larderBest.accuracy()), "n/a", Double.NaN, ""));
      rows.add(new Row(name + " ROC AUC", quality(larderBest.rocAuc()), "n/a", Double.NaN, ""));
    } else {
      rows.add(timeRow(name + " fit, best of 3", larderBest.seconds(), sklearnBest.seconds()));
      rows.add(qualityRow(name + " accuracy", larderBest.accuracy(), sklearnBest.accuracy()));
      rows.add(qualityRow(name + " ROC AUC", larderBest.rocAuc(), sklearnBest.rocAuc()));
    }
    if (Double.isNaN(trainStageSeconds)) {
      notes.add(name + ": larder train FAILED (exit " + train.exit() + "): " + train.stderrTail());
    } else if (sklearnBest != null) {
      rows.add(
          timeRow(name + " larder train, training step", trainStageSeconds, sklearnBest.seconds()));
    }
    rows.add(
        new Row(
            name + " peak RSS (larder train | worker)",
            mib(train.peakRssKib()),
            mib(sklearnPeakKib),
            sklearnPeakKib > 0 && train.peakRssKib() > 0
                ? (double) train.peakRssKib() / sklearnPeakKib
                : Double.NaN,
            "(no target)"));
    notes.add(
        String.format(
            Locale.ROOT,
            "%s: %,d train / %,d test rows; Larder fits %s; scikit-learn fits %s",
            name,
            data.trainRows().length,
            data.testRows().length,
            larderBest.all(),
            sklearnBest == null ? "n/a" : sklearnBest.all()));
    return rows;
  }

  /** One fit of Larder's trainer on the standardised training rows, evaluated on the test rows. */
  private static Fit larderFit(ModelSpec spec, Data data) {
    FeaturePipeline pipeline =
        FeaturePipeline.fit(
            FeatureSelection.resolve(List.of(FeatureSpec.ALL_STANDARD), data.names()),
            data.x(),
            data.trainRows());
    double[][] xTrain = pipeline.transform(data.x(), data.trainRows());
    double[][] xTest = pipeline.transform(data.x(), data.testRows());
    int[] yTrain = Arrays.stream(data.trainRows()).map(r -> data.y()[r]).toArray();
    int[] yTest = Arrays.stream(data.testRows()).map(r -> data.y()[r]).toArray();
    long start = System.nanoTime();
    TrainedModel model = ModelTrainer.of(spec).train(pipeline, xTrain, yTrain);
    double seconds = (System.nanoTime() - start) / 1e9;
    BinaryMetrics metrics = BinaryMetrics.evaluate(yTest, model.predictTransformed(xTest));
    return new Fit(seconds, metrics.accuracy(), metrics.rocAuc(), List.of(seconds));
  }

  private static double trainStageSeconds(Command.Result train) {
    if (train.exit() != 0) {
      return Double.NaN;
    }
    for (String line : train.stdout()) {
      Matcher m = TRAIN_MS.matcher(line);
      if (m.find()) {
        return Double.parseDouble(m.group(1)) / 1000;
      }
    }
    return Double.NaN;
  }

  private static Row timeRow(String name, double larder, double sklearn) {
    double ratio = larder / sklearn;
    return new Row(
        name,
        seconds(larder),
        "scikit-learn " + seconds(sklearn),
        ratio,
        String.format(
            Locale.ROOT, "≤ %.2fx: %s", TIME_TARGET, ratio <= TIME_TARGET ? "PASS" : "FAIL"));
  }

  private static Row qualityRow(String name, double larder, double sklearn) {
    double diff = larder - sklearn;
    return new Row(
        name,
        quality(larder),
        "scikit-learn " + quality(sklearn),
        larder / sklearn,
        String.format(
            Locale.ROOT,
            "within %.2f (%+.4f): %s",
            QUALITY_TOLERANCE,
            diff,
            Math.abs(diff) <= QUALITY_TOLERANCE ? "PASS" : "FAIL"));
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f s", s);
  }

  private static String quality(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String mib(long kib) {
    return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", kib / 1024);
  }

  private static boolean sklearnAvailable() throws IOException, InterruptedException {
    return Files.isExecutable(PYTHON)
        && Command.run(Path.of("."), Map.of(), null, PYTHON.toString(), "-c", "import sklearn")
                .exit()
            == 0;
  }

  /** A fit's time and test quality; {@link #best} keeps the fastest and every time seen. */
  record Fit(double seconds, double accuracy, double rocAuc, List<Double> times) {
    static Fit best(Fit current, Fit next) {
      if (current == null) {
        return next;
      }
      List<Double> times = new ArrayList<>(current.times());
      times.addAll(next.times());
      Fit faster = next.seconds() < current.seconds() ? next : current;
      return new Fit(faster.seconds(), faster.accuracy(), faster.rocAuc(), times);
    }

    String all() {
      StringBuilder s = new StringBuilder();
      for (double t : times) {
        s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", t));
      }
      return s + " s";
    }
  }

  /** The benchmark's rows, as both sides read them from {@link #csv}. */
  record Data(
      Path csv, List<String> names, double[][] x, int[] y, int[] trainRows, int[] testRows) {

    /**
     * Loads {@code db} as {@code larder train --source direct} does, splits it as it does and
     * writes the CSV; then reads the CSV back, so that Larder trains on exactly the values
     * scikit-learn reads.
     */
    static Data write(Path db, Path csv) throws IOException {
      TrainingData loaded = DirectLoader.load(db);
      ModelSpec defaults = ModelSpec.defaults();
      TrainTestSplit split =
          TrainTestSplit.stratified(loaded.y(), defaults.testFraction(), defaults.seed());
      boolean[] train = new boolean[loaded.rows()];
      for (int r : split.trainRows()) {
        train[r] = true;
      }
      try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        out.write(String.join(",", loaded.featureNames()) + ",target,train\n");
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < loaded.rows(); r++) {
          line.setLength(0);
          for (double v : loaded.x()[r]) {
            line.append(v).append(',');
          }
          line.append(loaded.y()[r]).append(',').append(train[r] ? 1 : 0).append('\n');
          out.write(line.toString());
        }
      }
      return read(csv);
    }

    static Data read(Path csv) throws IOException {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      String[] header = lines.get(0).split(",");
      int features = header.length - 2;
      int n = lines.size() - 1;
      double[][] x = new double[n][features];
      int[] y = new int[n];
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        String[] cells = lines.get(r + 1).split(",");
        for (int j = 0; j < features; j++) {
          x[r][j] = Double.parseDouble(cells[j]);
        }
        y[r] = Integer.parseInt(cells[features]);
        (cells[features + 1].equals("1") ? train : test).add(r);
      }
      return new Data(
          csv,
          List.of(header).subList(0, features),
          x,
          y,
          train.stream().mapToInt(Integer::intValue).toArray(),
          test.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /** The scikit-learn worker: one model, fits on command. */
  static final class Worker implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final BufferedWriter in;

    private Worker(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in =
          new BufferedWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    static Worker start(Path home, Algorithm algorithm, Path csv) throws IOException {
      Process p =
          new ProcessBuilder(
                  PYTHON.toString(),
                  home.resolve("bench/models_sklearn.py").toString(),
                  algorithm.id(),
                  csv.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      Worker worker = new Worker(p);
      worker.answer(); // {"ready": true, ...} once the rows are read
      return worker;
    }

    Fit fit() throws IOException {
      JsonNode r = ask("fit");
      double seconds = r.get("seconds").asDouble();
      return new Fit(
          seconds, r.get("accuracy").asDouble(), r.get("roc_auc").asDouble(), List.of(seconds));
    }

    long peakKib() throws IOException {
      return ask("peak").get("peak_rss_kib").asLong();
    }

    private JsonNode ask(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
      return answer();
    }

    private JsonNode answer() throws IOException {
      String line = out.readLine();
      if (line == null) {
        throw new IOException("the scikit-learn worker exited early (see its error above)");
      }
      return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
      try {
        in.write("quit\n");
        in.flush();
      } catch (IOException e) {
        // already gone
      }
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        process.destroy();
        Thread.currentThread().interrupt();
      }
    }
  }
}
