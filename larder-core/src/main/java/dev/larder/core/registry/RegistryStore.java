package dev.larder.core.registry;

import dev.larder.core.repo.RepoConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where a project's registry lives (DESIGN A): loads the current {@link RegistrySnapshot}, commits
 * the next one atomically and optimistically, lists the revision history, and keeps the audit log.
 * One store serves one project. Implementations are found through {@link RegistryStoreFactory} and
 * chosen by {@code registry.registry_type} in {@code feature_store.yaml}.
 *
 * <p>Contract, for every implementation (checked by larder-testkit's {@code
 * dev.larder.testkit.RegistryStoreContract}, which each backend's tests extend):
 *
 * <ul>
 *   <li>{@link #load()} never sees part of a commit, and never creates the registry.
 *   <li>{@link #commit} is an atomic compare-and-set on the revision: it writes a whole snapshot or
 *       nothing, and succeeds only if the store is still at the expected revision (0 for a registry
 *       that does not exist yet, which the first commit creates); otherwise it throws a {@link
 *       RevisionConflictException} carrying the revision it found, and writes nothing. Of two
 *       commits made from the same revision, exactly one succeeds. A store enforces this with a
 *       check inside its write transaction or with its unique key on (project, revision), whose
 *       violation it reports as the same conflict; the message the user reads is {@link
 *       Registry}'s, not the store's.
 *   <li>{@link #currentRevision} is one small read, so that a cache of the snapshot can ask whether
 *       it is still current without loading it; runs, materialization intervals, audit entries and
 *       leases never change it.
 *   <li>{@link #recordRun} appends a training run next to the snapshots: it changes no revision, so
 *       it never conflicts with a commit (it waits for one in progress), and a commit never removes
 *       runs.
 *   <li>{@link #appendMaterialization} appends a materialization interval next to the snapshots,
 *       like a run: it changes no revision and never makes a commit conflict. {@link #load()} hands
 *       every interval to the snapshot's builder ({@link
 *       RegistrySnapshot.Builder#materialization}), which keeps those still current; a commit
 *       writes none of {@code next}'s intervals and keeps those appended, except that it may drop
 *       the intervals of the views {@code next} no longer defines. {@link #clearMaterializations}
 *       forgets them all ({@code teardown}).
 *   <li>{@link #appendAudit} adds one entry to the audit log whether or not the registry was ever
 *       committed, never changes the revision, and so never makes a commit conflict; {@link #audit}
 *       returns entries oldest first.
 *   <li>{@link #claimLease}, {@link #renewLease} and {@link #releaseLease} keep named leases (one
 *       materialization of a view at a time, across processes and hosts sharing the registry): a
 *       claim is granted atomically only when the lease is free, expired at the claim's {@code
 *       since}, or its holder is judged gone; of two claims at once, one wins. Leases never change
 *       the revision, so they never make a commit conflict, and a commit never removes them.
 *   <li>{@link #export()} reads everything of the project but its leases as of one moment (one read
 *       transaction); {@link #restore} writes an export into a project that holds nothing yet (no
 *       revision, no run, no audit entry; leases do not count), all of it or nothing, keeping every
 *       time, id and order as exported, so that {@code export()} of the target then equals the
 *       export restored. Together they move a project's registry to another store ({@code larder
 *       registry copy}) without losing its history.
 * </ul>
 *
 * <p>Optional abilities are further interfaces that a store class implements as well; callers ask
 * for them with {@link #capability(Class)}.
 */
public interface RegistryStore extends AutoCloseable {
  /** Where the registry is, for messages: a file path or a connection string without secrets. */
  String location();

  /** The current snapshot; empty if nothing was ever committed. */
  Optional<RegistrySnapshot> load();

  /**
   * The revision of the current snapshot, 0 if nothing was ever committed: what {@link #load()}
   * would return the revision of, read without loading the snapshot.
   */
  long currentRevision();

  /**
   * Makes {@code next} the current snapshot if the store is still at {@code expectedRevision};
   * otherwise throws a conflict and writes nothing. The materialization intervals of {@code next}
   * are not written: intervals are appended with {@link #appendMaterialization}.
   *
   * @param expectedRevision the revision {@code next} was made from: {@code next.revision() - 1}
   * @throws RevisionConflictException if the store is past {@code expectedRevision} (another commit
   *     came first)
   * @throws IllegalArgumentException if {@code next} is of another project, or at revision 0, or
   *     not at {@code expectedRevision + 1}, or if the store is behind {@code expectedRevision}
   */
  void commit(long expectedRevision, RegistrySnapshot next);

  /** Every commit, oldest first; empty if nothing was ever committed. */
  List<RevisionInfo> history();

  /**
   * Appends {@code run} to the project's training runs and returns it as recorded: under its own
   * id, or, when that id is taken, the first of {@code id-2}, {@code id-3}, … that is free.
   *
   * @throws dev.larder.core.NotFoundException if the project has no registry yet
   */
  RecordedRun recordRun(RecordedRun run);

  /** The project's recorded training runs, oldest first; empty if none or no registry. */
  List<RecordedRun> runs();

  /** The recorded run {@code id}, if there is one. */
  Optional<RecordedRun> run(String id);

  /**
   * Appends {@code interval}, materialized with version {@code viewVersion} of the feature view
   * {@code view}, to the project's materialization intervals, without a new revision.
   *
   * @throws dev.larder.core.NotFoundException if the project has no registry yet
   */
  void appendMaterialization(String view, int viewVersion, MaterializationInterval interval);

  /** Forgets every materialization interval of the project, without a new revision. */
  void clearMaterializations();

  /** Appends {@code entry} to the project's audit log (creating the log if needed). */
  void appendAudit(AuditEntry entry);

  /**
   * The project's audit entries at or after {@code since} ({@code null}: all), oldest first; empty
   * if the log was never written.
   */
  List<AuditEntry> audit(Instant since);

  /**
   * Claims {@code claim.name()} for {@code claim}, in one atomic step: granted (and stored) when no
   * lease of that name is held, when the one held expired at or before {@code claim.since()}, or
   * when {@code abandoned} says its holder is gone; otherwise the lease held is left as it is.
   * Works whether or not the registry was ever committed.
   *
   * @return the lease in force afterwards: {@code claim} if granted, else the holder's lease (tell
   *     them apart by {@link Lease#token()})
   */
  Lease claimLease(Lease claim, Predicate<Lease> abandoned);

  /**
   * Moves the expiry of {@code lease} (matched by name and token) to {@code until}.
   *
   * @return false when it is no longer held: released, or expired and claimed by another
   */
  boolean renewLease(Lease lease, Instant until);

  /** Ends {@code lease} if it is still held (matched by name and token); else does nothing. */
  void releaseLease(Lease lease);

  /**
   * Everything the store holds of its project except leases, read as of one moment (no commit or
   * append is seen in part): the revision history, the current snapshot, every materialization
   * interval as appended (with its view version and recorded time, also those the snapshot no
   * longer shows), every training run and the whole audit log, each in its stored order. An export
   * of a project that holds nothing has no revision ({@link RegistryExport#isEmpty()}); reading
   * never creates the registry.
   */
  RegistryExport export();

  /**
   * Writes {@code export} into this store's project, which must hold nothing yet, in one atomic
   * step: the revisions with their times, authors and summaries; the current snapshot's objects
   * with their metadata and every feature view version as exported (number, origin, changes,
   * SHA-256, when and by whom, revision); the materialization intervals in order with their view
   * versions and recorded times; the training runs under their ids, in order; the audit entries
   * with their times, in order. Afterwards {@link #export()} equals {@code export}, and {@link
   * #load()}, {@link #history()}, {@link #runs()} and {@link #audit} read what the exporting store
   * read. A project with a revision, a run or an audit entry is refused, checked inside the same
   * transaction as the writes (so a concurrent first commit either comes before and makes the
   * restore refuse, or after and conflicts), and nothing is written; a failure part-way writes
   * nothing either. Leases are neither written nor considered.
   *
   * @throws RegistryNotEmptyException if the project already holds a revision, a run or an audit
   *     entry; nothing is written
   * @throws IllegalArgumentException if {@code export} is of another project
   */
  void restore(RegistryExport export);

  /**
   * This store as {@code type}, when it has that optional ability ({@link RegistryChangeNotices}).
   * A store that wraps another passes the question on.
   */
  default <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  void close();

  /** Opens the store that {@code config} names, through the factory of its registry type. */
  static RegistryStore open(RepoConfig config) {
    return RegistryStoreFactory.forType(config.registry().type()).create(config);
  }
}
