package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.larder.core.FeatureStore;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.RevisionInfo;
import dev.larder.core.repo.RepoConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's multi-process commit race, for every registry backend (issue #9: "eight processes
 * applying different definitions at once to the same project in one PostgreSQL registry"; the same
 * for SQLite): a subclass names the backends with {@link #backends()}. Every apply either commits
 * or fails with the registry's re-run message; afterwards the history has no gap, every revision
 * was reported by exactly one process and recorded its view version whole (its definition loads and
 * is the one that process applied), the snapshot is the last committer's, and every audited apply
 * was logged.
 *
 * <p>Each child ({@link ApplyRaceChild}) has a repository of its own (its own online store and
 * Parquet file) on the same registry; in round 0 all of them read revision 1 and then commit at the
 * same moment (exactly one may win), in the later rounds they start at the same moment.
 */
public abstract class ConcurrentAppliesContract {
  private static final int CHILDREN = 8;
  private static final int ROUNDS = 3;
  private static final Pattern APPLIED = Pattern.compile("applied (\\d+) revision (\\d+)");
  private static final Pattern CONFLICT =
      Pattern.compile(
          "conflict (\\d+): the registry changed while you were applying \\(now at revision"
              + " (\\d+)\\); re-run 'larder apply'");

  /** The definitions every child starts from: one driver view over {@code data/stats.parquet}. */
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: data/stats.parquet, timestamp_field: event_timestamp,
           created_timestamp_column: created}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: conv_rate, dtype: Float64}
            - {name: trips, dtype: Int64}
      """;

  private static final String[] DRIVER_ROWS = {
    "(1, '2025-01-01 00:00:00+00', NULL, 0.5, 10, 'oslo')",
    "(2, '2025-01-01 00:00:00+00', NULL, 0.25, 3, 'rome')",
    "(1, '2025-01-02 00:00:00+00', NULL, 0.75, 12, 'oslo')"
  };

  private final String project = TestServices.uniqueName("race");
  private BackendSetup backends;
  private Path setup;

  @TempDir Path dir;

  /** The registry (and online store) the children share. */
  protected abstract BackendSetup backends();

  @AfterEach
  void cleanUp() {
    if (setup != null) {
      backends.cleanUp(setup, project);
    }
  }

  /** A repository of the project at {@code repo} holding {@code definitions}. */
  private Path repo(Path repo, String definitions) {
    TestRepos.write(repo, definitions, project, backends);
    TestRepos.parquet(repo.resolve("data/stats.parquet"), TestRepos.STATS_COLUMNS, DRIVER_ROWS);
    return repo;
  }

  /** One apply that committed: by whom, in which round. */
  private record Commit(int child, int round) {}

  @Test
  public void
      eightProcessesApplyingAtOnceEachCommitOrAreToldToRerunAndNoRevisionIsLostOrHalfWritten()
          throws Exception {
    backends = backends().withSqliteRegistryAt(dir.resolve("shared/registry.db"));
    backends.requireAvailable();
    backends.prepare(project);
    setup = repo(dir.resolve("setup"), DEFINITIONS);
    try (FeatureStore store = FeatureStore.open(setup)) {
      assertThat(store.apply().revision()).isEqualTo(1);
    }
    Path barrier = Files.createDirectories(dir.resolve("barrier"));
    List<Process> children = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    long began = System.nanoTime();
    for (int i = 0; i < CHILDREN; i++) {
      Path repo = repo(dir.resolve("child_" + i), ApplyRaceChild.definitions(i, 0));
      Path output = dir.resolve("child_" + i + ".out");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Duser.timezone=" + System.getProperty("user.timezone"),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ApplyRaceChild.class.getName(),
                  repo.toString(),
                  Integer.toString(ROUNDS),
                  barrier.toString(),
                  Integer.toString(CHILDREN),
                  Integer.toString(i))
              .redirectOutput(output.toFile())
              .redirectError(dir.resolve("child_" + i + ".err").toFile());
      builder.environment().put(Actor.USER_VARIABLE, "child_" + i);
      children.add(builder.start());
      outputs.add(output);
    }

    Map<Long, Commit> committed = new HashMap<>();
    int conflicts = 0;
    int roundZeroWins = 0;
    for (int i = 0; i < CHILDREN; i++) {
      Process p = children.get(i);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        children.forEach(Process::destroyForcibly);
        fail(
            "child "
                + i
                + " did not finish within 120 s; it printed "
                + Files.readString(outputs.get(i)));
      }
      String out = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
      String err = Files.readString(dir.resolve("child_" + i + ".err"), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("child %d's status; it printed %s%s", i, out, err).isZero();
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as("child %d: one line per round: %s", i, out).hasSize(ROUNDS);
      for (String line : lines) {
        Matcher applied = APPLIED.matcher(line);
        Matcher conflict = CONFLICT.matcher(line);
        if (applied.matches()) {
          Commit previous =
              committed.put(
                  Long.parseLong(applied.group(2)),
                  new Commit(i, Integer.parseInt(applied.group(1))));
          assertThat(previous).as("revision %s reported twice", applied.group(2)).isNull();
          roundZeroWins += applied.group(1).equals("0") ? 1 : 0;
        } else {
          assertThat(conflict.matches())
              .as("child %d: a commit or the re-run message, got %s", i, line)
              .isTrue();
          conflicts++;
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    System.out.printf(
        "%d processes x %d applies: %d committed, %d told to re-run, in %d ms%n",
        CHILDREN, ROUNDS, committed.size(), conflicts, took.toMillis());

    assertThat(roundZeroWins).as("of commits from the same revision, exactly one wins").isOne();
    assertThat(committed.size() + conflicts).isEqualTo(CHILDREN * ROUNDS);
    long last = 1 + committed.size();
    try (RegistryStore store = RegistryStore.open(RepoConfig.load(setup))) {
      List<RevisionInfo> history = store.history();
      assertThat(history)
          .extracting(RevisionInfo::revision)
          .as("no gap, no revision that no process reported")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
      RegistrySnapshot snapshot = store.load().orElseThrow();
      assertThat(snapshot.revision()).isEqualTo(last);

      List<FeatureViewVersion> versions = snapshot.versions("driver_stats");
      assertThat(versions)
          .extracting(FeatureViewVersion::number)
          .as("one version per revision, whole")
          .containsExactlyElementsOf(
              LongStream.rangeClosed(1, last).mapToObj(n -> (int) n).toList());
      for (FeatureViewVersion v : versions.subList(1, versions.size())) {
        Commit by = committed.get(v.revision());
        assertThat(by)
            .as("version %d's revision %d was reported", v.number(), v.revision())
            .isNotNull();
        assertThat(v.appliedBy()).isEqualTo("child_" + by.child());
        assertThat(history.get((int) v.revision() - 1).committedBy())
            .isEqualTo("child_" + by.child());
        assertThat(v.definition().featureView().ttl())
            .as(
                "version %d holds what child %d applied in round %d",
                v.number(), by.child(), by.round())
            .isEqualTo(Duration.ofSeconds(ApplyRaceChild.ttlSeconds(by.child(), by.round())));
      }
      Commit lastCommit = committed.get(last);
      assertThat(snapshot.definitions().requireFeatureView("driver_stats").ttl())
          .as("the registry holds the last committer's definitions")
          .isEqualTo(
              Duration.ofSeconds(
                  ApplyRaceChild.ttlSeconds(lastCommit.child(), lastCommit.round())));

      long audited = store.audit(null).stream().filter(e -> e.action().equals("apply")).count();
      assertThat(audited)
          .as("every apply through the facade was audited, committed or not")
          .isEqualTo(1 + (long) CHILDREN * (ROUNDS - 1));
      assertThat(store.audit(null)).extracting(AuditEntry::user).contains("child_0", "child_7");
    }
  }
}
