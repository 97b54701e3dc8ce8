package dev.larder.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.core.ErrorCode;
import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.PermissionDeniedException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.online.PushMode;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryEntry;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.TrainingInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permissions enforced by the {@link FeatureStore} facade on a real repository (SQLite registry and
 * online store, Parquet data): apply judged by the permissions before it, reads and writes, list
 * and describe filtered, and the audit log of each.
 */
class FeatureStoreAccessTest {
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: data/stats.parquet, timestamp_field: event_timestamp}
        - name: stats_push
          type: push
          batch_source: {name: stats, type: file, path: data/stats.parquet,
                         timestamp_field: event_timestamp}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: trips, dtype: Int64}
        - name: driver_pushed
          entities: [driver]
          source: stats_push
          schema:
            - {name: trips, dtype: Int64}
          tags: {team: ml}
        - name: secret_stats
          entities: [driver]
          source: stats
          schema:
            - {name: trips, dtype: Int64}
      feature_services:
        - name: driver_service
          features:
            - feature_view: driver_stats
      """;

  static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
        - name: readers
          types: [feature_view, feature_service]
          name_patterns: ["driver_.*"]
          actions: [describe, read_online, read_offline]
          policy: {roles: [reader]}
        - name: ml-writers
          types: [feature_view]
          required_tags: {team: ml}
          actions: [write_online]
          policy: {roles: [writer]}
      """;

  static final Principal ADMIN = Principal.of("root", "admin");
  static final Principal READER = Principal.of("rita", "reader");
  static final Principal WRITER = Principal.of("walt", "writer");
  static final Principal NOBODY = Principal.of("nora");

  @TempDir Path repo;
  FeatureStore store;

  @BeforeEach
  void repo() throws IOException {
    RepoFixture.write(repo, DEFINITIONS);
    RepoFixture.parquet(
        repo.resolve("data/stats.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, trips BIGINT",
        "(1, '2024-01-01 10:00:00+00', 5)",
        "(2, '2024-01-01 11:00:00+00', 7)");
    Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
    store = FeatureStore.open(repo, ADMIN);
    store.apply();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void withoutPermissionsEverythingIsAllowed() throws IOException {
    Files.delete(repo.resolve("permissions.yaml"));
    store.apply();
    FeatureStore nobody = store.as(NOBODY);
    assertThat(nobody.list(DefinitionKind.FEATURE_VIEW)).hasSize(3);
    assertThat(nobody.canDescribe(DefinitionKind.ENTITY, "driver")).isTrue();
    assertThat(nobody.materialize(Instant.EPOCH, Instant.parse("2025-01-01T00:00:00Z"))).hasSize(3);
    assertThat(nobody.push("stats_push", row(3, 9), PushMode.ONLINE)).isEqualTo(1);
    Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
    long revision = store.snapshot().revision();
    assertThat(nobody.apply().revision()).isEqualTo(revision + 1);
  }

  @Test
  void anApplyThatChangesPermissionsIsJudgedByTheOnesBefore() throws IOException {
    // a reader grants herself every action: the permissions in the registry do not allow it
    Files.writeString(
        repo.resolve("permissions.yaml"),
        PERMISSIONS.replace("policy: {roles: [admin]}", "policy: {roles: [admin, reader]}"));
    long before = store.snapshot().revision();
    FeatureStore reader = store.as(READER);
    assertThatThrownBy(reader::apply)
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessage(
            "permission denied: user 'rita' (roles: reader) may not apply: update on permission"
                + " 'admins'")
        .extracting(e -> ((LarderException) e).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(store.snapshot().revision()).isEqualTo(before);

    // the admin may; from then on the new permission counts, and the reader may change the views
    assertThat(store.apply().revision()).isEqualTo(before + 1);
    Files.writeString(
        repo.resolve("features.yaml"),
        DEFINITIONS.replace("tags: {team: ml}", "tags: {team: ml}\n    description: pushed"));
    assertThat(reader.apply().revision()).isEqualTo(before + 2);
    assertThat(store.snapshot().lastCommit().orElseThrow().committedBy()).isEqualTo("rita");
  }

  @Test
  void anApplyNeedsCreateUpdateAndDeleteOnEachObjectItChanges() throws IOException {
    Files.writeString(
        repo.resolve("permissions.yaml"),
        PERMISSIONS
            + """
              - name: view-editors
                types: [feature_view]
                actions: [create, update]
                policy: {roles: [editor]}
            """);
    store.apply();
    FeatureStore editor = store.as(Principal.of("ed", "editor"));
    Files.writeString(
        repo.resolve("features.yaml"),
        DEFINITIONS.replace("name: secret_stats", "name: other_stats")
            + "  - {name: extra, features: [{feature_view: driver_stats}]}\n");
    assertThatThrownBy(editor::apply)
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessage(
            "permission denied: user 'ed' (roles: editor) may not apply: delete on feature view"
                + " 'secret_stats'; create on feature service 'extra'");
  }

  @Test
  void readsAndWritesNeedTheirActions() {
    Instant end = Instant.parse("2025-01-01T00:00:00Z");
    store.materialize(Instant.EPOCH, end);
    FeatureStore reader = store.as(READER);
    Map<String, List<Long>> keys = Map.of("driver_id", List.of(1L, 2L));

    assertThat(
            reader
                .getOnlineFeatures(FeatureSelection.of("driver_stats:trips"), keys)
                .values("trips"))
        .containsExactly(5L, 7L);
    assertThat(
            reader
                .getOnlineFeatures(FeatureSelection.service("driver_service"), keys)
                .values("trips"))
        .containsExactly(5L, 7L);
    EntityRows rows = EntityRows.forKeys("driver_id", List.of(1L), end);
    assertThat(
            reader
                .getHistoricalFeatures(
                    rows, FeatureSelection.of("driver_stats:trips"), RetrievalOptions.DEFAULT)
                .rowCount())
        .isEqualTo(1);

    assertThatThrownBy(
            () -> reader.getOnlineFeatures(FeatureSelection.of("secret_stats:trips"), keys))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessage(
            "permission denied: user 'rita' (roles: reader) may not get-online-features:"
                + " read_online on feature view 'secret_stats'")
        .hasFieldOrPropertyWithValue("hint", AccessGuard.HINT);
    assertThatThrownBy(
            () ->
                reader.getHistoricalFeatures(
                    rows, FeatureSelection.of("secret_stats:trips"), RetrievalOptions.DEFAULT))
        .hasMessageContaining(
            "may not get-historical-features: read_offline on feature view 'secret_stats'");
    assertThatThrownBy(() -> reader.push("stats_push", row(3, 9), PushMode.ONLINE))
        .hasMessage(
            "permission denied: user 'rita' (roles: reader) may not push: write_online on feature"
                + " view 'driver_pushed'");
    assertThatThrownBy(() -> reader.materialize(Instant.EPOCH, end))
        .hasMessageStartingWith(
            "permission denied: user 'rita' (roles: reader) may not materialize: write_online on"
                + " feature view 'driver_stats'; ");
    assertThatThrownBy(
            () ->
                store
                    .as(NOBODY)
                    .getOnlineFeatures(FeatureSelection.service("driver_service"), keys))
        .hasMessageContaining("read_online on feature service 'driver_service'");

    // the writer may push online to the view tagged team: ml, but not offline, and not elsewhere
    FeatureStore writer = store.as(WRITER);
    assertThat(writer.push("stats_push", row(3, 9), PushMode.ONLINE)).isEqualTo(1);
    assertThat(writer.writeToOnlineStore("driver_pushed", row(4, 1))).isEqualTo(1);
    assertThat(
            writer.materializeIncremental(end, List.of("driver_pushed"), MaterializeProgress.NONE))
        .hasSize(1);
    assertThatThrownBy(() -> writer.push("stats_push", row(3, 9), PushMode.ONLINE_AND_OFFLINE))
        .hasMessageContaining(
            "may not push: write_online and write_offline on feature view 'driver_pushed'")
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> writer.writeToOnlineStore("driver_stats", row(4, 1)))
        .hasMessageContaining("write_online on feature view 'driver_stats'");
  }

  @Test
  void unknownNamesAreDeniedBeforeTheyAreLookedUp() {
    FeatureStore nobody = store.as(NOBODY);
    assertThatThrownBy(() -> nobody.push("no_such_source", row(1, 1), PushMode.ONLINE))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("write_online on data source 'no_such_source'");
    assertThatThrownBy(() -> store.push("no_such_source", row(1, 1), PushMode.ONLINE))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void listAndDescribeShowOnlyWhatTheUserMayDescribe() {
    FeatureStore reader = store.as(READER);
    assertThat(reader.list(DefinitionKind.FEATURE_VIEW))
        .extracting(e -> e.definition().name())
        .containsExactly("driver_stats", "driver_pushed");
    assertThat(reader.list(DefinitionKind.ENTITY)).isEmpty();
    assertThat(reader.list(DefinitionKind.PERMISSION)).isEmpty();
    assertThat(store.list(DefinitionKind.PERMISSION)).hasSize(3);

    RegistryEntry entry = reader.describe(DefinitionKind.FEATURE_VIEW, "driver_stats");
    assertThat(entry.latestVersion().orElseThrow().number()).isEqualTo(1);
    assertThatThrownBy(() -> reader.describe(DefinitionKind.FEATURE_VIEW, "secret_stats"))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("describe on feature view 'secret_stats'");
    assertThatThrownBy(() -> reader.describe(DefinitionKind.FEATURE_VIEW, "driver_stat"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("feature view 'driver_stat' is not defined; did you mean 'driver_stats'?")
        .hasFieldOrPropertyWithValue("hint", "Defined feature views: driver_stats, driver_pushed");
    assertThat(reader.canDescribe(DefinitionKind.FEATURE_SERVICE, "driver_service")).isTrue();
    assertThat(reader.canDescribe(DefinitionKind.ENTITY, "driver")).isFalse();
    assertThatThrownBy(() -> reader.requireDescribe(DefinitionKind.ENTITY, "driver"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> reader.versions("secret_stats"))
        .isInstanceOf(PermissionDeniedException.class);

    String dump = reader.registryDump();
    assertThat(dump)
        .contains("\"name\": \"driver_stats\"")
        .doesNotContain("secret_stats")
        .doesNotContain("\"admins\"")
        .contains("\"entities\": []");
    assertThat(store.registryDump()).contains("secret_stats", "\"admins\"");
  }

  @Test
  void runsAndLineageNeedDescribeOnTheViewsTheyShow() {
    store.recordRun(run("public-run", "driver_stats@v1:trips"));
    store.recordRun(run("secret-run", "secret_stats@v1:trips"));
    store.recordRun(run("mixed-run", "driver_stats@v1:trips", "secret_stats@v1:trips"));

    assertThat(store.runs())
        .extracting(RecordedRun::id)
        .containsExactly("public-run", "secret-run", "mixed-run");
    FeatureStore reader = store.as(READER);
    assertThat(reader.runs()).extracting(RecordedRun::id).containsExactly("public-run");
    assertThat(reader.run("public-run").id()).isEqualTo("public-run");
    assertThatThrownBy(() -> reader.run("mixed-run"))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("rita")
        .hasMessageContaining("secret_stats");
    assertThat(store.lineage("public-run", null).byId())
        .containsKeys("source:stats", "view:driver_stats@v1", "run:public-run");
    // The reader may describe the views but not the data source the graph shows upstream
    assertThatThrownBy(() -> reader.lineage("public-run", null))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("data source 'stats'");
    assertThatThrownBy(() -> store.as(NOBODY).lineage("public-run", null))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(store.as(NOBODY).runs()).isEmpty();
  }

  @Test
  void visibilityIsTheRuleOfDescribeForObjectsRunsAndAuditEntries() {
    var definitions = store.snapshot().definitions();
    Visibility reader = store.as(READER).visibility(definitions);
    assertThat(reader.unrestricted()).isFalse();
    assertThat(reader.sees(DefinitionKind.FEATURE_VIEW, "driver_stats")).isTrue();
    assertThat(reader.sees(definitions.requireFeatureView("secret_stats"))).isFalse();
    assertThat(reader.sees(DefinitionKind.ENTITY, "driver")).isFalse();
    assertThat(reader.sees(DefinitionKind.FEATURE_VIEW, "driver_not_defined")).isTrue();
    assertThat(reader.sees(DefinitionKind.FEATURE_VIEW, "not_defined")).isFalse();
    // the same answers as describe, one by one
    for (var d : definitions.all()) {
      assertThat(reader.sees(d))
          .as(d.label())
          .isEqualTo(store.as(READER).canDescribe(d.kind(), d.name()));
    }

    assertThat(reader.sees(run("public-run", "driver_stats@v1:trips"))).isTrue();
    assertThat(reader.sees(run("mixed-run", "driver_stats@v1:trips", "secret_stats@v1:trips")))
        .isFalse();

    AuditEntry publicApply = audit("root", "feature_view:driver_stats");
    AuditEntry mixedApply = audit("root", "feature_view:driver_stats", "feature_view:secret_stats");
    AuditEntry ownKey = audit("root", "api_key:rita");
    AuditEntry otherKey = audit("root", "api_key:walt");
    assertThat(reader.sees(publicApply)).isTrue();
    assertThat(reader.sees(mixedApply)).isFalse();
    assertThat(reader.sees(ownKey)).isTrue();
    assertThat(reader.sees(otherKey)).isFalse();
    assertThat(reader.sees(audit("root"))).isTrue();

    Visibility admin = store.visibility(definitions);
    assertThat(admin.sees(mixedApply)).isTrue();
    assertThat(admin.sees(otherKey)).isFalse();
  }

  @Test
  void withoutPermissionsNothingIsHidden() throws IOException {
    Files.delete(repo.resolve("permissions.yaml"));
    store.apply();
    Visibility nobody = store.as(NOBODY).visibility(store.snapshot().definitions());
    assertThat(nobody.unrestricted()).isTrue();
    assertThat(nobody.sees(DefinitionKind.FEATURE_VIEW, "secret_stats")).isTrue();
    assertThat(nobody.sees(audit("root", "api_key:walt"))).isTrue();
  }

  private static AuditEntry audit(String user, String... objects) {
    return new AuditEntry(
        Instant.parse("2026-01-01T00:00:00Z"),
        user,
        List.of("admin"),
        "apply",
        List.of(objects),
        AuditOutcome.OK,
        "");
  }

  private RecordedRun run(String id, String... features) {
    return new RecordedRun(
        id,
        Instant.parse("2026-01-01T00:00:00Z"),
        "ana",
        new TrainingInputs(
            java.util.Arrays.stream(features).map(ResolvedFeature::parse).toList(),
            List.of("stats"),
            java.util.Optional.empty(),
            Instant.parse("2025-11-01T00:00:00Z"),
            "e".repeat(64),
            2),
        2,
        "d".repeat(64),
        "logistic-regression",
        "{\"algorithm\":\"logistic-regression\"}",
        Map.of("accuracy", 1.0),
        repo.resolve("runs/" + id).toString());
  }

  @Test
  void theAuditLogRecordsWhoDidWhatWhenAndHowItEnded() {
    Instant start = Instant.now().minusSeconds(1);
    Instant end = Instant.parse("2025-01-01T00:00:00Z");
    store.materialize(Instant.EPOCH, end, List.of("driver_stats"), MaterializeProgress.NONE);
    store.as(WRITER).push("stats_push", row(3, 9), PushMode.ONLINE);
    assertThatThrownBy(() -> store.as(READER).push("stats_push", row(3, 9), PushMode.ONLINE))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> store.as(WRITER).push("stats_push", Map.of(), PushMode.ONLINE))
        .isNotInstanceOf(PermissionDeniedException.class);
    store.as(WRITER).writeToOnlineStore("driver_pushed", row(4, 1));
    store.materializeIncremental(end, List.of("driver_pushed"), MaterializeProgress.NONE);
    store.recordAudit("auth add-key", List.of("api_key:ci"), AuditOutcome.OK, "roles: writer");

    List<AuditEntry> log = store.audit(null);
    assertThat(log)
        .extracting(AuditEntry::user, AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            tuple("root", "apply", AuditOutcome.OK),
            tuple("root", "materialize", AuditOutcome.OK),
            tuple("walt", "push", AuditOutcome.OK),
            tuple("rita", "push", AuditOutcome.DENIED),
            tuple("walt", "push", AuditOutcome.FAILED),
            tuple("walt", "write-to-online-store", AuditOutcome.OK),
            tuple("root", "materialize-incremental", AuditOutcome.OK),
            tuple("root", "auth add-key", AuditOutcome.OK));
    assertThat(log.get(0).objects()).contains("feature_view:driver_stats", "permission:admins");
    assertThat(log.get(0).detail()).startsWith("revision 1: ");
    assertThat(log.get(1).objects()).containsExactly("feature_view:driver_stats");
    assertThat(log.get(1).detail())
        .isEqualTo("driver_stats: 2 rows from 1970-01-01T00:00:00Z to 2025-01-01T00:00:00Z");
    assertThat(log.get(2).roles()).containsExactly("writer");
    assertThat(log.get(2).detail()).isEqualTo("1 row to online");
    assertThat(log.get(3).objects()).containsExactly("feature_view:driver_pushed");
    assertThat(log.get(3).detail())
        .isEqualTo(
            "permissions 'admins', 'ml-writers' allow write_online on feature view 'driver_pushed'"
                + " only to roles admin, writer");
    assertThat(log.get(4).detail()).startsWith("INVALID_ARGUMENT: ");
    assertThat(log).allSatisfy(e -> assertThat(e.at()).isAfter(start).isBefore(Instant.now()));
    assertThat(log.get(5).objects()).containsExactly("feature_view:driver_pushed");
    assertThat(log.get(5).detail()).isEqualTo("1 row");
    Instant since = log.get(3).at();
    assertThat(store.audit(since))
        .containsExactlyElementsOf(log.stream().filter(e -> !e.at().isBefore(since)).toList())
        .hasSizeGreaterThanOrEqualTo(5);
  }

  /** One pushed row for the views of {@code stats_push}. */
  private static Map<String, List<Object>> row(long driver, long trips) {
    Map<String, List<Object>> c = new LinkedHashMap<>();
    c.put("driver_id", List.of(driver));
    c.put("event_timestamp", List.of("2024-06-01T00:00:00Z"));
    c.put("trips", List.of(trips));
    return c;
  }
}
