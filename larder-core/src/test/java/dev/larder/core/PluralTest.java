package dev.larder.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
  @Test
  void oneIsSingularAndEverythingElsePlural() {
    assertThat(Plural.of(1, "row")).isEqualTo("1 row");
    assertThat(Plural.of(0, "row")).isEqualTo("0 rows");
    assertThat(Plural.of(2, "row")).isEqualTo("2 rows");
    assertThat(Plural.of(1, "audit entry", "audit entries")).isEqualTo("1 audit entry");
    assertThat(Plural.of(3, "audit entry", "audit entries")).isEqualTo("3 audit entries");
  }
}
