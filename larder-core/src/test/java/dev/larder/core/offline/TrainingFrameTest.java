package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java result: typed columns, X and y, matched rows. */
class TrainingFrameTest {
  @TempDir Path repo;
  TrainingFrame frame;

  @BeforeEach
  void setUp() throws Exception {
    RepoDefinitions defs = OfflineFixture.write(repo);
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(
                FeatureReference.parse("driver_stats:conv_rate"),
                FeatureReference.parse("driver_stats:trips"),
                FeatureReference.parse("driver_stats:city")),
            DefinitionLookup.of(defs),
            false);
    EntityRows rows =
        EntityRows.builder()
            .longs("driver_id", 1, 2, 9, 1)
            .timestamps(
                "event_timestamp",
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-02T06:00:00Z"))
            .longs("label", 1, 0, 1, 0)
            .build();
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      frame = engine.getHistoricalFeatures(HistoricalRequest.of(rows, plan));
    }
  }

  @Test
  void columnsAreTypedAndInOrder() {
    assertThat(frame.rowCount()).isEqualTo(4);
    assertThat(frame.columnNames())
        .containsExactly("driver_id", "event_timestamp", "label", "conv_rate", "trips", "city");
    assertThat(frame.featureNames()).containsExactly("conv_rate", "trips", "city");
    assertThat(frame.column("event_timestamp").kind()).isEqualTo(FrameColumn.Kind.TIMESTAMP);
    assertThat(frame.column("event_timestamp").getInstant(3))
        .isEqualTo(Instant.parse("2024-01-02T06:00:00Z"));
    assertThat(frame.column("conv_rate").values()).containsExactly(0.3, 0.5, null, 0.2);
    assertThat(frame.column("trips").values()).containsExactly(30L, 50L, null, null);
    assertThat(frame.column("city").values()).containsExactly("nice", null, null, "lyon");
    assertThatThrownBy(() -> frame.column("conv"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("did you mean 'conv_rate'?");
  }

  @Test
  void matchedRowsAndSelection() {
    BitSet matched = frame.matchedRows();
    assertThat(matched.cardinality()).isEqualTo(3);
    assertThat(matched.get(2)).isFalse();
    assertThat(frame.summary().matchedRows()).containsExactly(3L);
    assertThat(frame.summary().noMatches()).isEmpty();
    TrainingFrame kept = frame.select(matched);
    assertThat(kept.rowCount()).isEqualTo(3);
    assertThat(kept.column("driver_id").values()).containsExactly(1L, 2L, 1L);
    assertThat(kept.matchedRows().cardinality()).isEqualTo(3);
  }

  @Test
  void xAndYOfCompleteRows() {
    BitSet complete = new BitSet();
    complete.set(0, 2);
    TrainingFrame kept = frame.select(complete);
    assertThat(kept.x(List.of("conv_rate", "trips")))
        .isDeepEqualTo(new double[][] {{0.3, 30.0}, {0.5, 50.0}});
    assertThat(kept.y("label")).containsExactly(1, 0);
  }

  @Test
  void nullsAndTextCannotBeExtracted() {
    assertThatThrownBy(() -> frame.x(List.of("conv_rate")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("column 'conv_rate' has 1 null value (first in row 2), which X cannot hold");
    assertThatThrownBy(() -> frame.x()).hasMessageContaining("null value");
    assertThatThrownBy(() -> frame.select(frame.matchedRows()).x(List.of("city")))
        .hasMessageContaining("holds STRING values, which are not numbers");
    assertThatThrownBy(() -> frame.y("trips"))
        .hasMessageContaining("has 2 null values (first in row 2)");
  }
}
