package dev.larder.core.offline;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.larder.core.FuzzVerdict;
import dev.larder.core.LarderException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the entity rows file reader (DESIGN B2): each input is the whole file of entity rows of a
 * historical retrieval against {@link OfflineFixture}'s driver view — a CSV file, or a Parquet file
 * when it starts with Parquet's magic {@code PAR1} — and the result is written as CSV, as {@code
 * larder get-historical-features} does. It must succeed or fail with a readable {@code
 * LarderException} within {@link FuzzVerdict#TIME_LIMIT}, and never make malformed SQL (DuckDB's
 * {@code Parser Error}: an injection through a column name or value).
 *
 * <p>{@code mvn test} runs it on its seeds ({@code EntityCsvFuzzTestInputs/rowsFile/}) and past
 * findings; {@code .ci/fuzz} runs it in fuzzing mode. One DuckDB engine serves every input.
 */
class EntityCsvFuzzTest {
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

  private static Path repo;
  private static OfflineEngine engine;
  private static RetrievalPlan plan;

  @BeforeAll
  static void openEngine() throws IOException {
    repo = Files.createTempDirectory("larder-fuzz-entity");
    plan =
        RetrievalPlan.forReferences(
            List.of(
                FeatureReference.parse("driver_stats:conv_rate"),
                FeatureReference.parse("driver_stats:trips"),
                FeatureReference.parse("driver_stats:city")),
            DefinitionLookup.of(OfflineFixture.write(repo)),
            false);
    engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
  }

  @AfterAll
  static void closeEngine() throws IOException {
    try {
      engine.close();
    } finally {
      try (Stream<Path> files = Files.walk(repo)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/dev/larder/core/offline/entity_rows.dict")
  void rowsFile(byte[] input) throws Exception {
    boolean parquet =
        input.length >= 4 && Arrays.equals(input, 0, 4, PARQUET_MAGIC, 0, PARQUET_MAGIC.length);
    Path rows = repo.resolve(parquet ? "rows.parquet" : "rows.csv");
    Files.write(rows, input);
    Path output = repo.resolve("out.csv");
    try {
      FuzzVerdict.check(
          new String(input, ISO_8859_1),
          () -> {
            try {
              engine.writeHistoricalFeatures(
                  HistoricalRequest.of(EntityRows.file(rows), plan), output);
            } catch (LarderException e) {
              if (madeMalformedSql(e)) {
                // the file's names or values made the SQL malformed: an injection
                throw new AssertionError("the SQL was malformed: " + e.getMessage(), e);
              }
              throw e;
            }
          });
    } finally {
      Files.delete(rows);
      Files.deleteIfExists(output);
    }
  }

  /**
   * Whether DuckDB refused the SQL itself: a {@link java.sql.SQLException} beneath {@code e} whose
   * message starts with DuckDB's {@code Parser Error}. The text alone proves nothing, as a message
   * may quote the file's own values (which can spell "Parser Error").
   */
  private static boolean madeMalformedSql(LarderException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && String.valueOf(sql.getMessage()).startsWith("Parser Error")) {
        return true;
      }
    }
    return false;
  }
}
