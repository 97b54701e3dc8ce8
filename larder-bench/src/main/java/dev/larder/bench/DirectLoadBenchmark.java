package dev.larder.bench;

import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Direct load of the default sample database (1000 samples × 20 features), warm, in process,
 * against its baseline: a bare sqlite-jdbc {@code SELECT} of the same rows into the same arrays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DirectLoadBenchmark {
  private Path dir;
  private Path db;

  @Setup(Level.Trial)
  public void createDatabase() throws IOException {
    dir = Files.createTempDirectory("larder-bench");
    db = dir.resolve("sample_data.db");
    SampleDatabase.create(db, GeneratorOptions.defaults(), false, GenerationProgress.NONE);
  }

  @TearDown(Level.Trial)
  public void deleteDatabase() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The guide's {@code load_data()}: latest row per sample, ordered by sample_index. */
  @Benchmark
  public TrainingData directLoad() {
    return DirectLoader.load(db, SampleDatabase.TABLE);
  }

  /** Baseline: open a connection and read every row's features and target, nothing else. */
  @Benchmark
  public double[][] bareSqliteSelect() throws SQLException {
    StringBuilder columns = new StringBuilder();
    for (int f = 0; f < 20; f++) {
      columns.append("feature_").append(f).append(", ");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + columns + "target FROM classification_data")) {
      double[][] x = new double[1000][];
      int[] y = new int[1000];
      int row = 0;
      while (rs.next()) {
        double[] values = new double[20];
        for (int f = 0; f < 20; f++) {
          values[f] = rs.getDouble(f + 1);
        }
        x[row] = values;
        y[row++] = rs.getInt(21);
      }
      return x;
    }
  }
}
