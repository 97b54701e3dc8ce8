package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --port} of {@code larder serve} and {@code larder ui}: its help line and its range. */
class ServerPortOptionTest {
  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {"serve", "ui"})
  void helpShowsThePortWithItsDefault(String command) {
    CliRun help = CliRun.in(work, command, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .containsPattern(
            "(?m)^ +--port=PORT +Port to listen on; 0 picks a free one \\(default:\\s+6566\\)\\.$");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "ui"})
  void aPortOutOfRangeIsAUsageError(String command) {
    for (String port : new String[] {"-1", "65536"}) {
      CliRun run = CliRun.in(work, command, "--port", port);
      assertThat(run.exitCode()).as(command + " --port " + port).isEqualTo(ExitCodes.USAGE);
      assertThat(run.firstErrorLine()).isEqualTo("error: --port " + port + " is not in 0..65535");
    }
  }
}
