package dev.larder.ui.pages;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.Principal;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.testkit.TestRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The repository the page tests read: {@code larder init}'s, plus an entity, a view and a service
 * whose descriptions hold {@code <script>}, a push source, a view with three versions (v2 adds a
 * feature and changes the ttl, v3 retypes a feature: breaking), permissions that let the role
 * {@code reader} describe only the {@code classification_*} views and the {@code classifier}
 * service, two recorded runs, and rows materialized up to now.
 */
final class PagesRepo {
  static final String SCRIPT = "<script>alert(1)</script>";

  static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
          description: "<script>alert(1)</script> admins"
        - name: readers
          types: [feature_view, feature_service]
          name_patterns: ["classification_.*", "classifier"]
          actions: [describe, read_online]
          policy: {roles: [reader]}
      """;

  private PagesRepo() {}

  /** A training report as larder-ml writes it (format version 1). */
  static String report() throws IOException {
    try (var in = PagesRepo.class.getResourceAsStream("/reports/report-v1.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The extra definitions, with the {@code recent_features} view at {@code version} (1 to 3). */
  static String extra(int version) {
    String schema =
        switch (version) {
          case 1 ->
              """
                    - {name: feature_0, dtype: Float64}
                    - {name: feature_1, dtype: Float64}
              """;
          case 2 ->
              """
                    - {name: feature_0, dtype: Float64}
                    - {name: feature_1, dtype: Float64}
                    - {name: feature_2, dtype: Float64}
              """;
          default ->
              """
                    - {name: feature_0, dtype: Float64}
                    - {name: feature_1, dtype: Int64}
                    - {name: feature_2, dtype: Float64}
              """;
        };
    return """
        entities:
          - name: patient
            join_keys: [patient_id]
            value_type: STRING
            description: "<script>alert(1)</script> patients"
            owner: "<b>carol</b>"
        sources:
          - name: classification_push
            type: push
            batch_source: {name: push_files, type: file, path: data/classification_data.parquet,
                           timestamp_field: event_timestamp, created_timestamp_column: created_timestamp}
        feature_views:
          - name: recent_features
            entities: [sample]
            ttl: %s
            source: classification_source
            schema:
        %s    online: true
            description: "<script>alert(1)</script> recent"
            owner: ana
            tags: {team: "<i>ml</i>"}
        feature_services:
          - name: classifier
            features:
              - feature_view: classification_features
                features: [feature_0, feature_1]
            description: "<script>alert(1)</script> classifier"
          - name: recent_service
            features:
              - feature_view: recent_features
        """
        .formatted(version == 1 ? "1h" : "2h", schema);
  }

  /**
   * Writes, applies (three times, for the versions) and materializes the repository in {@code
   * repo}; returns its store acting as {@code admin}, with two runs recorded.
   */
  static FeatureStore create(Path repo, boolean permissions) {
    try {
      ClassificationRepoTemplate.init(repo, false);
      Files.writeString(repo.resolve("extra.yaml"), extra(1));
      if (permissions) {
        Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
      }
      FeatureStore store = FeatureStore.open(repo, Principal.of("admin", "admin"));
      store.apply();
      Files.writeString(repo.resolve("extra.yaml"), extra(2));
      store.apply();
      Files.writeString(repo.resolve("extra.yaml"), extra(3));
      store.apply(ApplyOptions.ALLOW_BREAKING);
      store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
      store.recordRun(
          TestRuns.run(
              "run-direct",
              Instant.parse("2025-11-02T10:00:00Z"),
              null,
              "classification_features@v1:feature_0",
              "classification_features@v1:target"));
      store.recordRun(
          TestRuns.run(
                  "run-recent",
                  Instant.parse("2025-11-03T10:00:00Z"),
                  "recent_service",
                  "recent_features@v3:feature_0",
                  "recent_features@v3:feature_1",
                  "classification_features@v1:target")
              .withReport(report()));
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
