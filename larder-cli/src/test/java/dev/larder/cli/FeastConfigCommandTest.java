package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Feast {@code feature_store.yaml} with {@code cache_ttl_seconds}, {@code coerce_tz_aware} and
 * {@code flags} (the acceptance point): commands run, and each key Larder does not use is
 * one {@code warning:} line on stderr; a key that neither Feast nor Larder knows exits 1.
 */
class FeastConfigCommandTest {
  @TempDir Path work;

  @Test
  void feastKeysGiveOneWarningLineEachAndUnknownKeysStayErrors() throws IOException {
    assertThat(CliRun.in(work, "init", "repo").exitCode()).isZero();
    Path repo = work.resolve("repo");
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: classification
        registry:
          registry_type: file
          path: data/registry.db
          cache_ttl_seconds: 60
        provider: local
        online_store:
          type: sqlite
          path: data/online_store.db
        entity_key_serialization_version: 3
        coerce_tz_aware: true
        flags:
          alpha_features: true
        auth:
          type: no_auth
        """);
    CliRun apply = CliRun.in(repo, "apply");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    String file = repo.resolve("feature_store.yaml").toString();
    assertThat(apply.err().lines())
        .containsExactly(
            "warning: "
                + file
                + ":11: coerce_tz_aware is Feast's and not used by Larder: Larder always reads"
                + " entity timestamps as UTC (an offset is converted, none means UTC)",
            "warning: "
                + file
                + ":12: flags is Feast's and not used by Larder: Larder has no feature flags;"
                + " everything it supports is on");

    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: classification\nregistry: data/registry.db\ncoerce_tz_awere: true\n");
    CliRun plan = CliRun.in(repo, "plan");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.firstErrorLine())
        .startsWith("error: " + file + ":3: configuration: unknown key 'coerce_tz_awere'")
        .contains("did you mean 'coerce_tz_aware'?");
  }
}
