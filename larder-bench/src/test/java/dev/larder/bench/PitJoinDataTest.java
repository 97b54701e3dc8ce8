package dev.larder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PitJoinDataTest {
  @TempDir Path scratch;

  @Test
  void aShapeGeneratesItsRowsOnceWithEachKeysTimesIncreasing() throws Exception {
    PitJoinData.Shape shape = new PitJoinData.Shape("pit-join-test-v1", 50, 3, 40);
    PitJoinData data = PitJoinData.in(scratch, shape);

    assertThat(data.prepareParquet()).isTrue();

    assertThat(data.dir()).isEqualTo(scratch.resolve("pit-join-test-v1").toAbsolutePath());
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement()) {
      String features = "read_parquet(" + PitJoinData.literal(data.features()) + ")";
      assertThat(
              longs(
                  s,
                  "SELECT count(*), count(DISTINCT item_id), max(item_id), count(DISTINCT (item_id,"
                      + " event_timestamp)), count(*) FILTER (WHERE created_timestamp <="
                      + " event_timestamp) FROM "
                      + features))
          .containsExactly(150, 50, 49, 150, 0);
      // Row i is snapshot i / keys of key i % keys, and a key's snapshots rise in time.
      assertThat(
              longs(
                  s,
                  "SELECT count(*) FILTER (WHERE ts <= prev) FROM (SELECT event_timestamp AS ts,"
                      + " lag(event_timestamp) OVER (PARTITION BY item_id ORDER BY"
                      + " file_row_number) AS prev FROM read_parquet("
                      + PitJoinData.literal(data.features())
                      + ", file_row_number = true))"))
          .containsExactly(0);
      assertThat(
              longs(
                  s,
                  "SELECT count(*), count(*) FILTER (WHERE item_id < 0 OR item_id >= 50) FROM"
                      + " read_parquet("
                      + PitJoinData.literal(data.entities())
                      + ")"))
          .containsExactly(40, 0);
    }
    try (var files = Files.list(data.dir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".tmp"));
    }
    assertThat(data.prepareParquet()).as("cached the second time").isFalse();
  }

  @Test
  void theLargeShapeIsPitJoinsScaledFiveTimesInADirectoryOfItsOwn() {
    assertThat(PitJoinData.LARGE.featureRows()).isEqualTo(50_000_000L);
    assertThat(PitJoinData.LARGE.featureRows() / PitJoinData.LARGE.entityRows())
        .isEqualTo(PitJoinData.STANDARD.featureRows() / PitJoinData.STANDARD.entityRows());
    assertThat(PitJoinData.LARGE.version()).isNotEqualTo(PitJoinData.STANDARD.version());
    assertThat(PitJoinData.STANDARD)
        .isEqualTo(new PitJoinData.Shape("pit-join-v1", 1_000_000, 10, 1_000_000));
  }

  @Test
  void aFailedGenerationLeavesNoFile() {
    Path target = scratch.resolve("broken.parquet");

    assertThatThrownBy(
            () -> GeneratedFile.copy("test", "SELECT no_such_column", target, "FORMAT PARQUET"))
        .isInstanceOf(SQLException.class);

    assertThat(target).doesNotExist();
  }

  private static long[] longs(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long[] values = new long[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return values;
    }
  }
}
