package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.ConflictException;
import dev.larder.core.ErrorCode;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.RepoDefinitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link RegistryStore} contract, written once: each backend's test extends this class and says
 * how to open a store of a project at one shared location.
 */
abstract class RegistryStoreContractTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-03-01T11:30:00.123Z");

  /** A store of {@code project} at this test's location; every call reaches the same registry. */
  abstract RegistryStore store(String project);

  @Test
  void aNewStoreIsEmpty() {
    RegistryStore store = store("p");
    assertThat(store.load()).isEmpty();
    assertThat(store.history()).isEmpty();
  }

  @Test
  void aCommittedSnapshotLoadsBackEqual() {
    RegistrySnapshot first = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(first);
    RegistrySnapshot loaded = store("p").load().orElseThrow();
    assertThat(loaded).isEqualTo(first);
    assertThat(loaded.definitions().all()).isEqualTo(first.definitions().all());
    assertThat(loaded.allVersions()).isEqualTo(first.allVersions());
    assertThat(loaded.materializations(TestDefinitions.VIEW))
        .isEqualTo(first.materializations(TestDefinitions.VIEW));
    assertThat(loaded.lastCommit()).isEqualTo(first.lastCommit());

    RegistrySnapshot second = Snapshots.of("p", 2, RepoDefinitions.empty(), T1);
    store("p").commit(second);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").history())
        .containsExactly(first.lastCommit().orElseThrow(), second.lastCommit().orElseThrow());
  }

  @Test
  void aCommitFromAnOldRevisionConflictsAndWritesNothing() {
    RegistrySnapshot first = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(first);
    RegistrySnapshot second = Snapshots.of("p", 2, RepoDefinitions.empty(), T1);
    store("p").commit(second);

    assertThatThrownBy(() -> store("p").commit(Snapshots.of("p", 2, first.definitions(), T1)))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "the registry changed while you were applying (now at revision 2); re-run 'larder"
                + " apply'")
        .extracting(e -> ((ConflictException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThatThrownBy(() -> store("p").commit(Snapshots.of("p", 1, first.definitions(), T1)))
        .isInstanceOf(ConflictException.class);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").history()).hasSize(2);
  }

  @Test
  void theFirstCommitOfTwoFromNothingWins() {
    store("p").commit(Snapshots.of("p", 1, TestDefinitions.classification(), T0));
    assertThatThrownBy(() -> store("p").commit(Snapshots.of("p", 1, RepoDefinitions.empty(), T1)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("(now at revision 1)");
    assertThat(store("p").load().orElseThrow().definitions())
        .isEqualTo(TestDefinitions.classification());
  }

  @Test
  void aCommitThatSkipsARevisionOrIsOfAnotherProjectIsRefused() {
    assertThatThrownBy(() -> store("p").commit(Snapshots.of("p", 2, RepoDefinitions.empty(), T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revision 2 does not follow revision 0");
    assertThatThrownBy(() -> store("p").commit(Snapshots.of("q", 1, RepoDefinitions.empty(), T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("project 'q'");
    assertThatThrownBy(() -> store("p").commit(RegistrySnapshot.empty("p")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store("p").load()).isEmpty();
  }

  @Test
  void projectsSharingALocationAreSeparate() {
    RegistrySnapshot p = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    RegistrySnapshot q = Snapshots.of("q", 1, RepoDefinitions.empty(), T1);
    store("p").commit(p);
    store("q").commit(q);
    assertThat(store("p").load()).contains(p);
    assertThat(store("q").load()).contains(q);
    assertThat(store("other").load()).isEmpty();
  }

  @Test
  void recordedRunsReadBackInOrderAndChangeNoRevision() {
    RegistrySnapshot first = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(first);
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
  void aTakenRunIdGetsTheFirstFreeSuffix() {
    store("p").commit(Snapshots.of("p", 1, TestDefinitions.classification(), T0));
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
  void runsSurviveLaterCommitsAndBelongToTheirProject() {
    store("p").commit(Snapshots.of("p", 1, TestDefinitions.classification(), T0));
    store("q").commit(Snapshots.of("q", 1, TestDefinitions.classification(), T0));
    RecordedRun run = TestRuns.run("r", T0);
    store("p").recordRun(run);
    store("p").commit(Snapshots.of("p", 2, RepoDefinitions.empty(), T1));

    assertThat(store("p").runs()).containsExactly(run);
    assertThat(store("q").runs()).isEmpty();
    assertThat(store("q").recordRun(run).id()).as("ids are unique per project").isEqualTo("r");
  }

  @Test
  void aRunNeedsAnAppliedRegistryAndNoRegistryHasNoRuns() {
    assertThat(store("p").runs()).isEmpty();
    assertThat(store("p").run("r")).isEmpty();
    assertThatThrownBy(() -> store("p").recordRun(TestRuns.run("r", T0)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("registry not found");
    store("q").commit(Snapshots.of("q", 1, TestDefinitions.classification(), T0));
    assertThatThrownBy(() -> store("p").recordRun(TestRuns.run("r", T0)))
        .isInstanceOf(NotFoundException.class);
    assertThat(store("p").runs()).isEmpty();
  }

  @Test
  void theAuditLogKeepsEntriesInOrderAndFiltersByTime() {
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
  void anAuditEntryBeforeTheFirstCommitLeavesTheRegistryEmpty() {
    store("p")
        .appendAudit(
            new AuditEntry(T0, "ana", List.of(), "auth add-key", List.of(), AuditOutcome.OK, ""));
    assertThat(store("p").load()).isEmpty();
    assertThat(store("p").history()).isEmpty();
    RegistrySnapshot first = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(first);
    assertThat(store("p").load()).contains(first);
    assertThat(store("p").audit(null)).hasSize(1);
  }

  @Test
  void auditAppendsDoNotMakeCommitsConflict() {
    RegistrySnapshot first = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(first);
    // between another writer's read (at revision 1) and its commit, audit entries are appended
    RegistryStore pausing =
        new PausingStore(
            store("p"),
            () ->
                store("p")
                    .appendAudit(
                        new AuditEntry(
                            T1, "ana", List.of(), "push", List.of(), AuditOutcome.OK, "")));
    RegistrySnapshot second = Snapshots.of("p", 2, RepoDefinitions.empty(), T1);
    pausing.commit(second);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").audit(null)).hasSize(1);
  }

  static final Duration TTL = Duration.ofSeconds(30);

  private static Lease lease(String holder, Instant since) {
    return Lease.claim("materialize/v", holder, since, TTL);
  }

  @Test
  void aFreeLeaseIsGrantedAndALiveOneIsNot() {
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
  void anExpiredOrAbandonedLeaseIsTakenOverAndTheOldHolderCannotRenewIt() {
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
  void aRenewedLeaseLastsLongerAndAReleasedOneIsFree() {
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

  @Test
  void leasesNeverChangeTheRevisionNorMakeACommitConflict() {
    assertThat(store("p").renewLease(lease("ana", T0), T1)).as("nothing held yet").isFalse();
    store("p").releaseLease(lease("ana", T0));
    RegistrySnapshot first = Snapshots.of("p", 1, TestDefinitions.classification(), T0);
    store("p").commit(first);
    Lease ana = lease("ana", T0);
    RegistryStore pausing =
        new PausingStore(
            store("p"),
            () -> {
              store("p").claimLease(ana, held -> false);
              store("p").renewLease(ana, T1);
            });
    RegistrySnapshot second = Snapshots.of("p", 2, RepoDefinitions.empty(), T1);
    pausing.commit(second);
    store("p").releaseLease(ana);
    assertThat(store("p").load()).contains(second);
    assertThat(store("p").history()).hasSize(2);
  }
}
