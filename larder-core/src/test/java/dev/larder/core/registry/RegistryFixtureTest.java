package dev.larder.core.registry;

import static dev.larder.core.registry.FixtureRegistry.FIRST;
import static dev.larder.core.registry.FixtureRegistry.SECOND;
import static dev.larder.core.registry.FixtureRegistry.THIRD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.RepoDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries written by earlier Larder versions keep loading (STYLE: serialized formats get
 * versioned fixtures). Each fixture is copied first, since opening a WAL database writes beside it.
 */
class RegistryFixtureTest {
  @TempDir Path dir;

  private SqliteRegistryStore fixture(String version) throws Exception {
    Path source = Path.of(getClass().getResource("/registry/" + version + "/registry.db").toURI());
    Path copy = dir.resolve(version + ".db");
    Files.copy(source, copy);
    return new SqliteRegistryStore(copy, FixtureRegistry.PROJECT);
  }

  @Test
  void schemaVersion1LoadsWhole() throws Exception {
    SqliteRegistryStore store = fixture("v1");
    RegistrySnapshot snapshot = store.load().orElseThrow();

    assertThat(snapshot.revision()).isEqualTo(3);
    assertThat(snapshot.lastCommit().orElseThrow())
        .isEqualTo(
            new RevisionInfo(
                3,
                THIRD,
                FixtureRegistry.USER,
                "materialize: feature view 'classification_features' from 2025-01-01T00:00:00Z to"
                    + " 2025-11-01T00:00:00Z"));
    assertThat(snapshot.definitions()).isEqualTo(FixtureRegistry.second());
    assertThat(snapshot.definitions().all())
        .containsExactlyElementsOf(FixtureRegistry.second().all());
    assertThat(snapshot.metadata(DefinitionKind.FEATURE_VIEW, "classification_features"))
        .contains(new ObjectMetadata(FIRST, SECOND));
    assertThat(snapshot.metadata(DefinitionKind.FEATURE_VIEW, "customer_stats"))
        .contains(new ObjectMetadata(FIRST, SECOND));
    assertThat(snapshot.metadata(DefinitionKind.ENTITY, "customer"))
        .contains(new ObjectMetadata(FIRST, FIRST));

    assertThat(snapshot.allVersions())
        .extracting(
            FeatureViewVersion::view,
            FeatureViewVersion::number,
            FeatureViewVersion::sha256,
            FeatureViewVersion::appliedAt,
            FeatureViewVersion::summary)
        .containsExactly(
            tuple(
                "classification_features",
                1,
                "6306d9de6adebff5431869cb2815c82ac49aa1bba5ea1c577f094d66c49659dc",
                FIRST,
                "created"),
            tuple(
                "classification_features",
                2,
                "ea8d5c50e2a986163423f880428227433cb2f62f6055617b87094fbb0b9e175a",
                SECOND,
                "schema.feature_2: (none) → Float64"),
            tuple(
                "customer_stats",
                1,
                "4fd9bfba7de966587963e1537e603f23983296297088dc858b296602c4872f32",
                FIRST,
                "created"),
            tuple(
                "pushed_stats",
                1,
                "d59997e527c12e0c3fcdfb6f7597955a5c1a99960def299f34d657a6afbdd4a1",
                FIRST,
                "created"));
    FeatureViewVersion deleted = snapshot.latestVersion("pushed_stats").orElseThrow();
    assertThat(deleted.definition().featureView()).isEqualTo(FixtureRegistry.pushed());
    assertThat(deleted.definition().source()).isEqualTo(FixtureRegistry.push());
    assertThat(snapshot.versions("classification_features").get(0).definition().featureView())
        .isEqualTo(FixtureRegistry.classification(2));
    assertThat(snapshot.materializations("classification_features"))
        .containsExactly(
            new MaterializationInterval(FixtureRegistry.START, FixtureRegistry.END, THIRD));
    assertThat(store.history())
        .extracting(RevisionInfo::revision, RevisionInfo::committedAt)
        .containsExactly(tuple(1L, FIRST), tuple(2L, SECOND), tuple(3L, THIRD));
  }

  /**
   * Today's code writes the fixture's history with the materialization appended beside the
   * revisions instead of as revision 3: the same registry apart from that last commit.
   */
  @Test
  void theFixtureWriterStillWritesTheSameRegistryButForTheMaterializationsCommit()
      throws Exception {
    Path fresh = dir.resolve("fresh.db");
    FixtureRegistry.write(fresh);
    SqliteRegistryStore written = new SqliteRegistryStore(fresh, FixtureRegistry.PROJECT);
    RegistrySnapshot now = written.load().orElseThrow();
    SqliteRegistryStore fixture = fixture("v1");
    RegistrySnapshot then = fixture.load().orElseThrow();
    assertThat(now.revision()).isEqualTo(2);
    assertThat(now.definitions()).isEqualTo(then.definitions());
    assertThat(now.allVersions()).isEqualTo(then.allVersions());
    assertThat(now.materializations("classification_features"))
        .isEqualTo(then.materializations("classification_features"));
    assertThat(written.history()).isEqualTo(fixture.history().subList(0, 2));
  }

