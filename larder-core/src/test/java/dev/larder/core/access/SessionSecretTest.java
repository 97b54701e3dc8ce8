package dev.larder.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session secret beside the keys file: created once, owner-only, shared by every reader. */
class SessionSecretTest {
  @TempDir Path dir;

  @Test
  void createdOnFirstNeedThenReused() throws Exception {
    Path keys = dir.resolve("auth/keys.yaml");
    byte[] first = SessionSecret.loadOrCreate(keys);
    assertThat(first).hasSize(SessionSecret.BYTES);
    Path file = SessionSecret.pathBeside(keys);
    assertThat(file).isEqualTo(dir.resolve("auth/keys.yaml.session-secret"));
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(SessionSecret.loadOrCreate(keys)).isEqualTo(first);
    // no temporary file is left behind
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("keys.yaml.session-secret");
    }
  }

  @Test
  void serversStartingTogetherShareOneSecret() throws Exception {
    Path keys = dir.resolve("keys.yaml");
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<byte[]>> secrets = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        secrets.add(
            pool.submit(
                () -> {
                  start.await();
                  return SessionSecret.loadOrCreate(keys);
                }));
      }
      byte[] first = secrets.get(0).get();
      for (Future<byte[]> f : secrets) {
        assertThat(Arrays.equals(f.get(), first)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDamagedSecretIsAnErrorNamingTheFix() throws Exception {
    Path keys = dir.resolve("keys.yaml");
    Files.writeString(SessionSecret.pathBeside(keys), "too short\n");
    assertThatThrownBy(() -> SessionSecret.loadOrCreate(keys))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("keys.yaml.session-secret is damaged")
        .extracting(e -> ((BackendException) e).hint())
        .asString()
        .contains("Delete it");
  }
}
