package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.DatePartition;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a directory of partition folders a scan keeps for an event-time range. */
class PartitionFoldersTest {
  @TempDir Path repo;

  private static Instant t(String text) {
    return Instant.parse(text);
  }

  @Test
  void aFolderValueNamesThePeriodOfItsFormat() {
    DatePartition day = new DatePartition("date", null);
    assertThat(day.format()).isEqualTo("%Y-%m-%d");
    assertThat(day.period("2025-01-03"))
        .isEqualTo(new DatePartition.Period(t("2025-01-03T00:00:00Z"), t("2025-01-04T00:00:00Z")));
    assertThat(day.period("2025-1-3")).isNull();
    assertThat(day.period("2025-02-30")).isNull();
    assertThat(new DatePartition("dt", "%Y%m%d").period("20241231"))
        .isEqualTo(new DatePartition.Period(t("2024-12-31T00:00:00Z"), t("2025-01-01T00:00:00Z")));
    assertThat(new DatePartition("hour", "%Y-%m-%dT%H").period("2025-01-03T23"))
        .isEqualTo(new DatePartition.Period(t("2025-01-03T23:00:00Z"), t("2025-01-04T00:00:00Z")));
    assertThat(new DatePartition("month", "%Y-%m").period("2025-12"))
        .isEqualTo(new DatePartition.Period(t("2025-12-01T00:00:00Z"), t("2026-01-01T00:00:00Z")));
    for (String bad : new String[] {"%d-%m-%Y", "%Y-%d", "%Y/%m/%d", "%Y-%q", "%Y-%m-%d %", "x"}) {
      assertThatThrownBy(() -> new DatePartition("date", bad))
          .as(bad)
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageContaining("date_partition_column_format");
    }
  }

  @Test
  void aPeriodOverlapsARangeUnlessWhollyBeforeOrAfterIt() {
    DatePartition.Period day =
        new DatePartition.Period(t("2025-01-03T00:00:00Z"), t("2025-01-04T00:00:00Z"));
    // the range's latest time exactly on the period's start: a row at midnight can match
    assertThat(day.overlaps(null, t("2025-01-03T00:00:00Z"))).isTrue();
    assertThat(day.overlaps(null, t("2025-01-02T23:59:59.999999Z"))).isFalse();
    // the range's earliest time a microsecond before the end: the last microsecond can match
    assertThat(day.overlaps(t("2025-01-03T23:59:59.999999Z"), null)).isTrue();
    assertThat(day.overlaps(t("2025-01-04T00:00:00Z"), null)).isFalse();
    assertThat(day.overlaps(null, null)).isTrue();
  }

  @Test
  void theScanLeavesOutFoldersOutsideTheRangeAndKeepsTheRestInPathOrder() throws Exception {
    Path events = repo.resolve("data/events");
    for (String file :
        new String[] {
          "date=2025-01-01/part-0.parquet",
          "date=2025-01-02/part-0.parquet",
          "date=2025-01-02/part-1.parquet",
          "date=2025-01-03/part-0.parquet",
          "date=2025-01-03/x/part-0.parquet",
          "date=2025%2D01%2D04/part-0.parquet",
          "date=unknown/part-0.parquet",
          "_temporary/date=2025-01-02/part-9.parquet",
          "date=2025-01-02/.hidden/part-9.parquet",
          "date=2025-01-02/notes.txt"
        }) {
      Files.createDirectories(events.resolve(file).getParent());
      Files.writeString(events.resolve(file), "");
    }
    FileSource source =
        new FileSource(
            "events",
            "data/events",
            FileFormat.PARQUET,
            "event_timestamp",
            null,
            Map.of(),
            new DatePartition("date", null));
    try (SourceSchemas schemas = SourceSchemas.open(repo)) {
      assertThat(files(schemas.scan(source)))
          .containsExactly(
              "date=2025%2D01%2D04/part-0.parquet",
              "date=2025-01-01/part-0.parquet",
              "date=2025-01-02/part-0.parquet",
              "date=2025-01-02/part-1.parquet",
              "date=2025-01-03/part-0.parquet",
              "date=2025-01-03/x/part-0.parquet",
              "date=unknown/part-0.parquet");
      assertThat(files(schemas.scan(source, t("2025-01-02T12:00:00Z"), t("2025-01-03T00:00:00Z"))))
          .containsExactly(
              "date=2025-01-02/part-0.parquet",
              "date=2025-01-02/part-1.parquet",
              "date=2025-01-03/part-0.parquet",
              "date=2025-01-03/x/part-0.parquet",
              "date=unknown/part-0.parquet");
      assertThat(files(schemas.scan(source, t("2025-01-04T00:00:00Z"), null)))
          .containsExactly("date=2025%2D01%2D04/part-0.parquet", "date=unknown/part-0.parquet");
      assertThat(files(schemas.scan(source, null, t("2024-12-31T23:59:59.999999Z"))))
          .containsExactly("date=unknown/part-0.parquet");
      assertThat(schemas.scan(source, null, null)).contains("hive_partitioning = false");
    }
  }

  @Test
  void aPartitionedFileSourceMustBeADirectory() {
    assertThatThrownBy(
            () ->
                new FileSource(
                    "events",
                    "data/events.parquet",
                    FileFormat.PARQUET,
                    "event_timestamp",
                    null,
                    Map.of(),
                    new DatePartition("date", null)))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("date_partition_column needs a directory");
  }

  /** The files a {@code read_parquet([...])} scan lists, relative to the source directory. */
  private java.util.List<String> files(String scan) {
    String prefix = repo.resolve("data/events") + "/";
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String part : scan.split("'")) {
      if (part.startsWith(prefix)) {
        out.add(part.substring(prefix.length()));
      }
    }
    return out;
  }
}
