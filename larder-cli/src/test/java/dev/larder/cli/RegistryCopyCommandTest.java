package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.testkit.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder registry copy} (issue 9, item 3): a registry with a training run, two view versions
 * (the second breaking), materializations and audit entries is copied to a SQLite file in another
 * folder, then from there back to a third; with {@code registry:} pointed at each copy, lineage,
 * {@code feature-views versions}, {@code runs}, {@code audit} and {@code registry-dump} print
 * exactly what they printed from the original. A target that holds the project is refused (exit 1,
 * naming it), and the source is never changed. {@link ToPostgres} does the same through the bundled
 * PostgreSQL registry: SQLite to PostgreSQL (a schema of the test's own) and back.
 */
class RegistryCopyCommandTest {
  static final String VIEW = "classification_features";

  @TempDir static Path work;
  static Path repo;
  static Path config;
  static String originalConfig;
  static String runId;

  @BeforeAll
  static void trainMaterializeAndChangeTheView() throws IOException {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "300").exitCode()).isZero();
    CliRun train = CliRun.in(work, "train", "--as-of", "2025-11-01", "--output", "run1");
    assertThat(train.exitCode()).as(train.err()).isZero();
    runId =
        train
            .out()
            .lines()
            .filter(l -> l.startsWith("recorded in the registry as run "))
            .findFirst()
            .orElseThrow()
            .split(" ")[6];
    repo = work.resolve("feature_repo");
    config = repo.resolve("feature_store.yaml");
    originalConfig = Files.readString(config);
    assertThat(originalConfig).contains("registry: data/registry.db\n");
    assertThat(larder("materialize-incremental", "2025-06-01").exitCode()).isZero();
    Path features = repo.resolve("features.yaml");
    Files.writeString(
        features,
        Files.readString(features)
            .replace(
                "      - {name: feature_0, dtype: Float64}\n",
                "      - {name: feature_0, dtype: Int64}\n"));
    CliRun breaking = larder("apply", "--allow-breaking");
    assertThat(breaking.exitCode()).as(breaking.err()).isZero();
    assertThat(breaking.out()).contains("feature view classification_features is now v2");
    assertThat(larder("materialize-incremental", "2026-01-01").exitCode()).isZero();
  }

  private static CliRun larder(String... args) {
    List<String> all = new ArrayList<>(List.of("--repo", "feature_repo"));
    all.addAll(List.of(args));
    return CliRun.in(work, all.toArray(String[]::new));
  }

  /** What every reading command prints, by command line. */
  private static Map<String, String> reads() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] args :
        new String[][] {
          {"lineage", VIEW},
          {"lineage", VIEW, "--format", "json"},
          {"lineage", runId},
          {"feature-views", "versions", VIEW},
          {"feature-views", "describe", VIEW},
          {"entities", "list"},
          {"runs", "list"},
          {"runs", "describe", runId, "--format", "json"},
          {"audit"},
          {"audit", "--format", "json"},
          {"registry-dump"}
        }) {
      CliRun run = larder(args);
      assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
      out.put(String.join(" ", args), run.out());
    }
    return out;
  }

  /** Points {@code registry:} of the repository at {@code registry} (relative to the repo). */
  private static void useRegistry(String registry) throws IOException {
    Files.writeString(
        config,
        originalConfig.replace("registry: data/registry.db\n", "registry: " + registry + "\n"));
  }

  /** Moves the original registry's files (with WAL and shared memory files) away, or back. */
  private static void hideSource(boolean hide) throws IOException {
    Path hidden = Files.createDirectories(work.resolve("hidden"));
    for (String name : List.of("registry.db", "registry.db-wal", "registry.db-shm")) {
      Path from = hide ? repo.resolve("data").resolve(name) : hidden.resolve(name);
      Path to = hide ? hidden.resolve(name) : repo.resolve("data").resolve(name);
      if (Files.exists(from)) {
        Files.move(from, to);
      }
    }
  }

  @Test
  void aCopyInAnotherFolderAndACopyOfItBackReadTheSameAsTheOriginal() throws IOException {
    Map<String, String> original = reads();
    assertThat(original.get("feature-views versions " + VIEW)).contains("v1").contains("v2");
    assertThat(original.get("audit")).contains("materialize").contains("apply");
    assertThat(original.get("runs list")).contains(runId);
    try {
      CliRun copy = larder("registry", "copy", "--to", "elsewhere/registry.db");
      assertThat(copy.exitCode()).as(copy.err()).isZero();
      assertThat(copy.err()).isEmpty();
      Path elsewhere = work.resolve("elsewhere/registry.db");
      assertThat(copy.out())
          .startsWith(
              "Copied project 'classification' from "
                  + repo.resolve("data/registry.db")
                  + " to "
                  + elsewhere
                  + ": ")
          .contains("2 feature view versions")
          .contains("1 training run")
          .contains("The source is unchanged.");
      assertThat(elsewhere).isRegularFile();

      useRegistry(elsewhere.toString());
      hideSource(true); // so that nothing below can read it by mistake
      assertThat(reads()).isEqualTo(original);

      // and back, through a YAML file whose path is relative to its own folder
      Path yaml = work.resolve("back/target.yaml");
      Files.createDirectories(yaml.getParent());
      Files.writeString(yaml, "registry:\n  registry_type: sqlite\n  path: registry.db\n");
      CliRun back = larder("registry", "copy", "--to", "back/target.yaml");
      assertThat(back.exitCode()).as(back.err()).isZero();
      assertThat(back.out())
          .startsWith(
              "Copied project 'classification' from "
                  + elsewhere
                  + " to "
                  + work.resolve("back/registry.db")
                  + ": ");
      useRegistry("../back/registry.db");
      assertThat(reads()).isEqualTo(original);
    } finally {
      hideSource(false);
      Files.writeString(config, originalConfig);
    }
    assertThat(reads()).as("the source is only read").isEqualTo(original);
  }

  @Test
  void aTargetThatHoldsTheProjectIsRefusedNamingItAndTheFix() throws IOException {
    Map<String, String> before = reads();
    Path taken = work.resolve("taken/registry.db");
    assertThat(larder("registry", "copy", "--to", "taken/registry.db").exitCode()).isZero();

    CliRun again = larder("registry", "copy", "--to", "taken/registry.db");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.firstErrorLine())
        .startsWith("error: the registry " + taken + " already holds project 'classification' (")
        .endsWith(
            "a registry is copied only into a project that holds nothing yet, and nothing was"
                + " written");
    assertThat(again.err()).contains("Copy to a new SQLite file");
    assertThat(again.out()).isEmpty();

    CliRun onto = larder("registry", "copy", "--to", "feature_repo/feature_store.yaml");
    assertThat(onto.exitCode()).as("a whole feature_store.yaml: its own registry").isEqualTo(1);
    assertThat(onto.firstErrorLine())
        .startsWith("error: the registry " + repo.resolve("data/registry.db") + " already holds");
    assertThat(reads()).isEqualTo(before);
  }

  @Test
  void missingOrBadTargetsAreClearErrors() {
    CliRun none = larder("registry", "copy");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.firstErrorLine()).startsWith("error: ").contains("--to");
    assertThat(larder("registry").exitCode()).isEqualTo(2);

    CliRun missing = larder("registry", "copy", "--to", "nowhere.yaml");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.firstErrorLine())
        .isEqualTo("error: registry file not found: " + work.resolve("nowhere.yaml"));

    assertThat(CliRun.in(work, "init", "unapplied").exitCode()).isZero();
    CliRun nothing = CliRun.in(work, "--repo", "unapplied", "registry", "copy", "--to", "x.db");
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.firstErrorLine())
        .isEqualTo(
            "error: the registry "
                + work.resolve("unapplied/data/registry.db")
                + " holds nothing of project 'classification' to copy (no revision, no audit"
                + " entry)");
    assertThat(nothing.err()).contains("larder apply");
    assertThat(work.resolve("x.db")).doesNotExist();

    CliRun noRepo = CliRun.in(work, "--repo", "empty", "registry", "copy", "--to", "x.db");
    assertThat(noRepo.exitCode()).isEqualTo(1);
    assertThat(noRepo.firstErrorLine()).contains("feature_store.yaml not found");

    CliRun help = larder("registry", "copy", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--to=TARGET").contains("postgresql://");
  }

  /**
   * The copy to and from the bundled PostgreSQL registry ({@code registry_type: sql}), in a schema
   * of each test's own (the URL's {@code currentSchema}, dropped after the test), reached with a
   * password in the URL that no output may show (the test server trusts local users, so any
   * password is accepted; one of {@code LARDER_TEST_POSTGRES_URL} is kept). Skipped when PostgreSQL
   * does not answer, except with {@code CI=true}.
   */
  @Nested
  class ToPostgres {
    private static final Pattern USER_WITHOUT_PASSWORD =
        Pattern.compile("^(postgres(?:ql)?(?:\\+\\w+)?://)([^:@/?]+)@");
    private static final Pattern PASSWORD = Pattern.compile("^[^:]+://[^:@/?]+:([^@/?]+)@");

    private final String schema = TestServices.uniqueName("larder_test_cli_copy");
    private String url;
    private String password;

    @BeforeEach
    void ownSchema() {
      TestServices.requirePostgres();
      TestServices.createSchema(schema);
      Matcher user = USER_WITHOUT_PASSWORD.matcher(TestServices.postgresUrl(schema));
      url = user.find() ? user.replaceFirst("$1$2:s3cret-pw@") : TestServices.postgresUrl(schema);
      Matcher secret = PASSWORD.matcher(url);
      password = secret.find() ? secret.group(1) : null;
    }

    @AfterEach
    void dropSchema() {
      TestServices.dropSchema(schema);
    }

    /** {@code registry copy --to URL}, checked to succeed; returns where it says it copied to. */
    private String copyToPostgres() {
      CliRun copy = larder("registry", "copy", "--to", url);
      assertThat(copy.exitCode()).as(copy.err()).isZero();
      assertThat(copy.err()).isEmpty();
      assertNoPassword(copy);
      String prefix =
          "Copied project 'classification' from " + repo.resolve("data/registry.db") + " to ";
      assertThat(copy.out())
          .startsWith(prefix)
          .contains("2 feature view versions")
          .contains("1 training run")
          .contains("The source is unchanged.");
      String target = copy.out().substring(prefix.length(), copy.out().indexOf(": "));
      assertThat(target)
          .startsWith("postgresql://")
          .contains("currentSchema=" + schema)
          .endsWith(" (project classification)");
      return target;
    }

    private void assertNoPassword(CliRun run) {
      if (password != null) {
        assertThat(run.out()).doesNotContain(password);
        assertThat(run.err()).doesNotContain(password);
      }
    }

    /** How many rows of project {@code classification} each registry table of the schema holds. */
    private Map<String, Long> rows() throws SQLException {
      Map<String, Long> out = new LinkedHashMap<>();
      try (Connection c = TestServices.jdbc(schema)) {
        for (String table :
            List.of(
                "larder_revisions",
                "larder_objects",
                "larder_view_versions",
                "larder_materializations",
                "larder_runs",
                "larder_audit")) {
          try (PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE project = ?")) {
            s.setString(1, "classification");
            try (ResultSet r = s.executeQuery()) {
              r.next();
              out.put(table, r.getLong(1));
            }
          }
        }
      }
      return out;
    }

    @Test
    void aCopyToPostgresAndACopyOfItBackToSqliteReadTheSameAsTheOriginal() throws IOException {
      Map<String, String> original = reads();
      try {
        copyToPostgres();
        Files.writeString(
            config,
            originalConfig.replace(
                "registry: data/registry.db\n",
                "registry:\n  registry_type: sql\n  path: \"" + url + "\"\n"));
        hideSource(true); // so that nothing below can read it by mistake
        Map<String, String> fromPostgres = reads();
        assertThat(fromPostgres).isEqualTo(original);

        CliRun back = larder("registry", "copy", "--to", "from-postgres/registry.db");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertNoPassword(back);
        Path copy = work.resolve("from-postgres/registry.db");
        assertThat(back.out())
            .startsWith("Copied project 'classification' from postgresql://")
            .contains(" to " + copy + ": ");
        useRegistry(copy.toString());
        assertThat(reads()).isEqualTo(original);
      } finally {
        hideSource(false);
        Files.writeString(config, originalConfig);
      }
      assertThat(reads()).as("the source is only read").isEqualTo(original);
    }

    @Test
    void aPostgresTargetThatHoldsTheProjectIsRefusedNamingItWithoutThePassword()
        throws SQLException {
      Map<String, String> before = reads();
      String target = copyToPostgres();
      Map<String, Long> copied = rows();
      assertThat(copied.get("larder_revisions")).isEqualTo(2);

      CliRun again = larder("registry", "copy", "--to", url);
      assertThat(again.exitCode()).as(again.err()).isEqualTo(1);
      assertThat(again.firstErrorLine())
          .startsWith("error: the registry " + target + " already holds project 'classification' (")
          .contains("revision 2, 1 training run, ")
          .endsWith(
              "a registry is copied only into a project that holds nothing yet, and nothing was"
                  + " written");
      assertThat(again.err()).contains("Copy to a new SQLite file or to a database (or schema)");
      assertThat(again.out()).isEmpty();
      assertNoPassword(again);
      assertThat(rows()).as("nothing written").isEqualTo(copied);
      assertThat(reads()).as("the source is only read").isEqualTo(before);
    }
  }
}
