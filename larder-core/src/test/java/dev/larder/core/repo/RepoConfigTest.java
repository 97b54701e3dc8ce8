package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoConfigTest {
  @TempDir Path repo;

  @Test
  void readsTheFileOfB3WithPathsResolvedAgainstTheRepo() throws Exception {
    Path template = DefinitionLoaderTest.initTemplate();
    RepoConfig config = RepoConfig.load(template);
    assertThat(config.repoPath()).isEqualTo(template.toAbsolutePath());
    assertThat(config.project()).isEqualTo("classification");
    assertThat(config.registry())
        .isEqualTo(
            new StoreConfig(
                "sqlite", Map.of("path", template.resolve("data/registry.db").toString())));
    assertThat(config.provider()).isEqualTo("local");
    assertThat(config.onlineStore().type()).isEqualTo("sqlite");
    assertThat(config.onlineStore().path("path"))
        .contains(template.resolve("data/online_store.db"));
    assertThat(config.offlineStore()).isEqualTo(StoreConfig.of("duckdb"));
    assertThat(config.entityKeySerializationVersion()).isEqualTo(3);
    assertThat(config.auth()).isEqualTo(StoreConfig.of("none"));
  }

  @Test
  void onlyProjectAndRegistryAreRequired() throws IOException {
    RepoConfig config = load("project: p\nregistry: /var/lib/larder/registry.db\n");
    assertThat(config.registry().path("path")).contains(Path.of("/var/lib/larder/registry.db"));
    assertThat(config.onlineStore().path("path")).contains(repo.resolve("data/online_store.db"));
    assertThat(config.offlineStore().type()).isEqualTo("duckdb");
    assertThat(config.auth().type()).isEqualTo("none");
    assertThat(config.resolve("../x.parquet")).isEqualTo(repo.getParent().resolve("x.parquet"));
  }

  @Test
  void objectFormsAndAliases() throws IOException {
    RepoConfig config =
        load(
            """
            project: p
            registry: {registry_type: sqlite, path: r.db}
            online_store: {type: sqlite}
            offline_store: {type: file}
            auth: {type: api_key, keys_file: auth/keys.yaml}
            """);
    assertThat(config.registry())
        .isEqualTo(new StoreConfig("sqlite", Map.of("path", repo.resolve("r.db").toString())));
    assertThat(config.onlineStore().path("path")).contains(repo.resolve("data/online_store.db"));
    assertThat(config.offlineStore()).isEqualTo(StoreConfig.of("duckdb"));
    assertThat(config.auth().path("keys_file")).contains(repo.resolve("auth/keys.yaml"));
    assertThat(load("project: p\nregistry: {path: r.db}\n").registry().type()).isEqualTo("sqlite");
  }

  @Test
  void aBackendTypeNotOnTheClassPathIsAnErrorWhenTheFileIsRead() throws IOException {
    assertThat(error("project: p\nregistry: r.db\nonline_store: {type: redsi, host: x}\n"))
        .hasMessage(file(3) + ": online_store type 'redsi' is not available; available: sqlite");
    assertThat(error("project: p\nregistry: r.db\noffline_store:\n  type: spark\n"))
        .hasMessage(
            file(4)
                + ": offline_store type 'spark' comes from the plugin 'spark', which is not"
                + " installed (plugin path: none; set larder.plugin.path or LARDER_PLUGIN_PATH)");
    assertThat(error("project: p\nregistry: {registry_type: postgres, path: 'postgresql://x'}\n"))
        .hasMessageStartingWith(file(2) + ": registry type 'postgres' is not available")
        .satisfies(
            e ->
                assertThat(((InvalidDefinitionException) e).hint())
                    .contains("put the module that provides 'postgres' on the class path"));
  }

  @Test
  void duckDbOptionsAreKeptForTheEngineAndTyposNamed() throws IOException {
    RepoConfig config =
        load(
            """
            project: p
            registry: r.db
            offline_store: {type: duckdb, memory_limit: 1GB, threads: 1, temp_directory: tmp}
            """);
    assertThat(config.offlineStore())
        .isEqualTo(
            new StoreConfig(
                "duckdb",
                Map.of(
                    "memory_limit",
                    "1GB",
                    "threads",
                    1L,
                    "temp_directory",
                    repo.resolve("tmp").toString())));
    assertThat(dev.larder.core.offline.duckdb.DuckDbSettings.of(config.offlineStore(), repo))
        .isEqualTo(
            new dev.larder.core.offline.duckdb.DuckDbSettings(
                "1GB",
                repo.resolve("tmp"),
                1,
                dev.larder.core.offline.duckdb.DuckDbSettings.DIRECT_JOIN_LIMIT));
    assertThat(error("project: p\nregistry: r.db\noffline_store: {memory_limt: 1GB}\n"))
        .hasMessageStartingWith(
            file(3) + ": offline_store: unknown key 'memory_limt'; did you mean 'memory_limit'?");
  }

  @Test
  void theFeatureServerSectionSetsTheServerLimitsAndNamesMistakes() throws IOException {
    assertThat(load("project: p\nregistry: r.db\n").featureServer())
        .isEqualTo(FeatureServerConfig.defaults());
    RepoConfig config =
        load(
            """
            project: p
            registry: r.db
            feature_server: {max_request_values: 5000, max_response_bytes: 1_000_000,
                             max_concurrent_requests: 2, max_queued_requests: 0}
            """);
    assertThat(config.featureServer())
        .isEqualTo(
            FeatureServerConfig.defaults()
                .withMaxRequestValues(5000)
                .withMaxResponseBytes(1_000_000)
                .withConcurrency(2, 0));
    assertThat(error("project: p\nregistry: r.db\nfeature_server: {max_request_value: 5}\n"))
        .hasMessageStartingWith(
            file(3)
                + ": feature_server: unknown key 'max_request_value'; did you mean"
                + " 'max_request_values'?");
    assertThat(error("project: p\nregistry: r.db\nfeature_server: {max_request_values: lots}\n"))
        .hasMessageContaining("'max_request_values' must be a whole number")
        .hasMessageContaining("got 'lots'");
    assertThat(error("project: p\nregistry: r.db\nfeature_server: {max_body_bytes: 0}\n"))
        .hasMessageContaining("feature_server.max_body_bytes is 0; it must be a positive number");
  }

  @Test
  void aMissingFileNamesThePathAndLarderInit() {
    assertThatThrownBy(() -> RepoConfig.load(repo))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("feature_store.yaml not found: " + repo.resolve("feature_store.yaml"))
        .satisfies(
            e ->
                assertThat(((NotFoundException) e).hint())
                    .isEqualTo(
                        "Create a feature repository with 'larder init "
                            + repo
                            + "', or name an existing one with --repo"));
  }

  @Test
  void unknownKeysNameTheKeyTheFileAndTheValidKeys() throws IOException {
    assertThat(error("projet: p\nregistry: r.db\n"))
        .hasMessageStartingWith(
            file(1)
                + ": configuration: unknown key 'projet'; did you mean 'project'? Valid keys:"
                + " project, registry, provider, online_store, offline_store,"
                + " entity_key_serialization_version, auth, feature_server; Feast's keys that"
                + " Larder accepts without using them: batch_engine, ");
    assertThat(error("project: p\nregistry: r.db\nonline_store: {type: sqlite, pth: x.db}\n"))
        .hasMessageStartingWith(
            file(3)
                + ": online_store: unknown key 'pth'; did you mean 'path'? Valid keys: type, path;");
    assertThat(
            error("project: p\nregistry: {registry_type: sqlite, path: r.db, cache_ttl_sec: 5}\n"))
        .hasMessageStartingWith(file(2) + ": registry: unknown key 'cache_ttl_sec'");
  }

  @Test
  void invalidValuesSayWhatIsSupported() throws IOException {
    assertThat(error("registry: r.db\n"))
        .hasMessage(
            file(1)
                + ": configuration: 'project' is missing; add project: my_project (letters, digits and _)");
    assertThat(error("project: p\n"))
        .hasMessageStartingWith(
            file(1) + ": configuration: 'registry' is missing; add registry: data/registry.db");
    assertThat(error("project: my-project\nregistry: r.db\n"))
        .hasMessage(
            file(1)
                + ": configuration: project 'my-project' is not valid: use letters, digits and _ only");
    assertThat(error("project: p\nregistry: r.db\nprovider: gcp\n"))
        .hasMessage(
            file(3) + ": configuration: provider 'gcp' is not supported; use provider: local");
    assertThat(error("project: p\nregistry: r.db\nentity_key_serialization_version: 4\n"))
        .hasMessageContaining("entity_key_serialization_version 4 is not supported");
    assertThat(error("project: p\nregistry: {registry_type: sqlit, path: r.db}\n"))
        .hasMessage(
            file(2)
                + ": registry type 'sqlit' is not available; did you mean 'sqlite'? available: sqlite, file");
    assertThat(error("project: p\nregistry: r.db\nauth: {type: oidcc}\n"))
        .hasMessage(
            file(3) + ": auth: auth type 'oidcc' is not supported. Use none (no_auth) or api_key");
    assertThat(error("project: p\nregistry: r.db\nauth: {type: api_key}\n"))
        .hasMessage(file(3) + ": auth: 'keys_file' is missing; add keys_file: auth/keys.yaml");
    assertThat(error("")).hasMessageContaining("the file is empty");
    assertThat(error("project: p\nregistry: ''\n"))
        .hasMessage(
            file(2) + ": configuration: 'registry' is empty; add registry: data/registry.db");
    assertThat(error("project: p\nregistry: r.db\nonline_store: {path: ' '}\n"))
        .hasMessage(file(3) + ": online_store: 'path' is empty; add path: data/online_store.db");
  }

  @Test
  void aConfigThatIsNotUtf8SaysSoWithTheLineAndTheFix() throws IOException {
    Files.write(
        repo.resolve("feature_store.yaml"),
        "project: p\nregistry: r.db\n# \u00e9t\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> RepoConfig.load(repo))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            repo.resolve("feature_store.yaml")
                + ":3: the file is not UTF-8 text: byte 0xE9 at column 3 of that line is not"
                + " valid UTF-8")
        .satisfies(
            e ->
                assertThat(((InvalidDefinitionException) e).hint())
                    .contains("Save the file as UTF-8"));
  }

  @Test
  void anAliasIsRefusedNotTakenAsTheAnchorsName() throws IOException {
    // found by RepoFilesFuzzTest: 'registry: *p' was the registry file 'p', not 'demo'
    assertThat(error("project: &p demo\nregistry: *p\n"))
        .hasMessage(file(2) + ": YAML aliases (*p) are not supported; write the value out in full");
  }

  @Test
  void duckDbNumbersThatAreEmptyOrTooLargeAreDefinitionErrors() throws IOException {
    // were an ArithmeticException (integer overflow) and a NoSuchElementException
    assertThatThrownBy(() -> duckDb("{type: duckdb, threads: 99999999999}"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageEndingWith(
            "offline_store: 'threads' must be a whole number from 1 to 2147483647, got"
                + " '99999999999'");
    // a YAML null is the option left out: its default
    assertThat(duckDb("{type: duckdb, threads: null}").threads()).isNull();
    assertThat(duckDb("{type: duckdb, direct_join_limit: ~}").directJoinLimit())
        .isEqualTo(DuckDbSettings.DIRECT_JOIN_LIMIT);
  }

  @Test
  void aPathThatCannotBeAPathIsADefinitionError() throws IOException {
    // was java.nio's InvalidPathException; "\0" is YAML for a NUL character
    String reason =
        " is not a valid path (Nul character not allowed); give a file path, absolute or relative"
            + " to the repository";
    assertThat(error("project: p\nregistry: \"a\\0b\"\n"))
        .hasMessage(file(2) + ": registry: 'path'" + reason);
    assertThat(error("project: p\nregistry:\n  path: \"\\0\"\n"))
        .hasMessage(file(3) + ": registry: 'path'" + reason);
    assertThat(error("project: p\nregistry: r.db\nonline_store: {path: \"a\\0\"}\n"))
        .hasMessage(file(3) + ": online_store: 'path'" + reason);
    assertThat(error("project: p\nregistry: r.db\nauth: {type: api_key, keys_file: \"k\\0\"}\n"))
        .hasMessage(file(3) + ": auth: 'keys_file'" + reason);
    assertThatThrownBy(() -> duckDb("{type: duckdb, temp_directory: \"t\\0\"}"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageEndingWith("offline_store: 'temp_directory'" + reason);
  }

  @Test
  void anEmptyStoreTypeIsADefinitionError() throws IOException {
    // was an IllegalArgumentException from StoreConfig
    assertThat(error("project: p\nregistry: r.db\nonline_store: {type: \"\"}\n"))
        .hasMessage(
            file(3) + ": online_store: 'type' is empty; name the backend, e.g. type: sqlite");
    assertThat(error("project: p\nregistry: r.db\noffline_store:\n  type: \" \"\n"))
        .hasMessage(
            file(4) + ": offline_store: 'type' is empty; name the backend, e.g. type: duckdb");
  }

  @Test
  void aFeatureServerValueErrorNamesItsLineOnce() throws IOException {
    // the file and line were given twice: "feature_store.yaml:3: …/feature_store.yaml:3: …"
    assertThat(error("project: p\nregistry: r.db\nfeature_server: {max_body_bytes: [1]}\n"))
        .hasMessage(
            file(3) + ": feature_server: 'max_body_bytes' must be a single value, got a list");
    assertThat(error("project: p\nregistry: r.db\nfeature_server:\n  max_queued_requests: lots\n"))
        .hasMessage(
            file(4)
                + ": feature_server: 'max_queued_requests' must be a whole number from 0 to"
                + " 2147483647, got 'lots'");
  }

  /**
   * The target of {@code larder registry copy}: a file holding a registry section (or a whole
   * feature_store.yaml) read as strictly as feature_store.yaml, its paths relative to its folder.
   */
  @Test
  void aRegistrySectionIsReadFromAnyYamlFileWithPathsRelativeToIt() throws IOException {
    Path other = Files.createDirectories(repo.resolve("other"));
    Path section = Files.writeString(other.resolve("target.yaml"), "registry:\n  path: r.db\n");
    assertThat(RepoConfig.registrySection(section))
        .isEqualTo(new StoreConfig("sqlite", Map.of("path", other.resolve("r.db").toString())));

    Files.writeString(
        other.resolve("feature_store.yaml"),
        "project: q\nregistry: data/registry.db\nonline_store: {type: sqlite}\n");
    assertThat(RepoConfig.registrySection(other.resolve("feature_store.yaml")))
        .isEqualTo(
            new StoreConfig(
                "sqlite", Map.of("path", other.resolve("data/registry.db").toString())));

    Files.writeString(section, "registry: {registry_type: sqlite, pth: r.db}\n");
    assertThatThrownBy(() -> RepoConfig.registrySection(section))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith(section + ":1: registry: unknown key 'pth'; did you mean 'path'?");
    Files.writeString(section, "project: q\n");
    assertThatThrownBy(() -> RepoConfig.registrySection(section))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith(section + ":1: ")
        .hasMessageContaining("'registry' is missing; add registry: {registry_type: sqlite");
    Files.writeString(section, "");
    assertThatThrownBy(() -> RepoConfig.registrySection(section))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> RepoConfig.registrySection(other.resolve("missing.yaml")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("registry file not found: " + other.resolve("missing.yaml"));
  }

  @Test
  void aRegistryGivenByItsLocationIsASqliteFileOrAPostgresUrl() {
    assertThat(RepoConfig.registryAt("copies/r.db", repo, "--to"))
        .isEqualTo(
            new StoreConfig("sqlite", Map.of("path", repo.resolve("copies/r.db").toString())));
    assertThat(RepoConfig.registryAt("/abs/r.db", repo, "--to").path("path"))
        .contains(Path.of("/abs/r.db"));
    for (String url :
        new String[] {"postgresql://larder@127.0.0.1:5432/f", "postgresql+psycopg://h/f"}) {
      assertThatThrownBy(() -> RepoConfig.registryAt(url, repo, "--to"))
          .as("without the PostgreSQL module on the class path")
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageStartingWith("--to:1: registry type 'sql' is not available");
    }
  }

  private DuckDbSettings duckDb(String section) throws IOException {
    return DuckDbSettings.of(
        load("project: p\nregistry: r.db\noffline_store: " + section + "\n").offlineStore(), repo);
  }

  private RepoConfig load(String text) throws IOException {
    Files.writeString(repo.resolve("feature_store.yaml"), text);
    return RepoConfig.load(repo);
  }

  private InvalidDefinitionException error(String text) throws IOException {
    try {
      load(text);
    } catch (InvalidDefinitionException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + text);
  }

  private String file(int line) {
    return repo.resolve("feature_store.yaml") + ":" + line;
  }
}
