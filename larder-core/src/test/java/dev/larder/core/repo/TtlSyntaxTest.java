package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtlSyntaxTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0, PT0S",
    "3600, PT1H",
    "1.5, PT1.5S",
    "30s, PT30S",
    "90m, PT1H30M",
    "2h, PT2H",
    "7d, PT168H",
    "' 45 ', PT45S",
    "PT1H, PT1H",
    "P7D, PT168H",
    "PT0S, PT0S",
    "P1DT2H, PT26H",
    "pt15m, PT15M"
  })
  void spellings(String text, String expected) {
    assertThat(TtlSyntax.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-5 | ttl '-5' is negative",
        "PT-1H | ttl 'PT-1H' is negative",
        "P1M | ttl 'P1M' is not an ISO-8601 duration (months and years are not)",
        "5x | ttl '5x' is not a duration",
        "2 hours | ttl '2 hours' is not a duration",
        "1w | ttl '1w' is not a duration",
        "'' | ttl '' is not a duration",
        "99999999999999999999d | ttl '99999999999999999999d' is too large"
      })
  void errorsListTheAcceptedForms(String text, String problem) {
    assertThatThrownBy(() -> TtlSyntax.parse(text))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            problem
                + "; write 0 (or leave ttl out) for unlimited, a number of seconds (3600), 90m, 2h,"
                + " 7d, or ISO-8601 such as PT1H");
  }
}
