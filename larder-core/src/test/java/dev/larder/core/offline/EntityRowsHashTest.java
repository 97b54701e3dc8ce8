package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entity rows' hash is the SHA-256 of the rows as a B2 CSV file. */
class EntityRowsHashTest {
  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void keysAtOneTimeHashAsTheirCsvText() throws Exception {
    Instant asOf = Instant.parse("2025-11-01T00:00:00Z");
    EntityRows.Columns rows = EntityRows.forKeys("sample_index", List.of(0L, 10L, 20L), asOf);

    assertThat(EntityRowsHash.sha256(rows))
        .isEqualTo(
            sha256(
                "sample_index,event_timestamp\n"
                    + "0,2025-11-01T00:00:00Z\n"
                    + "10,2025-11-01T00:00:00Z\n"
                    + "20,2025-11-01T00:00:00Z\n"));
  }

  @Test
  void everyKindOfValueIsWrittenAsB2SaysAndOrderMatters() throws Exception {
    EntityRows.Columns rows =
        EntityRows.builder()
            .strings("id", Arrays.asList("a,b", "", null))
            .doubles("x", 0.1, 2.0, -3.5)
            .booleans("ok", Arrays.asList(true, false, null))
            .timestamps(
                "event_timestamp",
                Instant.parse("2024-01-01T10:00:00.250Z"),
                Instant.parse("2024-01-01T10:00:00Z"),
                Instant.parse("2024-01-02T00:00:00Z"))
            .build();

    assertThat(EntityRowsHash.sha256(rows))
        .isEqualTo(
            sha256(
                "id,x,ok,event_timestamp\n"
                    + "\"a,b\",0.1,true,2024-01-01T10:00:00.250Z\n"
                    + "\"\",2.0,false,2024-01-01T10:00:00Z\n"
                    + ",-3.5,,2024-01-02T00:00:00Z\n"));
    EntityRows.Columns swapped =
        EntityRows.forKeys("sample_index", List.of(20L, 10L), Instant.EPOCH);
    EntityRows.Columns inOrder =
        EntityRows.forKeys("sample_index", List.of(10L, 20L), Instant.EPOCH);
    assertThat(EntityRowsHash.sha256(swapped)).isNotEqualTo(EntityRowsHash.sha256(inOrder));
  }
}
