package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.AccessAction;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.Field;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Permission;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.RolePolicy;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.SparkSource;
import dev.larder.core.model.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What DefinitionYaml writes loads back as the same definitions, whatever the text holds. */
class DefinitionYamlTest {
  @TempDir Path repo;

  @Test
  void everyKindLoadsBackEqual() throws IOException {
    FileSource events =
        new FileSource("events", "data/events dir", "ts", "created", Map.of("raw col", "amount"));
    FileSource other =
        new FileSource("other_batch", "/abs/other.csv", "event_timestamp", null, Map.of());
    RepoDefinitions definitions =
        RepoDefinitions.builder()
            .add(
                new Entity(
                    "user",
                    List.of("user_id", "yes"),
                    ValueType.STRING,
                    "A user: \"quoted\", on\ntwo lines #not a comment",
                    Map.of("null", "true", "team name", "ml, core", "k", "{x}"),
                    "owner@example.com"))
            .add(events)
            .add(
                new SparkSource(
                    "spark_q", null, "SELECT * FROM t WHERE a = 'x'", "ts", null, Map.of()))
            .add(new PushSource("pushed", events))
            .add(new PushSource("pushed_other", other))
            .add(
                new FeatureView(
                    "amounts",
                    List.of("user"),
                    Duration.ofMinutes(90),
                    "pushed",
                    List.of(
                        new Field("amount", ScalarType.FLOAT64),
                        new Field("ids", new ArrayType(ScalarType.INT64))),
                    true,
                    "",
                    Map.of(),
                    ""))
            .add(
                new FeatureView(
                    "global",
                    List.of(),
                    Duration.ofMillis(1500),
                    "events",
                    List.of(new Field("amount", ScalarType.FLOAT32)),
                    false,
                    "d",
                    Map.of("on", "off"),
                    "o"))
            .add(
                new FeatureView(
                    "forever",
                    List.of("user"),
                    Duration.ZERO,
                    "events",
                    List.of(new Field("amount", ScalarType.INT64)),
                    true,
                    "",
                    Map.of(),
                    ""))
            .add(
                new FeatureService(
                    "svc",
                    List.of(
                        new FeatureViewProjection(
                            "amounts", List.of("amount"), 2, "a2", Map.of("user_id", "uid")),
                        FeatureViewProjection.of("global")),
                    "service",
                    Map.of("t", "1"),
                    ""))
            .add(
                new Permission(
                    "readers.v1",
                    EnumSet.of(DefinitionKind.FEATURE_VIEW),
                    List.of("amount[s]?", ".*: x"),
                    Map.of("team", "ml"),
                    Set.of(AccessAction.DESCRIBE, AccessAction.READ_ONLINE),
                    new RolePolicy(List.of("reader", "data-sci")),
                    "who reads",
                    Map.of("a", "b")))
            .add(
                new Permission(
                    "admins",
                    EnumSet.allOf(DefinitionKind.class),
                    List.of(),
                    Map.of(),
                    EnumSet.allOf(AccessAction.class),
                    new RolePolicy(List.of("admin")),
                    "",
                    Map.of()))
            .freeze();
    for (DefinitionKind kind : DefinitionKind.values()) {
      Files.writeString(
          repo.resolve(kind.section() + ".yaml"), DefinitionYaml.write(definitions, kind));
    }
    assertThat(DefinitionLoader.load(repo)).isEqualTo(definitions);
    assertThat(Files.readString(repo.resolve("sources.yaml")))
        .contains("  - name: pushed\n    type: push\n    batch_source: events\n")
        .contains(
            "  - name: pushed_other\n"
                + "    type: push\n"
                + "    batch_source:\n"
                + "      name: other_batch\n"
                + "      type: file\n"
                + "      path: \"/abs/other.csv\"\n");
  }

  @Test
  void ttlsAreWrittenInTheirShortestForm() {
    assertThat(DefinitionYaml.ttl(Duration.ZERO)).isEqualTo("0");
    assertThat(DefinitionYaml.ttl(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(DefinitionYaml.ttl(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(DefinitionYaml.ttl(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DefinitionYaml.ttl(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(DefinitionYaml.ttl(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
  }

  @Test
  void anEmptyKindWritesNothing() {
    assertThat(DefinitionYaml.write(RepoDefinitions.empty(), DefinitionKind.ENTITY)).isEmpty();
  }
}
