package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Permission;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {
  @TempDir Path repo;

  static Path initTemplate() throws URISyntaxException {
    return Path.of(DefinitionLoaderTest.class.getResource("/repos/classification").toURI());
  }

  @Test
  void readsTheFilesLarderInitWrites() throws Exception {
    Path template = initTemplate();
    RepoDefinitions defs = DefinitionLoader.load(template);

    FeatureView.Builder view =
        FeatureView.builder("classification_features")
            .entities("sample")
            .ttl(Duration.ZERO)
            .source("classification_source")
            .online(true)
            .description("20 synthetic features for binary classification");
    for (int i = 0; i < 20; i++) {
      view.field("feature_" + i, ScalarType.FLOAT64);
    }
    RepoDefinitions expected =
        RepoDefinitions.builder()
            .add(
                Entity.builder("sample")
                    .joinKeys("sample_index")
                    .valueType(ValueType.INT64)
                    .description("One generated sample")
                    .build())
            .add(
                new FileSource(
                    "classification_source",
                    "data/classification_data.parquet",
                    "event_timestamp",
                    "created_timestamp",
                    Map.of()))
            .add(view.field("target", ScalarType.INT64).build())
            .freeze();
    assertThat(defs).isEqualTo(expected);
    assertThat(defs.requireFeatureView("classification_features").schema()).hasSize(21);
    assertThat(defs.origin(defs.entities().get(0)))
        .contains(template.resolve("features.yaml") + ":2");
    assertThat(defs.origin(defs.featureViews().get(0)))
        .contains(template.resolve("features.yaml") + ":13");
  }

  @Test
  void readsEveryKeyOfB4() throws IOException {
    write(
        "all.yaml",
        """
        entities:
          - name: pair
            join_keys: [left_id, right_id]
            value_type: STRING
            description: two keys
            tags: {team: ml, tier: 1}
            owner: ana@example.com
        sources:
          - name: events
            type: file
            path: data/events.csv
            timestamp_field: ts
            created_timestamp_column: created
            field_mapping: {"Raw A": a, raw_b: b}
          - name: events_push
            type: push
            batch_source: events
          - name: inline_push
            type: push
            batch_source:
              name: pushed_files
              type: file
              path: data/pushed
              timestamp_field: ts
        feature_views:
          - name: pair_stats
            entities: [pair]
            ttl: "2h"
            source: events_push
            schema:
              - {name: a, dtype: String}
              - {name: b, dtype: Array(Float32)}
            online: false
            description: stats
            tags: {k: v}
            owner: me
          - name: global_stats
            entities: []
            source: inline_push
            schema:
              - {name: total, dtype: Int64}
        feature_services:
          - name: model_inputs
            features:
              - feature_view: pair_stats
                features: [b]
                version: v2
                name_alias: stats
                join_key_map: {left_id: user_id}
              - feature_view: global_stats
            description: inputs
            tags: {use: training}
            owner: team
        """);
    RepoDefinitions defs = DefinitionLoader.load(repo);

    assertThat(defs.entity("pair").orElseThrow())
        .isEqualTo(
            new Entity(
                "pair",
                List.of("left_id", "right_id"),
                ValueType.STRING,
                "two keys",
                Map.of("team", "ml", "tier", "1"),
                "ana@example.com"));
    FileSource events =
        new FileSource(
            "events", "data/events.csv", "ts", "created", Map.of("Raw A", "a", "raw_b", "b"));
    assertThat(defs.sources())
        .containsExactly(
            events,
            new PushSource("events_push", events),
            new PushSource(
                "inline_push", new FileSource("pushed_files", "data/pushed", "ts", null, null)));
    FeatureView pairStats = defs.requireFeatureView("pair_stats");
    assertThat(pairStats.ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(pairStats.online()).isFalse();
    assertThat(pairStats.field("b").orElseThrow().dtype())
        .isEqualTo(new ArrayType(ScalarType.FLOAT32));
    assertThat(pairStats.tags()).isEqualTo(Map.of("k", "v"));
    assertThat(pairStats.owner()).isEqualTo("me");
    FeatureView global = defs.requireFeatureView("global_stats");
    assertThat(global.isEntityless()).isTrue();
    assertThat(global.ttl()).isEqualTo(Duration.ZERO);
    assertThat(global.online()).isTrue();
    assertThat(defs.requireFeatureService("model_inputs"))
        .isEqualTo(
            new FeatureService(
                "model_inputs",
                List.of(
                    new FeatureViewProjection(
                        "pair_stats", List.of("b"), 2, "stats", Map.of("left_id", "user_id")),
                    FeatureViewProjection.of("global_stats")),
                "inputs",
                Map.of("use", "training"),
                "team"));
  }

  @Test
  void readsYamlFilesDirectlyInTheRepoInNameOrder() throws IOException {
    write("feature_store.yaml", "project: p\nregistry: data/registry.db\n");
    write("notes.txt", "not yaml: [");
    Files.createDirectories(repo.resolve("sub"));
    write("sub/ignored.yaml", "entities: [{name: hidden}]");
    write(
        "b_views.yml",
        "feature_views:\n  - {name: v2, entities: [], source: s, schema: [{name: f, dtype: Int64}]}\n");
    write(
        "a_views.yaml",
        "feature_views:\n  - {name: v1, entities: [], source: p, schema: [{name: f, dtype: Int64}]}\n"
            + "sources:\n  - {name: p, type: push, batch_source: s}\n");
    write(
        "c_sources.yaml",
        "sources:\n  - {name: s, type: file, path: x.parquet, timestamp_field: ts}\n");
    write("empty.yaml", "# nothing yet\n");

    assertThat(DefinitionLoader.definitionFiles(repo))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("a_views.yaml", "b_views.yml", "c_sources.yaml", "empty.yaml");
    RepoDefinitions defs = DefinitionLoader.load(repo);
    assertThat(defs.featureViews()).extracting(FeatureView::name).containsExactly("v1", "v2");
    assertThat(defs.sources()).extracting(s -> s.name()).containsExactly("p", "s");
    assertThat(((FileSource) defs.sourceOf(defs.requireFeatureView("v1")).batchSource()).path())
        .isEqualTo("x.parquet");
  }

  @Test
  void aMissingRepositoryIsNotFound() {
    assertThatThrownBy(() -> DefinitionLoader.load(repo.resolve("nope")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("feature repository not found: " + repo.resolve("nope"))
        .satisfies(e -> assertThat(((NotFoundException) e).hint()).contains("larder init"));
  }

  void write(String name, String text) throws IOException {
    Files.writeString(repo.resolve(name), text);
  }

  /** Loads {@code text} as the repository's only definitions file and returns the error. */
  InvalidDefinitionException error(String text) throws IOException {
    write("defs.yaml", text);
    try {
      DefinitionLoader.load(repo);
    } catch (InvalidDefinitionException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + text);
  }

  String file() {
    return repo.resolve("defs.yaml").toString();
  }

  @Test
  void readsPermissions() throws IOException {
    Files.writeString(
        repo.resolve("access.yaml"),
        """
        permissions:
          - name: ml-readers
            types: [feature_view, feature_service]
            name_patterns: ["classification_.*"]
            required_tags: {team: ml}
            actions: [describe, read_online, read_offline]
            policy: {roles: [reader]}
          - name: admins
            types: [all]
            actions: [create, describe, update, delete]
            policy:
              roles: [admin, owner]
            description: the administrators
        """);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    assertThat(defs.permissions())
        .containsExactly(
            Permission.builder("ml-readers")
                .types(DefinitionKind.FEATURE_VIEW, DefinitionKind.FEATURE_SERVICE)
                .namePatterns("classification_.*")
                .requiredTags(Map.of("team", "ml"))
                .actions(AccessAction.DESCRIBE, AccessAction.READ_ONLINE, AccessAction.READ_OFFLINE)
                .roles("reader")
                .build(),
            Permission.builder("admins")
                .allTypes()
                .actions(
                    AccessAction.CREATE,
                    AccessAction.DESCRIBE,
                    AccessAction.UPDATE,
                    AccessAction.DELETE)
                .roles("admin", "owner")
                .description("the administrators")
                .build());
    assertThat(defs.permissions().get(1).allTypes()).isTrue();
    assertThat(defs.origin(defs.permissions().get(0))).contains(repo.resolve("access.yaml") + ":2");
  }
}
