package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.offline.duckdb.Sql;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors of the engine: each names what was wrong and the fix. */
class OfflineErrorsTest {
  @TempDir Path repo;
  RepoDefinitions defs;
  RetrievalPlan plan;
  OfflineEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    defs = OfflineFixture.write(repo);
    plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse("driver_stats:conv_rate")),
            DefinitionLookup.of(defs),
            false);
    engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private TrainingFrame run(EntityRows rows) {
    return engine.getHistoricalFeatures(HistoricalRequest.of(rows, plan));
  }

  private Path csv(String text) throws Exception {
    Path file = repo.resolve("entity.csv");
    Files.writeString(file, text);
    return file;
  }

  private static String hint(Throwable e) {
    return ((LarderException) e).hint();
  }

  @Test
  void aNulCharacterInAnEntityColumnNameIsTheUsersError() throws Exception {
    // found by EntityCsvFuzzTest: DuckDB's parser ended the query at the NUL, a BackendException
    // "Parser Error: unterminated quoted identifier"
    Path file = csv("driver_id,event_timestamp,we\0ight\n1,2024-01-02T00:00:00Z,0.5\n");
    assertThatThrownBy(() -> run(EntityRows.file(file)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("entity rows file " + file + ": the name of column 3 holds a NUL character");
    assertThatThrownBy(() -> Sql.id("a\0b"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("a name or text holds a NUL character, which SQL cannot carry");
  }

  @Test
  void aDamagedParquetEntityFileIsTheUsersErrorNamingTheFile() throws Exception {
    // found by EntityCsvFuzzTest: a BackendException "… Invalid Error: TProtocolException: Invalid
    // data" (DuckDB's Thrift decoder), i.e. exit 3 / 503 for the user's own file
    for (String seed : List.of("damaged_metadata.parquet", "damaged_columns.parquet")) {
      Path file = repo.resolve("rows.parquet");
      try (InputStream in =
          getClass().getResourceAsStream("EntityCsvFuzzTestInputs/rowsFile/" + seed)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      assertThatThrownBy(() -> run(EntityRows.file(file)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "entity rows file "
                  + file
                  + " cannot be read as Parquet: it is damaged, or not a Parquet file");
    }
  }

  @Test
  void missingTimestampColumnSuggestsTheName() throws Exception {
    assertThatThrownBy(() -> run(EntityRows.file(csv("driver_id,event_time\n1,2024-01-01\n"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("there is no event_timestamp column; did you mean 'event_time'?")
        .satisfies(e -> assertThat(hint(e)).contains("Add an event_timestamp column"));
  }

  @Test
  void badOrEmptyTimestampNamesTheRow() throws Exception {
    assertThatThrownBy(
            () ->
                run(EntityRows.file(csv("driver_id,event_timestamp\n1,2024-01-01\n2,yesterday\n"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageEndingWith(
            "row 2 after the header: event_timestamp 'yesterday' is not an ISO-8601 time")
        .satisfies(e -> assertThat(hint(e)).contains("2022-05-13 10:59:42+00:00"));
    // DuckDB's own cast takes these; the one time parser (IsoTimes) does not
    for (String near : List.of("2024/01/02", "2024-01-02 12:00:00 PST")) {
      assertThatThrownBy(
              () -> run(EntityRows.file(csv("driver_id,event_timestamp\n1," + near + "\n"))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageEndingWith(
              "row 1 after the header: event_timestamp '" + near + "' is not an ISO-8601 time");
    }
    assertThatThrownBy(() -> run(EntityRows.file(csv("driver_id,event_timestamp\n1,\n"))))
        .hasMessageEndingWith("row 1 after the header: event_timestamp is empty");
    assertThatThrownBy(
            () ->
                run(
                    EntityRows.builder()
                        .longs("driver_id", 1)
                        .timestamps("event_timestamp", Arrays.asList((Instant) null))
                        .build()))
        .hasMessage("entity rows: event_timestamp is empty in row 0");
  }

  @Test
  void anEmptyEntityFileSaysItNeedsAHeaderRow() throws Exception {
    for (String text : List.of("", "\n\n", "\r\n")) {
      Path file = csv(text);
      assertThatThrownBy(() -> run(EntityRows.file(file)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("entity rows file " + file + " is empty")
          .satisfies(
              e ->
                  assertThat(hint(e))
                      .contains("a header row")
                      .contains("event_timestamp")
                      .contains("one row per entity"));
    }
  }

  @Test
  void aRowWithMoreOrFewerFieldsThanTheHeaderNamesTheRowAndTheLine() throws Exception {
    Path wide = csv("driver_id,event_timestamp\n1,2024-01-01\n\n2,2024-01-02,extra\n");
    assertThatThrownBy(() -> run(EntityRows.file(wide)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity rows file "
                + wide
                + ", row 2 after the header (line 4): 3 values, but the header names 2 columns"
                + " (driver_id, event_timestamp)")
        .satisfies(e -> assertThat(hint(e)).contains("one value per column").contains("\"a,b\""));
    Path narrow = csv("driver_id,event_timestamp\r\n\"1\",2024-01-01\r\n2\r\n");
    assertThatThrownBy(() -> run(EntityRows.file(narrow)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(
            ", row 2 after the header (line 3): 1 value, but the header names 2 columns");
  }

  @Test
  void anUnclosedQuoteNamesTheRowWhereItOpens() throws Exception {
    Path file = csv("driver_id,event_timestamp\n1,2024-01-01\n\"2,2024-01-02\n3,2024-01-03\n");
    assertThatThrownBy(() -> run(EntityRows.file(file)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity rows file "
                + file
                + ", row 2 after the header (line 3): the quote that opens a value there is"
                + " never closed")
        .satisfies(e -> assertThat(hint(e)).contains("Close the quote").contains("\"\""))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sniffing"));
    Path after = csv("driver_id,event_timestamp\n\"1\"x,2024-01-01\n");
    assertThatThrownBy(() -> run(EntityRows.file(after)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity rows file "
                + after
                + ", row 1 after the header (line 2): a quoted value is followed by 'x'; after a"
                + " closing quote comes a comma or the end of the line");
  }

  @Test
  void linesThatDoNotAllEndTheSameWayAreNamed() throws Exception {
    Path file = csv("driver_id,event_timestamp\n1,2024-01-01\r\n2,2024-01-02\n");
    assertThatThrownBy(() -> run(EntityRows.file(file)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity rows file "
                + file
                + ", line 2: the line ends with CRLF, but line 1 ends with LF; a CSV file ends"
                + " all its lines the same way")
        .satisfies(e -> assertThat(hint(e)).contains("dos2unix"));
  }

  @Test
  void aColumnNamedTwiceInTheHeaderIsAnError() throws Exception {
    Path file = csv("driver_id,event_timestamp,label, Driver_ID\n1,2024-01-01,a,2\n");
    assertThatThrownBy(() -> run(EntityRows.file(file)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity rows file "
                + file
                + ", the header (line 1): columns 1 and 4 are both named 'driver_id' (names"
                + " ignore case and the spaces around them)")
        .satisfies(e -> assertThat(hint(e)).contains("Name each column once"));
    Path unnamed = csv("driver_id,,event_timestamp\n1,2,2024-01-01\n");
    assertThatThrownBy(() -> run(EntityRows.file(unnamed)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("entity rows file " + unnamed + ", the header (line 1): column 2 has no name");
  }

  @Test
  void wellShapedEntityFilesStillRead() throws Exception {
    TrainingFrame frame =
        run(
            EntityRows.file(
                csv(
                    "\uFEFF\r\n driver_id ,event_timestamp,\"note\"\r\n"
                        + "1,2024-01-01,\"a, \"\"quoted\"\"\nvalue\"\r\n\r\n"
                        + "2,2024-01-02,b\"c")));
    assertThat(frame.rowCount()).isEqualTo(2);
  }

  @Test
  void missingKeyColumnSuggestsTheNameAndJoinKeyMap() throws Exception {
    assertThatThrownBy(() -> run(EntityRows.file(csv("driver,event_timestamp\n1,2024-01-01\n"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(
            "feature view 'driver_stats' (join key 'driver_id') needs entity column 'driver_id'")
        .hasMessageContaining("did you mean 'driver'?")
        .satisfies(e -> assertThat(hint(e)).contains("join_key_map"));
  }

  @Test
  void missingEntityFileIsNotFound() {
    assertThatThrownBy(() -> run(EntityRows.file(repo.resolve("nope.csv"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("entity rows file not found: ");
    assertThatThrownBy(() -> EntityRows.file(repo.resolve("rows.txt")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("neither .csv nor .parquet");
  }

  @Test
  void outputMustBeCsvOrParquet() {
    EntityRows rows = EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH);
    assertThatThrownBy(
            () ->
                engine.writeHistoricalFeatures(
                    HistoricalRequest.of(rows, plan), repo.resolve("out.json")))
        .isInstanceOf(InvalidArgumentException.class)
        .satisfies(e -> assertThat(hint(e)).contains("out.csv or out.parquet"));
  }

  @Test
  void missingSourceFileSaysHowToCreateIt() throws Exception {
    Files.delete(repo.resolve("data/stats.csv"));
    assertThatThrownBy(() -> run(EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("CSV file not found: " + repo.resolve("data/stats.csv"));
  }

  @Test
  void sourceColumnMissingNamesTheViewAndTheColumns() throws Exception {
    Files.writeString(
        repo.resolve("data/stats.csv"),
        "driver_id,event_timestamp,created,conv\n1,2024-01-01,,0.1\n");
    assertThatThrownBy(() -> run(EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH)))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(
            "feature view 'driver_stats': column 'conv_rate' (feature 'conv_rate')")
        .hasMessageContaining("did you mean 'conv'?")
        .satisfies(e -> assertThat(hint(e)).contains("larder apply"));
  }

  @Test
  void sourceValueThatDoesNotConvertIsAnInvalidArgument() throws Exception {
    Files.writeString(
        repo.resolve("data/stats.csv"),
        "driver_id,event_timestamp,created,conv_rate\n1,2024-01-01,,fast\n");
    assertThatThrownBy(
            () ->
                run(
                    EntityRows.forKeys(
                        "driver_id", List.of(1L), Instant.parse("2024-02-01T00:00:00Z"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("fast")
        .hasCauseInstanceOf(java.sql.SQLException.class);
  }

  @Test
  void sourceKeyTextThatIsNotAnIntegerIsAnError() throws Exception {
    Files.writeString(
        repo.resolve("data/stats.csv"),
        "driver_id,event_timestamp,created,conv_rate\nd1,2024-01-01,,0.5\n");
    assertThatThrownBy(() -> run(EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("source column 'driver_id' of ")
        .hasMessageContaining("holds text such as 'd1'");
  }

  @Test
  void reservedAndListColumnsAreRejected() {
    assertThatThrownBy(
            () ->
                run(
                    EntityRows.builder()
                        .longs("driver_id", 1)
                        .longs("__larder_row", 1)
                        .timestamps("event_timestamp", Instant.EPOCH)
                        .build()))
        .hasMessageContaining("names starting __larder are reserved");
    assertThatThrownBy(
            () ->
                run(
                    EntityRows.builder()
                        .longs("driver_id", 1)
                        .strings("event_timestamp", "2024-01-01")
                        .build()))
        .hasMessageContaining("event_timestamp holds STRING values, not timestamps");
  }

  @Test
  void entityRowsBuilderRejectsRepeatsAndUnevenColumns() {
    assertThatThrownBy(() -> EntityRows.builder().longs("a", 1).longs("a", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'a' was already added");
    assertThatThrownBy(() -> EntityRows.builder().longs("a", 1, 2).longs("b", 1).build())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("entity column 'b' has 1 values, but 'a' has 2");
  }

  @Test
  void anOpenCursorHoldsTheEngine() {
    ViewPlan view =
        ViewPlan.allFeatures(defs.requireFeatureView("driver_stats"), DefinitionLookup.of(defs));
    try (LatestRows rows =
        engine.pullLatest(
            new LatestRequest(view, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))) {
      assertThat(rows.view().label()).isEqualTo("feature view 'driver_stats'");
      assertThatThrownBy(() -> run(EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("close it first");
    }
    assertThat(run(EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH)).rowCount())
        .isEqualTo(1);
  }

  @Test
  void aFailedRequestLeavesNoTemporaryTables() throws Exception {
    assertThatThrownBy(() -> run(EntityRows.file(csv("driver_id,event_timestamp\nx,2024-01-01\n"))))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> run(EntityRows.file(csv("driver_id,event_timestamp\n1,never\n"))))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(run(EntityRows.forKeys("driver_id", List.of(1L), Instant.EPOCH)).rowCount())
        .isEqualTo(1);
    java.lang.reflect.Field f = DuckDbOfflineEngine.class.getDeclaredField("connection");
    f.setAccessible(true);
    try (var s = ((java.sql.Connection) f.get(engine)).createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE temporary")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }
}
