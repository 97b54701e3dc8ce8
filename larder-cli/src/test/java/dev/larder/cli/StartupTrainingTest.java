package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The workload of bin/larder's class-data archive: every command of it must still succeed (a
 * renamed option would leave each new jar without its archive).
 */
class StartupTrainingTest {
  @Test
  void everyCommandSucceeds() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = StartupTraining.run(new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(status).isZero();
  }
}
