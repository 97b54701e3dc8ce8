package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.Lease;
import dev.larder.core.registry.RegistryStore;
import dev.larder.testkit.TestRuns;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projects in one PostgreSQL database and schema (DESIGN B9): each applies, materializes,
 * records runs, audits and leases through its own repository, and neither ever sees the other's
 * objects, history, intervals, runs, audit entries or leases; tearing one down leaves the other.
 */
class PostgresProjectsTest {
  private static final Instant DAY1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant DAY3 = Instant.parse("2025-01-03T00:00:00Z");

  private final String schema = TestPostgres.newSchema("projects");
  private final String alpha = TestPostgres.newProject("alpha");
  private final String beta = TestPostgres.newProject("beta");

  @TempDir Path dir;

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  @AfterEach
  void dropSchema() {
    TestPostgres.dropSchema(schema);
  }

  private Path repo(String project, String definitions) {
    return PostgresRepos.write(
        dir.resolve(project), project, TestPostgres.url(schema), 2, definitions);
  }

  private static List<String> names(FeatureStore store, DefinitionKind kind) {
    return store.list(kind).stream().map(e -> e.definition().name()).toList();
  }

  @Test
  void twoProjectsInOneDatabaseNeverSeeEachOther() throws SQLException {
    Path alphaRepo = repo(alpha, PostgresRepos.drivers("driver_stats", "conv_rate", "trips"));
    Path betaRepo = repo(beta, PostgresRepos.drivers("driver_cities", "city"));
    try (FeatureStore a = FeatureStore.open(alphaRepo);
        FeatureStore b = FeatureStore.open(betaRepo);
        RegistryStore alphaStore =
            new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), alpha);
        RegistryStore betaStore =
            new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), beta)) {
      a.apply();
      b.apply();
      a.apply(); // unchanged: no revision
      a.materialize(DAY1, DAY3);
      alphaStore.recordRun(TestRuns.run("r", DAY1));
      alphaStore.claimLease(
          Lease.claim("materialize/x", "ana", DAY1, Duration.ofHours(1)), l -> false);

      assertThat(names(a, DefinitionKind.FEATURE_VIEW)).containsExactly("driver_stats");
      assertThat(names(b, DefinitionKind.FEATURE_VIEW)).containsExactly("driver_cities");
      assertThat(a.registry().history()).hasSize(1);
      assertThat(b.registry().history()).hasSize(1);
      assertThat(a.snapshot().materializations("driver_stats")).hasSize(1);
      assertThat(betaStore.load().orElseThrow().materializations("driver_stats")).isEmpty();
      assertThat(alphaStore.runs()).hasSize(1);
      assertThat(betaStore.runs()).isEmpty();
      assertThat(betaStore.run("r")).isEmpty();
      assertThat(a.audit(null)).extracting(AuditEntry::action).contains("apply", "materialize");
      assertThat(b.audit(null)).extracting(AuditEntry::action).containsExactly("apply");
      assertThat(
              betaStore.claimLease(
                  Lease.claim("materialize/x", "bob", DAY1, Duration.ofHours(1)), l -> false))
          .extracting(Lease::holder)
          .as("the other project's lease of the same name")
          .isEqualTo("bob");

      b.teardown();
      assertThat(a.snapshot().materializations("driver_stats"))
          .as("the other project's teardown")
          .hasSize(1);
      assertThat(alphaStore.currentRevision()).isEqualTo(1);
    }

    Set<String> projects = new HashSet<>();
    try (Connection c = TestPostgres.connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = " + PostgresSchema.quote(schema));
      for (String table :
          List.of(
              "larder_revisions",
              "larder_objects",
              "larder_view_versions",
              "larder_materializations",
              "larder_runs",
              "larder_audit",
              "larder_leases")) {
        try (ResultSet r = s.executeQuery("SELECT DISTINCT project FROM " + table)) {
          while (r.next()) {
            projects.add(r.getString(1));
          }
        }
      }
    }
    assertThat(projects).as("every row is of one of the two projects").containsOnly(alpha, beta);
  }
}
