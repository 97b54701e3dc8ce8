package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.time.IsoTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity rows and results through files (DESIGN B2), in a JVM whose default zone is not UTC: CSV
 * and Parquet in, CSV and Parquet out, and back again.
 */
class EntityAndResultFilesTest {
  @TempDir Path repo;
  RetrievalPlan plan;

  @BeforeEach
  void setUp() throws Exception {
    RepoDefinitions defs = OfflineFixture.write(repo);
    plan =
        RetrievalPlan.forReferences(
            List.of(
                FeatureReference.parse("driver_stats:conv_rate"),
                FeatureReference.parse("driver_stats:trips"),
                FeatureReference.parse("driver_stats:city")),
            DefinitionLookup.of(defs),
            false);
  }

  @Test
  void theJvmZoneIsNotUtcHere() {
    assertThat(TimeZone.getDefault().getRawOffset()).isNotZero();
  }

  private RetrievalSummary write(EntityRows rows, String output) {
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      return engine.writeHistoricalFeatures(HistoricalRequest.of(rows, plan), repo.resolve(output));
    }
  }

  @Test
  void javaRowsToParquetHaveUtcMicrosecondTimestampsAndDeclaredTypes() throws Exception {
    EntityRows rows =
        EntityRows.builder()
            .longs("driver_id", 1, 2, 3)
            .timestamps(
                "event_timestamp",
                Instant.parse("2024-01-02T12:00:00.123456789Z"),
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-05T00:00:00Z"))
            .doubles("weight", 0.5, 1.5, 2.5)
            .build();
    RetrievalSummary summary = write(rows, "out/result.parquet");
    assertThat(summary.rows()).isEqualTo(3);
    assertThat(summary.matchedRows()).containsExactly(2L);
    String file = repo.resolve("out/result.parquet").toString();
    assertThat(
            OfflineFixture.query(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
                    + file
                    + "'))"))
        .containsExactly(
            List.of("driver_id", "BIGINT"),
            List.of("event_timestamp", "TIMESTAMP WITH TIME ZONE"),
            List.of("weight", "DOUBLE"),
            List.of("conv_rate", "DOUBLE"),
            List.of("trips", "BIGINT"),
            List.of("city", "VARCHAR"));
    assertThat(
            OfflineFixture.query(
                "SELECT type, logical_type FROM parquet_schema('"
                    + file
                    + "') WHERE name = 'event_timestamp'"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get(0)).isEqualTo("INT64");
              assertThat(r.get(1)).contains("isAdjustedToUTC=1").contains("MICROS");
            });
    assertThat(
            OfflineFixture.query(
                "SELECT driver_id, epoch_us(event_timestamp), conv_rate, trips, city FROM"
                    + " read_parquet('"
                    + file
                    + "')"))
        .containsExactly(
            Arrays.asList("1", "1704196800123456", "0.2", null, "lyon"),
            Arrays.asList("2", "1704412800000000", "0.5", "50", null),
            Arrays.asList("3", "1704412800000000", null, null, null));
  }

  @Test
  void parquetEntityRowsWithNaiveOrZonedTimestampsGiveTheSameCsv() throws Exception {
    String naive = repo.resolve("naive.parquet").toString();
    String zoned = repo.resolve("zoned.parquet").toString();
    OfflineFixture.execute(
        "COPY (SELECT 1::INTEGER AS driver_id, TIMESTAMP '2024-01-02 12:00:00' AS"
            + " event_timestamp, 'a' AS note) TO '"
            + naive
            + "' (FORMAT PARQUET)",
        "COPY (SELECT '1' AS driver_id, TIMESTAMPTZ '2024-01-02 14:00:00+02:00' AS"
            + " event_timestamp, 'a' AS note) TO '"
            + zoned
            + "' (FORMAT PARQUET)");
    write(EntityRows.file(Path.of(naive)), "a.csv");
    write(EntityRows.file(Path.of(zoned)), "b.csv");
    String expected =
        "driver_id,event_timestamp,note,conv_rate,trips,city\n"
            + "1,2024-01-02T12:00:00Z,a,0.2,,lyon\n";
    assertThat(Files.readString(repo.resolve("a.csv"))).isEqualTo(expected);
    assertThat(Files.readString(repo.resolve("b.csv"))).isEqualTo(expected);
  }

  @Test
  void csvEntityTimestampsTakeEveryFormOfTheOneTimeParser() throws Exception {
    // IsoTimes' forms: a space or T, offsets Z/z/+00:00/+0000/+00/UTC or none (UTC), fractions
    List<String> forms =
        List.of(
            "2024-01-02 12:00:00+00:00",
            "2024-01-02T12:00:00",
            "2024-01-02T12:00:00Z",
            "2024-01-02T12:00:00z",
            "2024-01-02T14:00:00+0200",
            "2024-01-02T09:00:00-03",
            "2024-01-02 12:00:00.000000",
            "2024-01-02 12:00:00 UTC",
            "2024-01-02 12:00");
    StringBuilder csv = new StringBuilder("driver_id,event_timestamp\n");
    StringBuilder expected = new StringBuilder("driver_id,event_timestamp,conv_rate,trips,city\n");
    for (String form : forms) {
      assertThat(IsoTimes.parse("t", form))
          .as(form)
          .isEqualTo(Instant.parse("2024-01-02T12:00:00Z"));
      csv.append("1,").append(form).append('\n');
      expected.append("1,2024-01-02T12:00:00Z,0.2,,lyon\n");
    }
    csv.append("1,2024-01-03\n");
    expected.append("1,2024-01-03T00:00:00Z,0.3,30,nice\n");
    Files.writeString(repo.resolve("forms.csv"), csv);
    write(EntityRows.file(repo.resolve("forms.csv")), "forms-out.csv");
    assertThat(Files.readString(repo.resolve("forms-out.csv"))).isEqualTo(expected.toString());
  }

  @Test
  void parquetEntityTimestampsAsTextTakeTheSameForms() throws Exception {
    String file = repo.resolve("text-times.parquet").toString();
    OfflineFixture.execute(
        "COPY (SELECT * FROM (VALUES (1, '2024-01-02 12:00:00+00:00'), (1, '2024-01-02t12:00:00z'),"
            + " (1, '2024-01-03')) t(driver_id, event_timestamp)) TO '"
            + file
            + "' (FORMAT PARQUET)");
    write(EntityRows.file(Path.of(file)), "text-times.csv");
    assertThat(Files.readString(repo.resolve("text-times.csv")))
        .isEqualTo(
            "driver_id,event_timestamp,conv_rate,trips,city\n"
                + "1,2024-01-02T12:00:00Z,0.2,,lyon\n"
                + "1,2024-01-02T12:00:00Z,0.2,,lyon\n"
                + "1,2024-01-03T00:00:00Z,0.3,30,nice\n");
    String bad = repo.resolve("bad-times.parquet").toString();
    OfflineFixture.execute(
        "COPY (SELECT * FROM (VALUES (1, '2024-01-02'), (1, '2024/01/02')) t(driver_id,"
            + " event_timestamp)) TO '"
            + bad
            + "' (FORMAT PARQUET)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> write(EntityRows.file(Path.of(bad)), "bad.csv"))
        .isInstanceOf(dev.larder.core.InvalidArgumentException.class)
        .hasMessageEndingWith("row 2: event_timestamp '2024/01/02' is not an ISO-8601 time");
  }

  @Test
  void csvOutputReadBackAsEntityRowsGivesTheSameResult() throws Exception {
    Files.writeString(
        repo.resolve("entity.csv"),
        "driver_id,event_timestamp,label\n"
            + "2,2024-01-01T05:45:00+05:45,1\n"
            + "1,2024-01-03 00:00:00,0\n"
            + "1,2024-01-02T23:59:59.999999Z,1\n");
    write(EntityRows.file(repo.resolve("entity.csv")), "first.csv");
    write(EntityRows.file(repo.resolve("entity.csv")), "first.parquet");
    String first = Files.readString(repo.resolve("first.csv"));
    assertThat(first)
        .isEqualTo(
            "driver_id,event_timestamp,label,conv_rate,trips,city\n"
                + "2,2024-01-01T00:00:00Z,1,0.5,50,\n"
                + "1,2024-01-03T00:00:00Z,0,0.3,30,nice\n"
                + "1,2024-01-02T23:59:59.999999Z,1,0.2,,lyon\n");
    // The entity columns of each output, as entity rows again, give the same result.
    StringBuilder again = new StringBuilder();
    first
        .lines()
        .forEach(
            l -> again.append(String.join(",", Arrays.copyOf(l.split(",", -1), 3))).append('\n'));
    Files.writeString(repo.resolve("again.csv"), again);
    write(EntityRows.file(repo.resolve("again.csv")), "second.csv");
    assertThat(Files.readString(repo.resolve("second.csv"))).isEqualTo(first);
    OfflineFixture.execute(
        "COPY (SELECT driver_id, event_timestamp, label FROM read_parquet('"
            + repo.resolve("first.parquet")
            + "')) TO '"
            + repo.resolve("again.parquet")
            + "' (FORMAT PARQUET)");
    write(EntityRows.file(repo.resolve("again.parquet")), "third.csv");
    assertThat(Files.readString(repo.resolve("third.csv"))).isEqualTo(first);
  }

  @Test
  void otherCsvColumnsPassThroughAsTextToCsvAndToParquetStringColumns() throws Exception {
    Files.writeString(
        repo.resolve("zips.csv"),
        "driver_id,event_timestamp,zip,amount,price\n"
            + "1,2024-01-03,007,1e3,2.50\n"
            + "2,2024-01-05,90210,12,-0\n");
    write(EntityRows.file(repo.resolve("zips.csv")), "zips.csv.out.csv");
    assertThat(Files.readString(repo.resolve("zips.csv.out.csv")))
        .isEqualTo(
            "driver_id,event_timestamp,zip,amount,price,conv_rate,trips,city\n"
                + "1,2024-01-03T00:00:00Z,007,1e3,2.50,0.3,30,nice\n"
                + "2,2024-01-05T00:00:00Z,90210,12,-0,0.5,50,\n");
    write(EntityRows.file(repo.resolve("zips.csv")), "zips.parquet");
    String file = repo.resolve("zips.parquet").toString();
    assertThat(
            OfflineFixture.query(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT zip, amount, price FROM"
                    + " read_parquet('"
                    + file
                    + "'))"))
        .containsExactly(
            List.of("zip", "VARCHAR"), List.of("amount", "VARCHAR"), List.of("price", "VARCHAR"));
    assertThat(OfflineFixture.query("SELECT zip, amount, price FROM read_parquet('" + file + "')"))
        .containsExactly(List.of("007", "1e3", "2.50"), List.of("90210", "12", "-0"));
  }

  @Test
  void largeCsvEntityFilesKeepTheirOrder() throws Exception {
    int n = 60_000;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(3));
    StringBuilder csv = new StringBuilder("driver_id,event_timestamp,seq\n");
    SplittableRandom random = new SplittableRandom(4);
    for (int seq : order) {
      csv.append(1 + random.nextInt(3))
          .append(",2024-01-0")
          .append(1 + random.nextInt(4))
          .append("T00:00:00Z,")
          .append(seq)
          .append('\n');
    }
    Files.writeString(repo.resolve("big.csv"), csv);
    write(EntityRows.file(repo.resolve("big.csv")), "big_out.parquet");
    List<List<String>> seqs =
        OfflineFixture.query(
            "SELECT seq FROM read_parquet('" + repo.resolve("big_out.parquet") + "')");
    assertThat(seqs).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(seqs.get(i).get(0)).isEqualTo(Integer.toString(order.get(i)));
    }
  }
}
