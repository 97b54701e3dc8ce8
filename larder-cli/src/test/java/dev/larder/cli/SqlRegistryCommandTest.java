package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled PostgreSQL registry ({@code registry_type: sql}) as the CLI reports it when
 * PostgreSQL does not answer: exit 3, an error naming the URL without its password, and the fix.
 * Needs no server: the port is one that nothing listens on.
 */
class SqlRegistryCommandTest {
  @TempDir Path work;

  @Test
  void anUnreachableRegistryIsExitThreeNamingTheUrlWithoutThePassword() throws IOException {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    Path repo = work.resolve("demo");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = repo.resolve("feature_store.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "registry: data/registry.db",
                "registry:\n  registry_type: sql\n  path: postgresql+psycopg://larder:s3cret@127.0.0.1:"
                    + port
                    + "/features\n  cache_ttl_seconds: 5"));

    CliRun apply = CliRun.in(repo, "apply");
    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
    assertThat(apply.firstErrorLine())
        .startsWith(
            "error: cannot reach PostgreSQL for the registry postgresql://larder@127.0.0.1:"
                + port
                + "/features: ");
    assertThat(apply.err()).contains("Start PostgreSQL").doesNotContain("s3cret");
  }
}
