package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property test in full (run by {@code mvn -Pit verify}): 2,500 random cases, each checked
 * value by value against {@link PitReference}, with a different seed from the unit-test sample. Set
 * {@code -Dlarder.pit.seed=N} to rerun a reported seed range.
 */
class PitPropertyIT {
  @TempDir Path dir;

  @Test
  void engineAgreesWithTheReferenceOnThousandsOfRandomCases() throws Exception {
    long seed = Long.getLong("larder.pit.seed", 2_000_000L);
    Map<String, Long> counts = PitPropertyRun.run("PitPropertyIT", 2_500, seed, dir);
    assertThat(counts.get("cases")).isEqualTo(2_500);
    for (String kind :
        new String[] {
          "entity-less views",
          "composite-key views",
          "views with ttl",
          "views filtered by created timestamp",
          "picks decided by source position (exact ties)",
          "null feature values in picked rows",
          "duplicate entity rows",
          "key columns converted (B5.7)",
          "projections with join_key_map",
          "views with field_mapping",
          "Parquet directory sources",
          "no-match diagnostics"
        }) {
      assertThat(counts.get(kind)).as(kind).isGreaterThan(50);
    }
  }
}
