package dev.larder.core.registry;

import static dev.larder.core.registry.TestDefinitions.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.RepoDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's reads before the first apply, its JSON dump, and validation before writing. */
class RegistryTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);

  private Path file() {
    return dir.resolve("data/registry.db");
  }

  private Registry registry(Consumer<RepoDefinitions> check) {
    return new Registry(
        new SqliteRegistryStore(file(), TestDefinitions.PROJECT),
        TestDefinitions.PROJECT,
        check,
        clock,
        new Actor("ana"));
  }

  private Registry registry() {
    return registry(definitions -> {});
  }

  @Test
  void everyReadOfARegistryNotAppliedYetNamesItsPathAndApply() {
    Registry registry = registry();
    List<ThrowingCallable> reads =
        List.of(
            registry::snapshot,
            registry::dumpJson,
            registry::history,
            () -> registry.versions(VIEW),
            () -> registry.recordMaterialization(VIEW, T0, T0));
    for (ThrowingCallable read : reads) {
      assertThatThrownBy(read)
          .isInstanceOf(NotFoundException.class)
          .hasMessage("registry not found: " + file() + "; run 'larder apply' to create it")
          .satisfies(
              e ->
                  assertThat(((NotFoundException) e).hint())
                      .isEqualTo(
                          "The registry is written by the first 'larder apply' in the feature"
                              + " repository (use --repo DIR to name another repository)"));
    }
    assertThat(registry.location()).isEqualTo(file().toString());
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void theFirstApplyCreatesTheRegistryEvenWithNothingDefined() {
    ApplyResult result = registry().apply(RepoDefinitions.empty());
    assertThat(result.committed()).isTrue();
    assertThat(result.diff().text()).isEqualTo("No changes.\n");
    assertThat(registry().snapshot().revision()).isEqualTo(1);
    assertThat(registry().history().get(0).summary()).isEqualTo("apply: no changes");
    assertThat(registry().apply(RepoDefinitions.empty()).committed()).isFalse();
  }

  @Test
  void definitionsAreCheckedBeforeAnythingIsComparedOrWritten() {
    List<RepoDefinitions> checked = new ArrayList<>();
    registry(checked::add).apply(TestDefinitions.classification());
    assertThat(checked).containsExactly(TestDefinitions.classification());

    Registry failing =
        registry(
            definitions -> {
              throw new InvalidDefinitionException("file source 'x': data/x.parquet not found");
            });
    RepoDefinitions other =
        TestDefinitions.with(TestDefinitions.source("x.parquet"), TestDefinitions.view());
    assertThatThrownBy(() -> failing.plan(other))
        .hasMessage("file source 'x': data/x.parquet not found");
    assertThatThrownBy(() -> failing.apply(other))
        .hasMessage("file source 'x': data/x.parquet not found");
    assertThat(registry().snapshot().definitions()).isEqualTo(TestDefinitions.classification());
    assertThat(registry().history()).hasSize(1);
  }

  @Test
  void theDumpHoldsEveryObjectWithItsMetadataVersionsAndIntervals() throws Exception {
    registry().apply(TestDefinitions.classification());
    clock.advance(Duration.ofHours(1));
    registry()
        .apply(
            TestDefinitions.with(TestDefinitions.source(), TestDefinitions.viewBuilder(4).build()));
    registry().recordMaterialization(VIEW, Instant.parse("2025-01-01T00:00:00Z"), T0);

    String dump = registry().dumpJson();

    assertThat(dump)
        .startsWith(
            """
            {
              "project": "classification",
              "revision": 2,
              "last_commit": {
                "revision": 2,
                "committed_at": "2026-03-01T11:00:00Z",
                "committed_by": "ana",
            """)
        .endsWith("}\n");
    JsonNode root = new ObjectMapper().readTree(dump);
    RegistrySnapshot snapshot = registry().snapshot();
    List<String> specs = new ArrayList<>();
    for (String section : List.of("entities", "sources", "feature_views", "feature_services")) {
      for (JsonNode object : root.path(section)) {
        specs.add(object.path("spec").toString());
        assertThat(object.path("meta").path("created").asText()).isEqualTo("2026-03-01T10:00:00Z");
      }
    }
    assertThat(specs)
        .containsExactlyElementsOf(
            snapshot.definitions().all().stream()
                .map(Definition.class::cast)
                .map(DefinitionJson::write)
                .toList());
    JsonNode viewMeta = root.path("feature_views").get(0).path("meta");
    assertThat(viewMeta.path("last_updated").asText()).isEqualTo("2026-03-01T11:00:00Z");
    assertThat(viewMeta.path("version").asInt()).isEqualTo(2);
    assertThat(viewMeta.path("sha256").asText())
        .isEqualTo(snapshot.latestVersion(VIEW).orElseThrow().sha256());
    assertThat(viewMeta.path("materialization_intervals").get(0).path("start").asText())
        .isEqualTo("2025-01-01T00:00:00Z");
    JsonNode versions = root.path("feature_view_versions");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(1).path("feature_view").asText()).isEqualTo(VIEW);
    assertThat(versions.get(1).path("version").asInt()).isEqualTo(2);
    assertThat(versions.get(1).path("origin").asText()).isEqualTo("changed");
    assertThat(versions.get(1).path("changes").get(0).path("field").asText())
        .isEqualTo("schema.feature_3");
    assertThat(versions.get(1).path("definition").toString())
        .isEqualTo(snapshot.versions(VIEW).get(1).definition().json());
  }
}
