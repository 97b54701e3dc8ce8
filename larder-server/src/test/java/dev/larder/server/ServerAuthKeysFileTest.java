package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.ErrorCode;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.repo.RepoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the server treats its keys file: missing, damaged at start, damaged later. */
class ServerAuthKeysFileTest {
  @TempDir Path repo;

  private RepoConfig config() throws IOException {
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: p\nregistry: data/registry.db\n"
            + "auth: {type: api_key, keys_file: auth/keys.yaml}\n");
    return RepoConfig.load(repo);
  }

  @Test
  void aMissingFileMeansNoKeysYet() throws IOException {
    ServerAuth auth = ServerAuth.of(config());
    assertThat(auth.required()).isTrue();
    assertThat(auth.keyCount()).isZero();
    assertThatThrownBy(() -> auth.caller(null, "Bearer anything", () -> "x"))
        .extracting(e -> ((LarderException) e).code())
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void aDamagedFileStopsTheStartAndLaterIsTheServersFault() throws Exception {
    RepoConfig config = config();
    Files.createDirectories(repo.resolve("auth"));
    Files.writeString(repo.resolve("auth/keys.yaml"), "version: 1\nkeys: [{name: a, colour: 1}]\n");
    assertThatThrownBy(() -> ServerAuth.of(config))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("key 'a' has unknown key 'colour'");

    Files.delete(repo.resolve("auth/keys.yaml"));
    String key =
        new ApiKeyFile(repo.resolve("auth/keys.yaml"))
            .add("a", List.of("r"), Clock.systemUTC())
            .key();
    ServerAuth auth = ServerAuth.of(config);
    assertThat(auth.keyCount()).isEqualTo(1);
    Files.writeString(repo.resolve("auth/keys.yaml"), "keys: 3\n");
    Thread.sleep(ServerAuth.RECHECK.toMillis() + 100);
    assertThatThrownBy(() -> auth.caller(null, "Bearer " + key, () -> "x"))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cannot be read");
  }
}
