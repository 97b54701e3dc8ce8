package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against the brute-force reference on random cases: a sample here, the full run in
 * {@link PitPropertyIT}.
 */
class PitPropertyTest {
  @TempDir Path dir;

  @Test
  void engineAgreesWithTheReferenceOnRandomCases() throws Exception {
    Map<String, Long> counts = PitPropertyRun.run("PitPropertyTest", 100, 1_000_000L, dir);
    assertThat(counts.get("cases")).isEqualTo(100);
  }
}