  /**
   * The intervals of a registry written before they were appended beside the revisions (v1 holds
   * one in its snapshot table) survive a commit, which moves them, come before intervals appended
   * since, stop counting when a breaking version follows, and go with teardown.
   */
  @Test
  void schemaVersion1IntervalsSurviveCommitsAndGoWithABreakingVersion() throws Exception {
    SqliteRegistryStore store = fixture("v1");
    MaterializationInterval old =
        new MaterializationInterval(FixtureRegistry.START, FixtureRegistry.END, THIRD);
    MaterializationInterval appended =
        new MaterializationInterval(FixtureRegistry.END, FixtureRegistry.END, THIRD.plusSeconds(1));
    store.appendMaterialization("classification_features", 2, appended);
    assertThat(store.load().orElseThrow().materializations("classification_features"))
        .containsExactly(old, appended);

    MutableClock clock = new MutableClock(THIRD.plusSeconds(60));
    Registry registry =
        new Registry(store, FixtureRegistry.PROJECT, d -> {}, clock, new Actor("ana"));
    RepoDefinitions compatible =
        RepoDefinitions.builder()
            .add(FixtureRegistry.sample())
            .add(FixtureRegistry.customer())
            .add(FixtureRegistry.parquet())
            .add(FixtureRegistry.csv())
            .add(FixtureRegistry.push())
            .add(FixtureRegistry.classification(4))
            .add(FixtureRegistry.customerStats("Spend and visits per customer"))
            .add(FixtureRegistry.service())
            .freeze();
    assertThat(registry.apply(compatible).revision()).isEqualTo(4);
    assertThat(store.load().orElseThrow().materializations("classification_features"))
        .as("moved out of the snapshot table by the commit, in order")
        .containsExactly(old, appended);

    RepoDefinitions breaking =
        RepoDefinitions.builder()
            .add(FixtureRegistry.sample())
            .add(FixtureRegistry.customer())
            .add(FixtureRegistry.parquet())
            .add(FixtureRegistry.csv())
            .add(FixtureRegistry.push())
            .add(FixtureRegistry.classification(1))
            .add(FixtureRegistry.customerStats("Spend and visits per customer"))
            .add(FixtureRegistry.service())
            .freeze();
    registry.apply(breaking, ApplyOptions.ALLOW_BREAKING);
    assertThat(store.load().orElseThrow().materializations("classification_features")).isEmpty();
  }

  /**
   * A schema version 1 registry copies whole ({@code larder registry copy}): its interval kept in
   * the old snapshot table is exported as an interval of the view's latest version and lands in the
   * new file's log; the copy exports equal and loads the same snapshot.
   */
  @Test
  void aSchemaVersion1RegistryCopiesWhole() throws Exception {
    SqliteRegistryStore store = fixture("v1");
    RegistryExport export = store.export();
    assertThat(export.revisions()).hasSize(3);
    assertThat(export.materializations())
        .containsExactly(
            new RegistryExport.Materialization(
                "classification_features",
                2,
                new MaterializationInterval(FixtureRegistry.START, FixtureRegistry.END, THIRD)));

    SqliteRegistryStore copy =
        new SqliteRegistryStore(dir.resolve("copy.db"), FixtureRegistry.PROJECT);
    copy.restore(export);
    assertThat(copy.export()).isEqualTo(export);
    assertThat(copy.load()).isEqualTo(store.load());
    assertThat(copy.history()).isEqualTo(store.history());
  }

  @Test
  void teardownForgetsTheIntervalsOfASchemaVersion1Registry() throws Exception {
    SqliteRegistryStore store = fixture("v1");
    Registry registry =
        new Registry(
            store, FixtureRegistry.PROJECT, d -> {}, new MutableClock(THIRD), new Actor("ana"));
    assertThat(registry.forgetMaterializations()).isEqualTo(1);
    assertThat(store.load().orElseThrow().materializations("classification_features")).isEmpty();
    assertThat(store.currentRevision()).isEqualTo(3);
  }

  @Test
  void schemaVersion1WithoutARunsTableReadsNoRunsAndRecordsTheFirst() throws Exception {
    SqliteRegistryStore store = fixture("v1");
    RegistrySnapshot before = store.load().orElseThrow();
    assertThat(store.runs()).isEmpty();
    assertThat(store.run("r")).isEmpty();

    RecordedRun run = TestRuns.run("r", THIRD);
    assertThat(store.recordRun(run)).isEqualTo(run);

    assertThat(store.runs()).containsExactly(run);
    assertThat(store.load()).contains(before);
  }

  @Test
  void aSchemaVersion1RegistryWithoutAnAuditLogGainsOneOnItsFirstEntry() throws Exception {
    SqliteRegistryStore store = fixture("v1");
    assertThat(store.audit(null)).isEmpty();
    AuditEntry entry =
        new AuditEntry(THIRD, "ana", List.of("admin"), "apply", List.of(), AuditOutcome.OK, "");
    store.appendAudit(entry);
    assertThat(store.audit(null)).containsExactly(entry);
    assertThat(store.load().orElseThrow().revision()).isEqualTo(3);
  }
}
