package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.larder.core.ConflictException;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.RepoDefinitions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applies from the same revision: exactly one commits, the other fails with the conflict
 * message, and the registry holds exactly one complete snapshot. Readers never see part of one.
 */
class RegistryConcurrencyTest {
  private static final String CONFLICT =
      "the registry changed while you were applying (now at revision %d); re-run 'larder apply'";
  private static final RepoDefinitions A =
      TestDefinitions.with(TestDefinitions.source("data/a.parquet"), TestDefinitions.view());
  private static final RepoDefinitions B =
      TestDefinitions.with(TestDefinitions.source(), TestDefinitions.viewBuilder(5).build());

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("data/registry.db");
  }

  private Registry registry(RegistryStore store, String user) {
    return new Registry(
        store, TestDefinitions.PROJECT, d -> {}, Clock.systemUTC(), new Actor(user));
  }

  private SqliteRegistryStore store() {
    return new SqliteRegistryStore(file(), TestDefinitions.PROJECT);
  }

  /** A racing child JVM. */
  private record Racer(String name, RepoDefinitions definitions, Process process) {}

  @Test
  void twoProcessesApplyingAtOnceOneCommitsAndTheOtherIsToldToRerun() throws Exception {
    registry(store(), "setup").apply(TestDefinitions.classification());
    Path barrier = Files.createDirectories(dir.resolve("barrier"));
    List<Racer> racers = new ArrayList<>();
    for (Map.Entry<String, RepoDefinitions> e : Map.of("racer_a", A, "racer_b", B).entrySet()) {
      Path definitions = dir.resolve(e.getKey() + ".json");
      Files.writeString(definitions, DefinitionJson.write(e.getValue()));
      String peer = e.getKey().equals("racer_a") ? "racer_b" : "racer_a";
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ApplyRacer.class.getName(),
                  file().toString(),
                  definitions.toString(),
                  barrier.toString(),
                  e.getKey(),
                  peer)
              .redirectErrorStream(true);
      builder.environment().put(Actor.USER_VARIABLE, e.getKey());
      racers.add(new Racer(e.getKey(), e.getValue(), builder.start()));
    }

    Racer winner = null;
    int conflicts = 0;
    for (Racer racer : racers) {
      if (!racer.process().waitFor(90, TimeUnit.SECONDS)) {
        racers.forEach(r -> r.process().destroyForcibly());
        fail(racer.name() + " did not finish within 90 seconds");
      }
      String output =
          new String(racer.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (racer.process().exitValue() == 0) {
        assertThat(output).contains("applied revision 2");
        winner = racer;
      } else {
        assertThat(racer.process().exitValue())
            .as("exit code of %s, which printed %s", racer.name(), output)
            .isEqualTo(ApplyRacer.CONFLICT_EXIT);
        assertThat(output).contains("conflict: " + CONFLICT.formatted(2));
        conflicts++;
      }
    }

    assertThat(winner).as("one racer commits").isNotNull();
    assertThat(conflicts).isEqualTo(1);
    RegistrySnapshot snapshot = store().load().orElseThrow();
    assertThat(snapshot.revision()).isEqualTo(2);
    assertThat(snapshot.definitions()).isEqualTo(winner.definitions());
    assertThat(snapshot.lastCommit().orElseThrow().committedBy()).isEqualTo(winner.name());
    assertThat(snapshot.versions(TestDefinitions.VIEW))
        .extracting(FeatureViewVersion::appliedBy)
        .containsExactly("setup", winner.name());
    assertThat(store().history()).hasSize(2);
  }

  @Test
  void twoThreadsCreatingTheRegistryAtOnceOneCommitsAndTheOtherConflicts() throws Exception {
    CyclicBarrier bothRead = new CyclicBarrier(2);
    Runnable await =
        () -> {
          try {
            bothRead.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the racers did not meet", e);
          }
        };
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<ApplyResult> a =
          threads.submit(
              () ->
                  registry(new PausingStore(store(), await), "a")
                      .apply(A, ApplyOptions.ALLOW_BREAKING));
      Future<ApplyResult> b =
          threads.submit(
              () ->
                  registry(new PausingStore(store(), await), "b")
                      .apply(B, ApplyOptions.ALLOW_BREAKING));
      List<Object> outcomes = new ArrayList<>();
      for (Future<ApplyResult> f : List.of(a, b)) {
        try {
          outcomes.add(f.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      assertThat(outcomes)
          .as(outcomes.toString())
          .filteredOn(ApplyResult.class::isInstance)
          .hasSize(1);
      assertThat(outcomes)
          .filteredOn(ConflictException.class::isInstance)
          .singleElement()
          .extracting(o -> ((ConflictException) o).getMessage())
          .isEqualTo(CONFLICT.formatted(1));
      RepoDefinitions won = outcomes.get(0) instanceof ApplyResult ? A : B;
      RegistrySnapshot snapshot = store().load().orElseThrow();
      assertThat(snapshot.revision()).isEqualTo(1);
      assertThat(snapshot.definitions()).isEqualTo(won);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void readersSeeOnlyWholeSnapshotsWhileApplyCommits() throws Exception {
    Registry writer = registry(store(), "writer");
    writer.apply(A, ApplyOptions.ALLOW_BREAKING);
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch readerStarted = new CountDownLatch(1);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> reader =
          threads.submit(
              () -> {
                int reads = 0;
                long lastRevision = 0;
                while (writing.get() || reads == 0) {
                  RegistrySnapshot s = store().load().orElseThrow();
                  assertThat(s.definitions()).isIn(A, B);
                  assertThat(s.revision()).isGreaterThanOrEqualTo(lastRevision);
                  assertThat(s.versions(TestDefinitions.VIEW)).hasSize((int) s.revision());
                  lastRevision = s.revision();
                  reads++;
                  readerStarted.countDown();
                }
                return reads;
              });
      assertThat(readerStarted.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 20; i++) {
        writer.apply(i % 2 == 0 ? B : A, ApplyOptions.ALLOW_BREAKING);
      }
      writing.set(false);
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      assertThat(store().load().orElseThrow().revision()).isEqualTo(21);
    } finally {
      threads.shutdownNow();
    }
  }
}
