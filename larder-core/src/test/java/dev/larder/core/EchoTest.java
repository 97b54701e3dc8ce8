package dev.larder.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How messages and tables repeat a user's text. */
class EchoTest {
  @Test
  void shortTextIsQuotedAsGiven() {
    assertThat(Echo.of("feature_0")).isEqualTo("'feature_0'");
    assertThat(Echo.of("café ✓ C:\\data")).isEqualTo("'café ✓ C:\\data'");
    assertThat(Echo.bare("feature_0")).isEqualTo("feature_0");
    assertThat(Echo.of((String) null)).isEqualTo("null");
    assertThat(Echo.of(Integer.valueOf(7))).isEqualTo("'7'");
  }

  @Test
  void aHugeNameIsCutAfterTheLimitSayingHowMuchIsLeftOut() {
    String huge = "n".repeat(9 * 1024 * 1024);
    String echoed = Echo.of(huge);
    assertThat(echoed)
        .isEqualTo(
            "'"
                + "n".repeat(Echo.LIMIT)
                + "'…("
                + (huge.length() - Echo.LIMIT)
                + " more characters)");
    assertThat(echoed.length()).isLessThan(Echo.LIMIT + 40);
    assertThat(Echo.of("n".repeat(Echo.LIMIT))).isEqualTo("'" + "n".repeat(Echo.LIMIT) + "'");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "a".repeat(Echo.LIMIT - 1) + "😀" + "b";
    assertThat(Echo.of(text)).isEqualTo("'" + "a".repeat(Echo.LIMIT - 1) + "'…(3 more characters)");
  }

  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertThat(Echo.of("a\nb\rc\td")).isEqualTo("'a\\nb\\rc\\td'");
    assertThat(Echo.escape("\u001b[31m\u0000\u007f\u0085\u009f\u2028\u2029"))
        .isEqualTo("\\u001b[31m\\u0000\\u007f\\u0085\\u009f\\u2028\\u2029");
    assertThat(Echo.escape("plain")).isSameAs("plain");
    assertThat(Echo.escape(null)).isNull();
  }
}
