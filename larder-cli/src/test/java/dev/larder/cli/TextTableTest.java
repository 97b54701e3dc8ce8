package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI's tables print one line per row, whatever the cells hold. */
class TextTableTest {
  private static String print(TextTable table) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      table.print(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void controlCharactersInCellsArePrintedAsVisibleEscapes() {
    String text =
        print(
            new TextTable("USER", "DETAIL")
                .row("ana\nroot", "a\rb\tc")
                .row("\u001b[31mred\u001b[0m", "nul\u0000 del\u007f c1\u0085 ls\u2028")
                .row("plain", "café ✓"));
    String wide = "\\u001b[31mred\\u001b[0m";
    String pad = " ".repeat(wide.length() + 2);
    assertThat(text.lines())
        .containsExactly(
            ("USER" + pad).substring(0, pad.length()) + "DETAIL",
            ("ana\\nroot" + pad).substring(0, pad.length()) + "a\\rb\\tc",
            wide + "  nul\\u0000 del\\u007f c1\\u0085 ls\\u2028",
            ("plain" + pad).substring(0, pad.length()) + "café ✓");
  }

  @Test
  void headerCellsAreEscapedToo() {
    assertThat(print(new TextTable("A\nB", "C").row("1", "2")).lines())
        .containsExactly("A\\nB  C", "1     2");
  }

  @Test
  void timesInTablesAreToTheSecond() {
    assertThat(TextTable.time(java.time.Instant.parse("2026-12-06T22:16:51.230441646Z")))
        .isEqualTo("2026-12-06T22:16:51Z");
    assertThat(TextTable.time(java.time.Instant.parse("2026-12-06T22:16:51Z")))
        .isEqualTo("2026-12-06T22:16:51Z");
    assertThat(TextTable.time(null)).isEmpty();
  }
}
