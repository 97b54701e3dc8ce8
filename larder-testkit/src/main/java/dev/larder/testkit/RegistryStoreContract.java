package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.ConflictException;
import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Definition;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.FieldChange;
import dev.larder.core.registry.Lease;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.ObjectMetadata;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryExport;
import dev.larder.core.registry.RegistryNotEmptyException;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.RevisionConflictException;
import dev.larder.core.registry.RevisionInfo;
import dev.larder.core.registry.VersionOrigin;
import dev.larder.core.registry.VersionedDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link RegistryStore} contract, written once: every registry backend's test extends this
 * class and says, in {@link #open}, how to open a handle on a project's registry at one location of
 * its own.
 *
 * <p>What the subclass provides: each test starts from a location where nothing was ever committed
 * (a fresh temporary file, a schema or database of its own); every {@link #open} call returns a new
 * handle on that same location, as a second process would, so the races below are races between
 * writers that share nothing but the registry. Handles opened through {@link #store} are closed
 * after each test.
 *
 * <p>Assertions on errors hold for any backend: the exception's type, its {@link ErrorCode} and
 * what it carries (the revision a refused commit found, see {@link #assertConflict}), and for
 * refusals by the store of where it was at, the backend-neutral words of the message; never a
 * backend's own text.
 */
public abstract class RegistryStoreContract {
  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  protected static final Instant T1 = Instant.parse("2026-03-01T11:30:00.123Z");
  protected static final Duration TTL = Duration.ofSeconds(30);

  /** Writers per race; enough that a missing lock shows, few enough for two CPU cores. */
  protected static final int RACERS = 4;

  private final List<RegistryStore> opened = new ArrayList<>();

  /**
   * A new handle on the registry of {@code project} at this test's location; every call reaches the
   * same registry, and nothing was committed there when the test started.
   */
  protected abstract RegistryStore open(String project);

  /**
   * A new handle on the registry of {@code project} at a second location of this test's own,
   * separate from {@link #open}'s (another file, another schema or database): every call reaches
   * the same second registry, and nothing was committed there when the test started. The copy tests
   * ({@link RegistryStore#export()} and {@link RegistryStore#restore}) move a project from one
   * location to the other.
   */
  protected abstract RegistryStore openSecondLocation(String project);

  /** {@link #openSecondLocation}, closed after the test. */
  protected RegistryStore elsewhere(String project) {
    RegistryStore store = openSecondLocation(project);
    synchronized (opened) {
      opened.add(store);
    }
    return store;
  }

  /** {@link #open}, closed after the test. Safe to call from several threads. */
  protected RegistryStore store(String project) {
    RegistryStore store = open(project);
    synchronized (opened) {
      opened.add(store);
    }
    return store;
  }

  @AfterEach
  public void closeStores() {
    synchronized (opened) {
      opened.forEach(RegistryStore::close);
      opened.clear();
    }
  }

  /**
   * What every backend's refused commit is: a {@link RevisionConflictException} (a {@link
   * ConflictException}, code {@link ErrorCode#CONFLICT}) carrying the revision another writer
   * reached. The words the user reads are the registry's ({@code Registry}), not the store's.
   */
  protected static void assertConflict(Throwable error, long nowAt) {
    assertThat(error).isInstanceOf(RevisionConflictException.class);
    assertThat(((LarderException) error).code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(((RevisionConflictException) error).currentRevision())
        .as("the conflict carries where the registry is now")
        .isEqualTo(nowAt);
  }

  private static void assertConflict(ThrowableAssert.ThrowingCallable commit, long nowAt) {
    assertThatThrownBy(commit).satisfies(e -> assertConflict(e, nowAt));
  }

  private static Lease lease(String holder, Instant since) {
    return Lease.claim("materialize/v", holder, since, TTL);
  }

  @Test
  public void aNewStoreIsEmpty() {
    RegistryStore store = store("p");
    assertThat(store.load()).isEmpty();
    assertThat(store.history()).isEmpty();
  }

  @Test
  public void aCommittedSnapshotLoadsBackEqual() {
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    RegistrySnapshot loaded = store("p").load().orElseThrow();
    assertThat(loaded).isEqualTo(first);
    assertThat(loaded.definitions().all()).isEqualTo(first.definitions().all());
    assertThat(loaded.allVersions()).isEqualTo(first.allVersions());
    assertThat(loaded.lastCommit()).isEqualTo(first.lastCommit());

    RegistrySnapshot second = TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1);
    store("p").commit(1, second);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").history())
        .containsExactly(first.lastCommit().orElseThrow(), second.lastCommit().orElseThrow());
  }

  @Test
  public void aCommitFromAnOldRevisionConflictsAndWritesNothing() {
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    RegistrySnapshot second = TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1);
    store("p").commit(1, second);

    assertConflict(
        () -> store("p").commit(1, TestSnapshots.of("p", 2, first.definitions(), T1)), 2);
    assertConflict(
        () -> store("p").commit(0, TestSnapshots.of("p", 1, first.definitions(), T1)), 2);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").history()).hasSize(2);
  }

  @Test
  public void theFirstCommitOfTwoFromNothingWins() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    assertConflict(
        () -> store("p").commit(0, TestSnapshots.of("p", 1, RepoDefinitions.empty(), T1)), 1);
    assertThat(store("p").load().orElseThrow().definitions())
        .isEqualTo(TestDefinitions.classification());
  }

  @Test
  public void aCommitThatSkipsARevisionOrIsOfAnotherProjectIsRefused() {
    assertThatThrownBy(
            () -> store("p").commit(1, TestSnapshots.of("p", 2, RepoDefinitions.empty(), T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revision 2")
        .hasMessageContaining("revision 0");
    assertThatThrownBy(
            () -> store("p").commit(0, TestSnapshots.of("q", 1, RepoDefinitions.empty(), T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("project 'q'");
    assertThatThrownBy(() -> store("p").commit(-1, RegistrySnapshot.empty("p")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store("p").load()).isEmpty();
  }

  @Test
  public void aCommitIsMadeOnlyOnTheRevisionItExpects() {
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    assertThatThrownBy(
            () -> store("p").commit(2, TestSnapshots.of("p", 3, RepoDefinitions.empty(), T1)))
        .as("an expected revision ahead of the store is a caller's mistake, not a race")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store("p").commit(0, TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1)))
        .as("the snapshot must be the revision after the one expected")
        .isInstanceOf(IllegalArgumentException.class);
    assertConflict(
        () -> store("p").commit(0, TestSnapshots.of("p", 1, RepoDefinitions.empty(), T1)), 1);
    assertThat(store("p").load()).contains(first);
    assertThat(store("p").currentRevision()).isEqualTo(1);

    RegistrySnapshot second = TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1);
    store("p").commit(1, second);
    assertThat(store("p").load()).contains(second);
  }

  @Test
  public void theCurrentRevisionIsZeroBeforeTheFirstCommitAndFollowsCommits() {
    assertThat(store("p").currentRevision()).isZero();
    store("q").commit(0, TestSnapshots.of("q", 1, TestDefinitions.classification(), T0));
    assertThat(store("p").currentRevision()).as("another project's commit").isZero();
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    assertThat(store("p").currentRevision()).isEqualTo(1);
    store("p").commit(1, TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1));
    assertThat(store("p").currentRevision())
        .isEqualTo(2)
        .isEqualTo(store("p").load().orElseThrow().revision());
    assertThat(store("q").currentRevision()).isEqualTo(1);
    assertConflict(
        () -> store("p").commit(1, TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1)), 2);
    assertThat(store("p").currentRevision()).as("a refused commit").isEqualTo(2);
  }

  @Test
  public void runsAuditEntriesAndLeasesLeaveTheCurrentRevisionAlone() {
    AuditEntry entry =
        new AuditEntry(T0, "ana", List.of(), "auth add-key", List.of(), AuditOutcome.OK, "");
    store("p").appendAudit(entry);
    Lease ana = lease("ana", T0);
    store("p").claimLease(ana, held -> false);
    assertThat(store("p").currentRevision()).as("before the first commit").isZero();

    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    store("p").recordRun(TestRuns.run("r", T0));
    store("p").appendAudit(entry);
    store("p").renewLease(ana, T1);
    store("p").releaseLease(ana);
    store("p").claimLease(lease("bob", T1), held -> false);
    assertThat(store("p").currentRevision()).isEqualTo(1);
    assertThat(store("p").history()).hasSize(1);
  }

  @Test
  public void projectsSharingALocationAreSeparate() {
    RegistrySnapshot p = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    RegistrySnapshot q = TestSnapshots.of("q", 1, RepoDefinitions.empty(), T1);
    store("p").commit(0, p);
    store("q").commit(0, q);
    assertThat(store("p").load()).contains(p);
    assertThat(store("q").load()).contains(q);
    assertThat(store("other").load()).isEmpty();
  }

  /**
   * Optimistic concurrency (DESIGN A): writers on handles of their own, each holding a snapshot of
   * the next revision, commit at the same moment; in every round exactly one commit wins, the
   * others are conflicts, and the registry holds the winner's snapshot whole. The first round
   * creates the registry.
   */
  @Test
  public void ofCommitsFromOneRevisionAtOnceExactlyOneWins() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    try {
      for (long revision = 1; revision <= 5; revision++) {
        List<RegistrySnapshot> candidates = new ArrayList<>();
        for (int racer = 0; racer < RACERS; racer++) {
          candidates.add(
              TestSnapshots.of(
                  "p",
                  revision,
                  TestDefinitions.with(
                      TestDefinitions.source("data/r" + revision + "_" + racer + ".parquet"),
                      TestDefinitions.view()),
                  T0.plusSeconds(revision)));
        }
        List<Object> outcomes =
            race(
                threads,
                candidates.stream()
                    .map(
                        s -> {
                          RegistryStore handle = store("p");
                          return (Callable<Object>)
                              () -> {
                                handle.commit(s.revision() - 1, s);
                                return s;
                              };
                        })
                    .toList());
        List<Object> won = outcomes.stream().filter(RegistrySnapshot.class::isInstance).toList();
        assertThat(won).as("round %d: %s", revision, outcomes).hasSize(1);
        for (Object outcome : outcomes) {
          if (!(outcome instanceof RegistrySnapshot)) {
            assertConflict((Throwable) outcome, revision);
          }
        }
        assertThat(store("p").load()).contains((RegistrySnapshot) won.get(0));
        assertThat(store("p").history()).hasSize((int) revision);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Runs {@code tasks} at the same moment, each on its own thread, and returns each one's result or
   * the exception it threw, in order.
   */
  protected static List<Object> race(ExecutorService threads, List<Callable<Object>> tasks)
      throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    List<Future<Object>> futures = new ArrayList<>();
    for (Callable<Object> task : tasks) {
      futures.add(
          threads.submit(
              () -> {
                start.await(30, TimeUnit.SECONDS);
                return task.call();
              }));
    }
    List<Object> outcomes = new ArrayList<>();
    for (Future<Object> f : futures) {
      try {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        outcomes.add(e.getCause());
      } catch (TimeoutException e) {
        throw new AssertionError("a racer did not finish within 60 seconds", e);
      }
    }
    return outcomes;
  }

  @Test
  public void recordedRunsReadBackInOrderAndChangeNoRevision() {
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    RecordedRun a = TestRuns.run("20260301-100000-000", T0);
    RecordedRun b =
        TestRuns.run("b", T1, "classifier_inputs", "classification_features@v1:feature_0");

    assertThat(store("p").recordRun(a)).isEqualTo(a);
    assertThat(store("p").recordRun(b)).isEqualTo(b);

    assertThat(store("p").runs()).containsExactly(a, b);
    assertThat(store("p").run("b")).contains(b);
    assertThat(store("p").run("c")).isEmpty();
    assertThat(store("p").load()).contains(first);
    assertThat(store("p").history()).hasSize(1);
  }

  @Test
  public void aRunKeepsItsReportTextAndARunWithoutOneHasNone() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    RecordedRun plain = TestRuns.run("plain", T0);
    RecordedRun reported = TestRuns.run("reported", T1).withReport(TestRuns.REPORT);

    store("p").recordRun(plain);
    assertThat(store("p").recordRun(reported)).isEqualTo(reported);

    assertThat(store("p").runs()).containsExactly(plain, reported);
    assertThat(store("p").run("plain").orElseThrow().report()).isEmpty();
    assertThat(store("p").run("reported").orElseThrow().report()).contains(TestRuns.REPORT);
    assertThat(store("p").recordRun(reported).report())
        .as("a renamed run keeps its report")
        .contains(TestRuns.REPORT);
    assertThat(store("p").run("reported-2").orElseThrow().report()).contains(TestRuns.REPORT);
  }

  @Test
  public void aTakenRunIdGetsTheFirstFreeSuffix() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    RecordedRun run = TestRuns.run("r", T0);
    assertThat(store("p").recordRun(run).id()).isEqualTo("r");
    assertThat(store("p").recordRun(run.withId("r-2")).id()).isEqualTo("r-2");
    assertThat(store("p").recordRun(run).id()).isEqualTo("r-3");
    assertThat(store("p").recordRun(run).id()).isEqualTo("r-4");
    assertThat(store("p").runs())
        .extracting(RecordedRun::id)
        .containsExactly("r", "r-2", "r-3", "r-4");
    assertThat(store("p").run("r-3").orElseThrow().recordedAt()).isEqualTo(T0);
  }

  @Test
  public void runsSurviveLaterCommitsAndBelongToTheirProject() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    store("q").commit(0, TestSnapshots.of("q", 1, TestDefinitions.classification(), T0));
    RecordedRun run = TestRuns.run("r", T0);
    store("p").recordRun(run);
    store("p").commit(1, TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1));

    assertThat(store("p").runs()).containsExactly(run);
    assertThat(store("q").runs()).isEmpty();
    assertThat(store("q").recordRun(run).id()).as("ids are unique per project").isEqualTo("r");
  }

  @Test
  public void aRunNeedsAnAppliedRegistryAndNoRegistryHasNoRuns() {
    assertThat(store("p").runs()).isEmpty();
    assertThat(store("p").run("r")).isEmpty();
    assertThatThrownBy(() -> store("p").recordRun(TestRuns.run("r", T0)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("registry not found");
    store("q").commit(0, TestSnapshots.of("q", 1, TestDefinitions.classification(), T0));
    assertThatThrownBy(() -> store("p").recordRun(TestRuns.run("r", T0)))
        .isInstanceOf(NotFoundException.class);
    assertThat(store("p").runs()).isEmpty();
  }

  @Test
  public void theAuditLogKeepsEntriesInOrderAndFiltersByTime() {
    assertThat(store("p").audit(null)).isEmpty();
    AuditEntry before =
        new AuditEntry(
            T0,
            "ana",
            List.of("admin"),
            "auth add-key",
            List.of("api_key:ci"),
            AuditOutcome.OK,
            "roles: writer");
    AuditEntry after =
        new AuditEntry(
            T1,
            "ci",
            List.of("writer"),
            "push",
            List.of("data_source:s"),
            AuditOutcome.DENIED,
            "no permission allows write_online on feature view 'v'");
    store("p").appendAudit(before);
    store("p").appendAudit(after);
    store("q").appendAudit(before);

    assertThat(store("p").audit(null)).containsExactly(before, after);
    assertThat(store("p").audit(T0)).containsExactly(before, after);
    assertThat(store("p").audit(T0.plusMillis(1))).containsExactly(after);
    assertThat(store("p").audit(T1.plusMillis(1))).isEmpty();
    assertThat(store("q").audit(null)).containsExactly(before);
  }

  @Test
  public void anAuditEntryBeforeTheFirstCommitLeavesTheRegistryEmpty() {
    store("p")
        .appendAudit(
            new AuditEntry(T0, "ana", List.of(), "auth add-key", List.of(), AuditOutcome.OK, ""));
    assertThat(store("p").load()).isEmpty();
    assertThat(store("p").history()).isEmpty();
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    assertThat(store("p").load()).contains(first);
    assertThat(store("p").audit(null)).hasSize(1);
  }

  @Test
  public void auditAppendsDoNotMakeCommitsConflict() {
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    // between another writer's read (at revision 1) and its commit, audit entries are appended
    RegistryStore pausing =
        new PausingRegistryStore(
            store("p"),
            () ->
                store("p")
                    .appendAudit(
                        new AuditEntry(
                            T1, "ana", List.of(), "push", List.of(), AuditOutcome.OK, "")));
    RegistrySnapshot second = TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1);
    pausing.commit(1, second);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").audit(null)).hasSize(1);
  }

  /**
   * Runs and audit entries are appends beside the snapshots: written from other handles while a
   * writer commits revision after revision, every one lands, none makes a commit conflict, and run
   * ids stay unique.
   */
  @Test
  public void runsAndAuditEntriesAppendedWhileCommitsGoOnAllLandAndNoCommitConflicts()
      throws Exception {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    int commits = 15;
    int appends = 15;
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      RegistryStore committer = store("p");
      RegistryStore recorder = store("p");
      RegistryStore auditor = store("p");
      List<Object> outcomes =
          race(
              threads,
              List.of(
                  () -> {
                    for (long r = 2; r <= commits + 1; r++) {
                      committer.commit(
                          r - 1,
                          TestSnapshots.of(
                              "p",
                              r,
                              r % 2 == 0
                                  ? RepoDefinitions.empty()
                                  : TestDefinitions.classification(),
                              T0.plusSeconds(r)));
                    }
                    return "committed";
                  },
                  () -> {
                    for (int i = 0; i < appends; i++) {
                      recorder.recordRun(TestRuns.run("run", T0.plusSeconds(i)));
                    }
                    return "recorded";
                  },
                  () -> {
                    for (int i = 0; i < appends; i++) {
                      auditor.appendAudit(
                          new AuditEntry(
                              T0.plusSeconds(i),
                              "ana",
                              List.of(),
                              "push",
                              List.of(),
                              AuditOutcome.OK,
                              "entry " + i));
                    }
                    return "audited";
                  }));
      assertThat(outcomes).containsExactly("committed", "recorded", "audited");
    } finally {
      threads.shutdownNow();
    }
    assertThat(store("p").history()).hasSize(commits + 1);
    assertThat(store("p").load().orElseThrow().revision()).isEqualTo(commits + 1);
    List<RecordedRun> runs = store("p").runs();
    assertThat(runs).hasSize(appends);
    assertThat(runs.stream().map(RecordedRun::id).distinct()).hasSize(appends);
    assertThat(store("p").audit(null))
        .extracting(AuditEntry::detail)
        .containsExactlyElementsOf(
            IntStream.range(0, appends).mapToObj(i -> "entry " + i).toList());
  }

  private static MaterializationInterval interval(int day) {
    Instant start = Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofDays(day));
    return new MaterializationInterval(start, start.plus(Duration.ofDays(1)), T0.plusSeconds(day));
  }

  @Test
  public void appendedIntervalsReadBackInOrderAndChangeNoRevision() {
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    store("q").commit(0, TestSnapshots.of("q", 1, TestDefinitions.classification(), T0));
    store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(0));
    store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(1));

    RegistrySnapshot loaded = store("p").load().orElseThrow();
    assertThat(loaded.materializations(TestDefinitions.VIEW))
        .containsExactly(interval(0), interval(1));
    assertThat(loaded.revision()).isEqualTo(1);
    assertThat(loaded.definitions()).isEqualTo(first.definitions());
    assertThat(store("p").currentRevision()).isEqualTo(1);
    assertThat(store("p").history()).hasSize(1);
    assertThat(store("q").load().orElseThrow().materializations(TestDefinitions.VIEW))
        .as("another project's")
        .isEmpty();
  }

  @Test
  public void anIntervalNeedsAnAppliedRegistry() {
    assertThatThrownBy(() -> store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(0)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("registry not found");
    store("p").clearMaterializations();
    assertThat(store("p").load()).isEmpty();
  }

  @Test
  public void intervalsSurviveLaterCommitsAndGoWithTheCommitThatDeletesTheirView() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(0));
    store("p").commit(1, TestSnapshots.of("p", 2, TestDefinitions.classification(), T1));
    assertThat(store("p").load().orElseThrow().materializations(TestDefinitions.VIEW))
        .as("a commit that keeps the view keeps them")
        .containsExactly(interval(0));

    store("p").commit(2, TestSnapshots.of("p", 3, RepoDefinitions.empty(), T1));
    store("p").commit(3, TestSnapshots.of("p", 4, TestDefinitions.classification(), T1));
    assertThat(store("p").load().orElseThrow().materializations(TestDefinitions.VIEW))
        .as("the view defined again after its deletion starts without intervals")
        .isEmpty();
  }

  @Test
  public void clearingForgetsEveryIntervalOfTheProjectAndChangesNoRevision() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    store("q").commit(0, TestSnapshots.of("q", 1, TestDefinitions.classification(), T0));
    store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(0));
    store("q").appendMaterialization(TestDefinitions.VIEW, 1, interval(0));
    store("p").clearMaterializations();
    assertThat(store("p").load().orElseThrow().materializations(TestDefinitions.VIEW)).isEmpty();
    assertThat(store("q").load().orElseThrow().materializations(TestDefinitions.VIEW))
        .containsExactly(interval(0));
    assertThat(store("p").currentRevision()).isEqualTo(1);
    store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(2));
    assertThat(store("p").load().orElseThrow().materializations(TestDefinitions.VIEW))
        .containsExactly(interval(2));
  }

  @Test
  public void anIntervalAppendedWhileACommitIsPreparedNeitherConflictsNorIsLost() {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    RegistryStore pausing =
        new PausingRegistryStore(
            store("p"),
            () -> store("p").appendMaterialization(TestDefinitions.VIEW, 1, interval(0)));
    RegistrySnapshot second = TestSnapshots.of("p", 2, TestDefinitions.classification(), T1);
    pausing.commit(1, second);
    RegistrySnapshot loaded = store("p").load().orElseThrow();
    assertThat(loaded.revision()).isEqualTo(2);
    assertThat(loaded.materializations(TestDefinitions.VIEW)).containsExactly(interval(0));
  }

  /**
   * Intervals appended from another handle while a writer commits revision after revision (keeping
   * the view): every one lands, in order, and no commit conflicts.
   */
  @Test
  public void intervalsAppendedWhileCommitsGoOnAllLandAndNoCommitConflicts() throws Exception {
    store("p").commit(0, TestSnapshots.of("p", 1, TestDefinitions.classification(), T0));
    int commits = 15;
    int appends = 15;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      RegistryStore committer = store("p");
      RegistryStore materializer = store("p");
      List<Object> outcomes =
          race(
              threads,
              List.of(
                  () -> {
                    for (long r = 2; r <= commits + 1; r++) {
                      committer.commit(
                          r - 1,
                          TestSnapshots.of(
                              "p", r, TestDefinitions.classification(), T0.plusSeconds(r)));
                    }
                    return "committed";
                  },
                  () -> {
                    for (int i = 0; i < appends; i++) {
                      materializer.appendMaterialization(TestDefinitions.VIEW, 1, interval(i));
                    }
                    return "appended";
                  }));
      assertThat(outcomes).containsExactly("committed", "appended");
    } finally {
      threads.shutdownNow();
    }
    RegistrySnapshot loaded = store("p").load().orElseThrow();
    assertThat(loaded.revision()).isEqualTo(commits + 1);
    assertThat(loaded.materializations(TestDefinitions.VIEW))
        .containsExactlyElementsOf(IntStream.range(0, appends).mapToObj(i -> interval(i)).toList());
  }

  // --- export and restore: moving a project's registry to another location ---

  /** A view that revision 1 defines and revision 2 deletes (its version stays). */
  private static FeatureView oldView() {
    return FeatureView.builder("old_view")
        .entities("sample")
        .source(TestDefinitions.SOURCE)
        .field("feature_0", ScalarType.FLOAT64)
        .build();
  }

  /**
   * Fills {@code project} at {@link #open}'s location with a history of every kind: revision 1 (the
   * classification definitions and {@code old_view}), an interval of v1, an audit entry from before
   * the first commit, revision 2 (a new source path: the view's breaking v2, which hides the v1
   * interval; {@code old_view} deleted, its version kept), an interval of v2, two runs (the second
   * with a report), a denied audit entry, and a lease (which is not copied). Returns the export of
   * it.
   */
  protected RegistryExport fillWithHistory(String project) {
    RegistryStore source = store(project);
    source.appendAudit(
        new AuditEntry(
            T0.minusSeconds(60),
            "ana",
            List.of("admin"),
            "auth add-key",
            List.of("api_key:ci"),
            AuditOutcome.OK,
            "roles: writer"));
    RepoDefinitions first =
        RepoDefinitions.builder()
            .add(TestDefinitions.sample())
            .add(TestDefinitions.source())
            .add(TestDefinitions.view())
            .add(oldView())
            .add(TestDefinitions.service())
            .freeze();
    RegistrySnapshot one = TestSnapshots.of(project, 1, first, T0);
    source.commit(0, one);
    source.appendMaterialization(TestDefinitions.VIEW, 1, interval(0));

    RepoDefinitions second =
        TestDefinitions.with(TestDefinitions.source("data/moved.parquet"), TestDefinitions.view());
    VersionedDefinition v2 = VersionedDefinition.of(TestDefinitions.view(), second);
    RegistrySnapshot.Builder b =
        RegistrySnapshot.builder(project)
            .lastCommit(new RevisionInfo(2, T1, "bob", "apply: moved the source"))
            .definitions(second);
    for (Definition d : second.all()) {
      b.metadata(d.kind(), d.name(), new ObjectMetadata(T0, T1));
    }
    one.allVersions().forEach(b::version);
    b.version(
        new FeatureViewVersion(
            TestDefinitions.VIEW,
            2,
            v2,
            v2.sha256(),
            T1,
            "bob",
            2,
            VersionOrigin.CHANGED,
            List.of(
                new FieldChange(
                    "source.path", "data/classification_data.parquet", "data/moved.parquet"))));
    RegistrySnapshot two = b.freeze();
    source.commit(1, two);
    source.appendMaterialization(TestDefinitions.VIEW, 2, interval(1));
    source.recordRun(TestRuns.run("r", T1));
    source.recordRun(
        TestRuns.run(
                "s", T1.plusSeconds(5), "classifier_inputs", "classification_features@v2:feature_0")
            .withReport(TestRuns.REPORT));
    source.appendAudit(
        new AuditEntry(
            T1.plusSeconds(9),
            "ci",
            List.of("writer"),
            "push",
            List.of("data_source:classification_source"),
            AuditOutcome.DENIED,
            "no permission allows write_online"));
    source.claimLease(lease("ana", T1), held -> false);

    RegistryExport export = source.export();
    assertThat(export.project()).isEqualTo(project);
    assertThat(export.revisions())
        .containsExactly(one.lastCommit().orElseThrow(), two.lastCommit().orElseThrow());
    assertThat(source.load()).contains(export.current());
    assertThat(export.current().lastCommit()).isEqualTo(two.lastCommit());
    assertThat(export.current().definitions()).isEqualTo(two.definitions());
    assertThat(export.current().allVersions()).isEqualTo(two.allVersions());
    assertThat(export.current().materializations(TestDefinitions.VIEW))
        .as("the v1 interval is hidden by the breaking v2")
        .containsExactly(interval(1));
    assertThat(export.materializations())
        .as("but exported, with the version each was recorded for")
        .containsExactly(
            new RegistryExport.Materialization(TestDefinitions.VIEW, 1, interval(0)),
            new RegistryExport.Materialization(TestDefinitions.VIEW, 2, interval(1)));
    assertThat(export.current().versions("old_view")).hasSize(1);
    assertThat(export.runs()).extracting(RecordedRun::id).containsExactly("r", "s");
    assertThat(export.audit()).hasSize(2);
    return export;
  }

  @Test
  public void anExportRestoredElsewhereReadsBackEqualAndTheSourceStaysAsItWas() {
    RegistryExport export = fillWithHistory("p");
    store("q").commit(0, TestSnapshots.of("q", 1, TestDefinitions.classification(), T0));
    elsewhere("other").commit(0, TestSnapshots.of("other", 1, RepoDefinitions.empty(), T0));

    elsewhere("p").restore(export);

    RegistryStore source = store("p");
    RegistryStore target = elsewhere("p");
    assertThat(target.export()).isEqualTo(export);
    assertThat(target.load()).isEqualTo(source.load()).contains(export.current());
    assertThat(target.currentRevision()).isEqualTo(2);
    assertThat(target.history()).isEqualTo(source.history());
    assertThat(target.runs()).isEqualTo(source.runs()).isEqualTo(export.runs());
    assertThat(target.run("s")).isEqualTo(source.run("s")).isPresent();
    assertThat(target.audit(null)).isEqualTo(source.audit(null)).hasSize(2);
    assertThat(target.audit(T0)).isEqualTo(source.audit(T0)).hasSize(1);
    assertThat(source.export()).as("the source is only read").isEqualTo(export);
    assertThat(elsewhere("q").export().isEmpty()).as("only the project exported").isTrue();
    assertThat(elsewhere("other").currentRevision()).as("another project there").isEqualTo(1);
    Lease bob = lease("bob", T1);
    assertThat(target.claimLease(bob, held -> false)).as("leases are not copied").isEqualTo(bob);
  }

  @Test
  public void aRestoredRegistryGoesOnLikeTheOriginal() {
    RegistryExport export = fillWithHistory("p");
    RegistryStore target = elsewhere("p");
    target.restore(export);

    assertConflict(
        () -> target.commit(1, TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1)), 2);
    RegistrySnapshot.Builder b =
        RegistrySnapshot.builder("p")
            .lastCommit(new RevisionInfo(3, T1.plusSeconds(20), "cid", "apply: again"))
            .definitions(export.current().definitions());
    for (Definition d : export.current().definitions().all()) {
      b.metadata(d.kind(), d.name(), export.current().metadata(d));
    }
    export.current().allVersions().forEach(b::version);
    target.commit(2, b.freeze());
    assertThat(target.history())
        .hasSize(3)
        .startsWith(export.revisions().toArray(RevisionInfo[]::new));
    assertThat(target.recordRun(TestRuns.run("r", T1)).id())
        .as("the restored ids are taken")
        .isEqualTo("r-2");
    target.appendMaterialization(TestDefinitions.VIEW, 2, interval(2));
    assertThat(target.load().orElseThrow().materializations(TestDefinitions.VIEW))
        .containsExactly(interval(1), interval(2));
  }

  @Test
  public void theExportOfAProjectThatHoldsNothingIsEmpty() {
    RegistryExport nothing = store("p").export();
    assertThat(nothing.isEmpty()).isTrue();
    assertThat(nothing.revisions()).isEmpty();
    assertThat(nothing.current()).isEqualTo(RegistrySnapshot.empty("p"));
    assertThat(nothing.materializations()).isEmpty();
    assertThat(nothing.runs()).isEmpty();
    assertThat(nothing.audit()).isEmpty();

    AuditEntry entry =
        new AuditEntry(T0, "ana", List.of(), "auth add-key", List.of(), AuditOutcome.OK, "");
    store("p").appendAudit(entry);
    RegistryExport auditOnly = store("p").export();
    assertThat(auditOnly.isEmpty()).isFalse();
    assertThat(auditOnly.revisions()).isEmpty();
    assertThat(auditOnly.audit()).containsExactly(entry);
    elsewhere("p").restore(auditOnly);
    assertThat(elsewhere("p").audit(null)).containsExactly(entry);
    assertThat(elsewhere("p").load()).isEmpty();
    assertThat(elsewhere("p").currentRevision()).isZero();
  }

  /**
   * A project that holds a revision, or only an audit entry, is refused: a {@link
   * RegistryNotEmptyException} carrying its revision, and nothing written (its export reads as
   * before).
   */
  @Test
  public void aRestoreIntoAProjectThatHoldsSomethingIsRefusedAndWritesNothing() {
    RegistryExport export = fillWithHistory("p");

    RegistryStore applied = elsewhere("p");
    applied.commit(0, TestSnapshots.of("p", 1, RepoDefinitions.empty(), T1));
    applied.recordRun(TestRuns.run("mine", T1));
    RegistryExport before = applied.export();
    assertThatThrownBy(() -> applied.restore(export))
        .isInstanceOfSatisfying(
            RegistryNotEmptyException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
              assertThat(e.revision()).isEqualTo(1);
              assertThat(e.getMessage())
                  .contains(applied.location())
                  .contains("project 'p'")
                  .contains("revision 1")
                  .contains("1 training run")
                  .contains("nothing was written");
            });
    assertThat(applied.export()).isEqualTo(before);
    assertThatThrownBy(() -> applied.restore(before))
        .as("its own export too")
        .isInstanceOf(RegistryNotEmptyException.class);
    assertThat(applied.export()).isEqualTo(before);
  }

  @Test
  public void aRestoreIntoAProjectWithOnlyAuditEntriesIsRefusedAndWritesNothing() {
    RegistryExport export = fillWithHistory("p");
    store("q")
        .appendAudit(
            new AuditEntry(T0, "ana", List.of(), "auth add-key", List.of(), AuditOutcome.OK, ""));
    RegistryExport auditOnly = store("q").export();
    RegistryStore target = elsewhere("q");
    target.restore(auditOnly);
    assertThatThrownBy(() -> target.restore(auditOnly))
        .isInstanceOfSatisfying(
            RegistryNotEmptyException.class,
            e -> {
              assertThat(e.revision()).isZero();
              assertThat(e.getMessage()).contains("no revision").contains("1 audit entry");
            });
    assertThat(target.export()).isEqualTo(auditOnly);
    assertThat(elsewhere("p").export().isEmpty()).as("another project is free").isTrue();
    elsewhere("p").restore(export);
    assertThat(elsewhere("p").export()).isEqualTo(export);
  }

  @Test
  public void aRestoreOfAnotherProjectsExportIsRefused() {
    RegistryExport export = fillWithHistory("p");
    assertThatThrownBy(() -> elsewhere("q").restore(export))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("project 'p'");
    assertThat(elsewhere("q").export().isEmpty()).isTrue();
    assertThat(elsewhere("p").export().isEmpty()).isTrue();
  }

  /**
   * A restore and a first commit racing for the same empty project: exactly one lands whole. Either
   * the commit came first (the restore is refused) or the restore did (the commit conflicts, at the
   * restored revision).
   */
  @Test
  public void ofARestoreAndAFirstCommitAtOnceExactlyOneLands() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        String project = "p" + round;
        RegistryExport export = fillWithHistory(project);
        RegistrySnapshot first = TestSnapshots.of(project, 1, TestDefinitions.classification(), T1);
        RegistryStore restorer = elsewhere(project);
        RegistryStore committer = elsewhere(project);
        List<Object> outcomes =
            race(
                threads,
                List.of(
                    () -> {
                      restorer.restore(export);
                      return "restored";
                    },
                    () -> {
                      committer.commit(0, first);
                      return "committed";
                    }));
        RegistryStore target = elsewhere(project);
        if ("restored".equals(outcomes.get(0))) {
          assertConflict((Throwable) outcomes.get(1), 2);
          assertThat(target.export()).as("round %d", round).isEqualTo(export);
        } else {
          assertThat(outcomes.get(0)).isInstanceOf(RegistryNotEmptyException.class);
          assertThat(outcomes.get(1)).isEqualTo("committed");
          assertThat(target.load()).contains(first);
          assertThat(target.history()).hasSize(1);
          assertThat(target.runs()).isEmpty();
          assertThat(target.audit(null)).isEmpty();
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  public void aFreeLeaseIsGrantedAndALiveOneIsNot() {
    Lease ana = lease("ana", T0);
    assertThat(store("p").claimLease(ana, held -> false)).isEqualTo(ana);
    Lease bob = lease("bob", T0.plusSeconds(10));
    assertThat(store("p").claimLease(bob, held -> false))
        .as("a live lease stays with its holder")
        .isEqualTo(ana);
    assertThat(store("p").claimLease(lease("bob", T0.plusSeconds(29)), held -> false))
        .isEqualTo(ana);
    assertThat(store("p").claimLease(Lease.claim("materialize/w", "bob", T0, TTL), held -> false))
        .as("another name is another lease")
        .extracting(Lease::holder)
        .isEqualTo("bob");
    assertThat(store("q").claimLease(bob, held -> false))
        .as("another project is another lease")
        .isEqualTo(bob);
  }

  @Test
  public void anExpiredOrAbandonedLeaseIsTakenOverAndTheOldHolderCannotRenewIt() {
    Lease ana = lease("ana", T0);
    store("p").claimLease(ana, held -> false);
    Lease bob = lease("bob", ana.expires());
    assertThat(store("p").claimLease(bob, held -> false)).as("expired at its end").isEqualTo(bob);
    assertThat(store("p").renewLease(ana, bob.expires().plusSeconds(60))).isFalse();
    store("p").releaseLease(ana);
    Lease cid = lease("cid", T0.plusSeconds(40));
    assertThat(store("p").claimLease(cid, held -> false))
        .as("the old holder's release left the new lease alone")
        .isEqualTo(bob);
    assertThat(store("p").claimLease(cid, held -> held.holder().equals("bob")))
        .as("taken over when its holder is gone")
        .isEqualTo(cid);
  }

  @Test
  public void aRenewedLeaseLastsLongerAndAReleasedOneIsFree() {
    Lease ana = lease("ana", T0);
    store("p").claimLease(ana, held -> false);
    assertThat(store("p").renewLease(ana, T0.plusSeconds(60))).isTrue();
    assertThat(store("p").claimLease(lease("bob", T0.plusSeconds(45)), held -> false))
        .isEqualTo(ana.renewedUntil(T0.plusSeconds(60)));
    store("p").releaseLease(ana);
    assertThat(store("p").renewLease(ana, T0.plusSeconds(90))).isFalse();
    Lease bob = lease("bob", T0.plusSeconds(46));
    assertThat(store("p").claimLease(bob, held -> false)).isEqualTo(bob);
  }

  /**
   * Of claims of one free lease made at the same moment on handles of their own, exactly one is
   * granted: every claimant is told the same holder. The first round claims before the registry
   * exists; the later ones take over a lease that expired.
   */
  @Test
  public void ofClaimsOfOneLeaseAtOnceExactlyOneIsGranted() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    try {
      for (int round = 0; round < 5; round++) {
        Instant since = T0.plus(TTL.multipliedBy(round));
        List<Lease> claims = new ArrayList<>();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int racer = 0; racer < RACERS; racer++) {
          Lease claim = lease("racer_" + racer, since);
          claims.add(claim);
          RegistryStore handle = store("p");
          tasks.add(() -> handle.claimLease(claim, held -> false));
        }
        List<Object> outcomes = race(threads, tasks);
        assertThat(outcomes).as("round %d", round).allMatch(Lease.class::isInstance);
        Set<Object> holders = new HashSet<>(outcomes);
        assertThat(holders).as("round %d: one holder for all: %s", round, outcomes).hasSize(1);
        assertThat(claims).contains((Lease) outcomes.get(0));
        assertThat(store("p").claimLease(lease("late", since), held -> false))
            .isEqualTo(outcomes.get(0));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  public void leasesNeverChangeTheRevisionNorMakeACommitConflict() {
    assertThat(store("p").renewLease(lease("ana", T0), T1)).as("nothing held yet").isFalse();
    store("p").releaseLease(lease("ana", T0));
    RegistrySnapshot first = TestSnapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(0, first);
    Lease ana = lease("ana", T0);
    RegistryStore pausing =
        new PausingRegistryStore(
            store("p"),
            () -> {
              store("p").claimLease(ana, held -> false);
              store("p").renewLease(ana, T1);
            });
    RegistrySnapshot second = TestSnapshots.of("p", 2, RepoDefinitions.empty(), T1);
    pausing.commit(1, second);
    store("p").releaseLease(ana);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").history()).hasSize(2);
  }
}
