package dev.larder.core.registry;

import dev.larder.core.BackendException;
import dev.larder.core.ConflictException;
import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Names;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.source.SourceValidator;
import dev.larder.core.time.IsoTimes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A project's registry: {@code plan}, {@code apply} and the reads behind {@code registry-dump},
 * {@code feature-views versions} and the list and describe commands (DESIGN B1), over a {@link
 * RegistryStore}.
 *
 * <p>{@link #plan} and {@link #apply} check the definitions against their data first ({@link
 * SourceValidator} for a registry {@link #open opened} from a repository), so no caller can apply
 * definitions that were not validated. An apply commits one new revision holding the whole new
 * state, or nothing: objects no longer defined are deleted (as in Feast), {@code created} survives
 * updates, {@code last_updated} moves on every change, and a feature view gets a new version when
 * its schema, entities, ttl or source change (see {@link VersionedDefinition}). A deleted view
 * keeps its version history; defined again it starts with a new {@code created} time and continues
 * the numbering ({@link VersionOrigin#CREATED_AGAIN}), so a version number never means two
 * definitions. Its materialization intervals go with the deletion.
 *
 * <p>Every read of a registry that does not exist yet is a not-found error naming its location and
 * {@code larder apply}; {@link #plan} compares with an empty registry instead.
 */
public final class Registry implements AutoCloseable {
  private final RegistryStore store;
  private final String project;
  private final Consumer<RepoDefinitions> sourceCheck;
  private final Clock clock;
  private final Actor actor;

  /**
   * A registry of {@code project} in {@code store}.
   *
   * @param sourceCheck checks definitions against their data before a plan or apply, throwing the
   *     first problem
   * @param clock the time of commits, versions and metadata
   * @param actor who commits
   */
  public Registry(
      RegistryStore store,
      String project,
      Consumer<RepoDefinitions> sourceCheck,
      Clock clock,
      Actor actor) {
    this.store = Objects.requireNonNull(store, "store");
    this.project = Names.require("project", project);
    this.sourceCheck = Objects.requireNonNull(sourceCheck, "sourceCheck");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.actor = Objects.requireNonNull(actor, "actor");
  }

  /**
   * The registry of the repository {@code config} describes: the store its {@code registry:} names,
   * definitions checked with {@link SourceValidator} against the repository's data, the system
   * clock, and {@link Actor#current()}.
   */
  public static Registry open(RepoConfig config) {
    return new Registry(
        RegistryStore.open(config),
        config.project(),
        definitions -> SourceValidator.validate(config, definitions),
        Clock.systemUTC(),
        Actor.current());
  }

  /**
   * As {@link #open(RepoConfig)}, checking definitions with the offline engine {@code engine} gives
   * (a feature store's own, opened on first use) instead of opening one per check.
   */
  public static Registry open(RepoConfig config, Supplier<OfflineEngine> engine) {
    Objects.requireNonNull(engine, "engine");
    return new Registry(
        RegistryStore.open(config),
        config.project(),
        definitions -> SourceValidator.validate(definitions, engine.get()),
        Clock.systemUTC(),
        Actor.current());
  }

  /** Where the registry is, for messages. */
  public String location() {
    return store.location();
  }

  /** The store's optional ability {@code type} ({@link RegistryChangeNotices}), if it has it. */
  public <T> Optional<T> capability(Class<T> type) {
    return store.capability(type);
  }

  /**
   * What {@link #apply} would do with {@code definitions}, after checking them, each change marked
   * compatible or breaking ({@link ChangeImpact}). Checks what an apply checks, so a plan that
   * succeeds means the apply can only be refused for breaking changes or lose a race.
   */
  public RegistryDiff plan(RepoDefinitions definitions) {
    return prepare(definitions).diff();
  }

  /** {@link #apply(RepoDefinitions, ApplyOptions)} refusing breaking changes. */
  public ApplyResult apply(RepoDefinitions definitions) {
    return apply(definitions, ApplyOptions.DEFAULT, diff -> {});
  }

  /**
   * {@link #apply(RepoDefinitions, ApplyOptions, Consumer)} with nothing to do before the commit.
   */
  public ApplyResult apply(RepoDefinitions definitions, ApplyOptions options) {
    return apply(definitions, options, diff -> {});
  }

  /**
   * Checks {@code definitions} and makes them the registry's, in one commit: the first apply
   * creates the registry; an apply that changes nothing commits nothing. A breaking change ({@link
   * ChangeImpact}) is applied only with {@link ApplyOptions#allowBreaking}; it drops the
   * materialization intervals of the views it breaks, whose online rows no longer match.
   *
   * @param beforeCommit runs with the plan once every check has passed, just before the commit (the
   *     facade deletes the online rows of the views a breaking change makes stale there)
   * @throws dev.larder.core.BreakingChangeException if the plan has breaking changes and {@code
   *     options} does not allow them; nothing is written and {@code beforeCommit} does not run
   * @throws ConflictException if another process committed after this apply read the registry;
   *     nothing is written and running it again resolves it
   */
  public ApplyResult apply(
      RepoDefinitions definitions, ApplyOptions options, Consumer<RegistryDiff> beforeCommit) {
    return apply(definitions, options, (base, diff) -> {}, beforeCommit);
  }

  /**
   * Checks done by an apply after it read the registry and before it commits, against the very
   * revision it commits on (so a concurrent change cannot slip between the check and the commit:
   * the commit then conflicts).
   */
  @FunctionalInterface
  public interface ApplyCheck {
    /**
     * Throws to stop the apply before anything is written.
     *
     * @param base the registry the apply read (revision 0, empty, before the first apply)
     * @param diff what the apply would change
     */
    void check(RegistrySnapshot base, RegistryDiff diff);
  }

  /**
   * {@link #apply(RepoDefinitions, ApplyOptions, Consumer)}, running {@code check} on the registry
   * read and the diff first (for an apply that changes something), before the breaking-change
   * refusal and before {@code beforeCommit}.
   */
  public ApplyResult apply(
      RepoDefinitions definitions,
      ApplyOptions options,
      ApplyCheck check,
      Consumer<RegistryDiff> beforeCommit) {
    Prepared p = prepare(definitions);
    if (p.loaded() && !p.diff().hasChanges()) {
      return new ApplyResult(p.diff(), p.diff().baseRevision(), List.of());
    }
    check.check(p.base(), p.diff());
    if (p.diff().hasBreakingChanges() && !options.allowBreaking()) {
      throw p.diff().refusal();
    }
    beforeCommit.accept(p.diff());
    commit(p.base().revision(), p.next());
    return new ApplyResult(p.diff(), p.next().revision(), p.created());
  }

  /** An apply worked out but not committed. */
  private record Prepared(
      boolean loaded,
      RegistrySnapshot base,
      RegistryDiff diff,
      RegistrySnapshot next,
      List<FeatureViewVersion> created) {}

  private Prepared prepare(RepoDefinitions definitions) {
    sourceCheck.accept(definitions);
    Optional<RegistrySnapshot> loaded = store.load();
    RegistrySnapshot base = loaded.orElseGet(() -> RegistrySnapshot.empty(project));
    RegistryDiff diff = RegistryDiff.between(base, definitions);
    Instant now = now();
    long revision = base.revision() + 1;
    RegistrySnapshot.Builder next =
        RegistrySnapshot.builder(project)
            .lastCommit(new RevisionInfo(revision, now, actor.name(), diff.summary()))
            .definitions(definitions);
    for (ObjectDiff o : diff.objects()) {
      switch (o.transition()) {
        case CREATE -> next.metadata(o.kind(), o.name(), ObjectMetadata.createdAt(now));
        case UPDATE -> next.metadata(o.kind(), o.name(), metadataOf(base, o).updatedAt(now));
        case UNCHANGED -> next.metadata(o.kind(), o.name(), metadataOf(base, o));
        case DELETE -> {}
      }
    }
    base.allVersions().forEach(next::version);
    List<FeatureViewVersion> created = new ArrayList<>();
    for (PlannedVersion p : diff.plannedVersions()) {
      FeatureViewVersion v =
          new FeatureViewVersion(
              p.definition().featureView().name(),
              p.number(),
              p.definition(),
              p.definition().sha256(),
              now,
              actor.name(),
              revision,
              p.origin(),
              p.changes());
      next.version(v);
      created.add(v);
    }
    RegistrySnapshot frozen = next.freeze();
    VersionPins.check(frozen);
    return new Prepared(loaded.isPresent(), base, diff, frozen, created);
  }

  private static ObjectMetadata metadataOf(RegistrySnapshot base, ObjectDiff o) {
    return base.metadata(o.kind(), o.name()).orElseThrow();
  }

  /**
   * The optimistic revision guard: commits {@code next}, made from revision {@code base}, if the
   * store is still there; otherwise the conflict the user reads, naming where the registry is now
   * and the fix.
   *
   * @throws ConflictException if another process committed after {@code base} was read
   */
  private void commit(long base, RegistrySnapshot next) {
    try {
      store.commit(base, next);
    } catch (RevisionConflictException e) {
      throw new ConflictException(
          "the registry changed while you were applying (now at revision "
              + e.currentRevision()
              + "); re-run 'larder apply'",
          "Another process committed to " + store.location() + " first; nothing was written",
          e);
    }
  }

  /**
   * The revision of the current registry, 0 before the first apply: one small read of the store,
   * for callers that keep a snapshot and want to know whether it is still current.
   */
  public long currentRevision() {
    return store.currentRevision();
  }

  /** The current registry; a not-found error if it was never applied. */
  public RegistrySnapshot snapshot() {
    return store.load().orElseThrow(this::notFound);
  }

  /** The current registry, or the empty one (revision 0) before the first apply. */
  public RegistrySnapshot snapshotOrEmpty() {
    return store.load().orElseGet(() -> RegistrySnapshot.empty(project));
  }

  /** This registry acting as {@code other}: the same store, with commits recorded as theirs. */
  public Registry actingAs(Actor other) {
    return other.equals(actor) ? this : new Registry(store, project, sourceCheck, clock, other);
  }

  /** Who commits. */
  public Actor actor() {
    return actor;
  }

  /** See {@link RegistryStore#claimLease}. */
  public Lease claimLease(Lease claim, Predicate<Lease> abandoned) {
    return store.claimLease(claim, abandoned);
  }

  /** See {@link RegistryStore#renewLease}. */
  public boolean renewLease(Lease lease, Instant until) {
    return store.renewLease(lease, until);
  }

  /** See {@link RegistryStore#releaseLease}. */
  public void releaseLease(Lease lease) {
    store.releaseLease(lease);
  }

  /** Appends {@code entry} to the audit log (see {@link RegistryStore#appendAudit}). */
  public void recordAudit(AuditEntry entry) {
    store.appendAudit(entry);
  }

  /** The audit log from {@code since} ({@code null}: all of it), oldest first. */
  public List<AuditEntry> audit(Instant since) {
    return store.audit(since);
  }

  /** The whole registry as JSON ({@code registry-dump}); a not-found error if never applied. */
  public String dumpJson() {
    return RegistryJson.write(snapshot());
  }

  /**
   * {@link #dumpJson()} with only the objects, and the version histories of only the feature views,
   * that {@code visible} accepts.
   */
  public String dumpJson(BiPredicate<DefinitionKind, String> visible) {
    return RegistryJson.write(snapshot(), visible);
  }

  /** Every commit, oldest first; a not-found error if never applied. */
  public List<RevisionInfo> history() {
    List<RevisionInfo> history = store.history();
    if (history.isEmpty()) {
      throw notFound();
    }
    return history;
  }

  /**
   * The versions of the feature view {@code view}, oldest first, also when it was deleted since; a
   * not-found error with the closest name if no view of that name was ever applied.
   */
  public List<FeatureViewVersion> versions(String view) {
    RegistrySnapshot snapshot = snapshot();
    List<FeatureViewVersion> versions = snapshot.versions(view);
    if (versions.isEmpty()) {
      throw unknownView(snapshot, view);
    }
    return versions;
  }

  /**
   * Appends a training run to the registry (lineage), after checking that every view version it
   * read is in the registry. It changes no revision, so it never conflicts with an apply or a
   * materialization running at the same time.
   *
   * @return the run as recorded: a taken id gets {@code -2}, {@code -3}, … appended
   */
  public RecordedRun recordRun(RecordedRun run) {
    RegistrySnapshot snapshot = snapshot();
    for (ResolvedFeature f : run.inputs().features()) {
      if (snapshot.versions(f.view()).stream().noneMatch(v -> v.number() == f.version())) {
        throw new InvalidArgumentException(
            "run "
                + Echo.of(run.id())
                + " read "
                + f
                + ", but the registry has no version "
                + f.version()
                + " of feature view "
                + Echo.of(f.view()),
            "Record the versions the features were retrieved from; 'larder feature-views versions "
                + f.view()
                + "' lists them");
      }
    }
    return store.recordRun(run);
  }

  /** The recorded training runs, oldest first; a not-found error if never applied. */
  public List<RecordedRun> runs() {
    history();
    return store.runs();
  }

  /** The recorded run {@code id}; a not-found error with the closest id if there is none. */
  public RecordedRun run(String id) {
    history();
    return store
        .run(id)
        .orElseThrow(
            () -> {
              List<String> ids = store.runs().stream().map(RecordedRun::id).toList();
              return new NotFoundException(
                  "training run "
                      + Echo.of(id)
                      + " is not in the registry"
                      + DidYouMean.sentenceEnd(id, ids),
                  ids.isEmpty()
                      ? "No run is recorded yet: 'larder train' records each run through the"
                          + " feature store"
                      : "Run 'larder runs list' to see the recorded runs");
            });
  }

  /**
   * Records that the rows of {@code view} with event times in [{@code start}, {@code end}] were
   * materialized. The interval is appended beside the revisions, so it never conflicts with an
   * apply or another materialization, and it stops counting once a later version breaks the view.
   */
  public MaterializationInterval recordMaterialization(String view, Instant start, Instant end) {
    return recordMaterialization(view, start, end, 0);
  }

  /**
   * {@link #recordMaterialization(String, Instant, Instant)} of rows read with version {@code
   * readVersion} of the view's definition (0: the current one). When a later version broke that one
   * (a breaking change, or the view deleted and defined again) while the rows were being copied,
   * the rows are of the old definition: nothing is recorded and this throws a conflict error. The
   * interval is recorded for {@code readVersion}, so a breaking apply that lands just after this
   * check hides it all the same.
   *
   * @throws ConflictException if a breaking version followed {@code readVersion}
   */
  public MaterializationInterval recordMaterialization(
      String view, Instant start, Instant end, int readVersion) {
    if (end.isBefore(start)) {
      throw new InvalidArgumentException(
          "materialization end "
              + IsoTimes.format(end)
              + " is before its start "
              + IsoTimes.format(start),
          "Give a start at or before the end");
    }
    RegistrySnapshot base = snapshot();
    if (base.definitions().featureView(view).isEmpty()) {
      throw unknownView(base, view);
    }
    Optional<FeatureViewVersion> broken = base.breakingVersionAfter(view, readVersion);
    if (broken.isPresent()) {
      throw new ConflictException(
          "feature view "
              + Echo.of(view)
              + " changed in a breaking way ("
              + broken.get().label()
              + ", applied "
              + IsoTimes.format(broken.get().appliedAt())
              + ") while v"
              + readVersion
              + " was being materialized; the rows copied are of the old definition",
          "Run the materialization again: it reads the current definition");
    }
    int version = readVersion != 0 ? readVersion : base.latestVersion(view).orElseThrow().number();
    MaterializationInterval interval = new MaterializationInterval(start, end, now());
    store.appendMaterialization(view, version, interval);
    return interval;
  }

  /**
   * Forgets every recorded materialization interval; for {@code teardown}, which deletes the online
   * rows, so that the next incremental materialization starts afresh instead of after data the
   * store no longer holds. Makes no revision.
   *
   * @return how many current intervals were forgotten; 0 when the registry does not exist or holds
   *     none
   */
  public int forgetMaterializations() {
    Optional<RegistrySnapshot> loaded = store.load();
    if (loaded.isEmpty()) {
      return 0;
    }
    int forgotten = 0;
    for (String name : loaded.get().definitions().names(DefinitionKind.FEATURE_VIEW)) {
      forgotten += loaded.get().materializations(name).size();
    }
    store.clearMaterializations();
    return forgotten;
  }

  /**
   * Copies this project's whole registry into {@code target} ({@code larder registry copy}): every
   * revision, the current objects with their metadata, every feature view version, every
   * materialization interval, every training run and the whole audit log, with their original
   * times; leases are not copied. The export is read as of one moment and written in one atomic
   * step ({@link RegistryStore#restore}); this store is only read. Afterwards the target is read
   * back and compared with what was copied.
   *
   * @return what was copied
   * @throws NotFoundException if this project holds nothing (no revision, no audit entry)
   * @throws RegistryNotEmptyException if the target's project already holds something; nothing is
   *     written
   * @throws dev.larder.core.BackendException if the target reads back different from what was
   *     written (a fault of the target's store)
   */
  public RegistryExport copyTo(RegistryStore target) {
    RegistryExport export = store.export();
    if (export.isEmpty()) {
      throw new NotFoundException(
          "the registry "
              + store.location()
              + " holds nothing of project "
              + Echo.of(project)
              + " to copy (no revision, no audit entry)",
          "Run 'larder apply' in the feature repository first, or name another repository with"
              + " --repo DIR");
    }
    target.restore(export);
    RegistryExport copied = target.export();
    if (!copied.equals(export)) {
      throw new BackendException(
          "the registry "
              + target.location()
              + " reads back different from what was copied into it (it holds "
              + copied.summary()
              + "; copied: "
              + export.summary()
              + ")",
          "This is a fault of that registry's backend; remove project "
              + Echo.of(project)
              + " from it before using it, and report the problem");
    }
    return export;
  }

  /**
   * The first version of {@code view} after {@code version} that broke it (a breaking change, or
   * the view defined again after its deletion); empty when none, or when {@code version} is 0.
   */
  public static Optional<FeatureViewVersion> breakingVersionAfter(
      RegistrySnapshot snapshot, String view, int version) {
    return snapshot.breakingVersionAfter(view, version);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private NotFoundException notFound() {
    return new NotFoundException(
        "registry not found: " + store.location() + "; run 'larder apply' to create it",
        "The registry is written by the first 'larder apply' in the feature repository (use"
            + " --repo DIR to name another repository)");
  }

  private static NotFoundException unknownView(RegistrySnapshot snapshot, String view) {
    Set<String> known =
        new LinkedHashSet<>(snapshot.definitions().names(DefinitionKind.FEATURE_VIEW));
    known.addAll(snapshot.versionedViews());
    return new NotFoundException(
        "feature view "
            + Echo.of(view)
            + " is not in the registry"
            + DidYouMean.sentenceEnd(view, known),
        "Feature views in the registry: "
            + Names.listing(snapshot.definitions().names(DefinitionKind.FEATURE_VIEW))
            + ". Run 'larder feature-views list' to see them, or 'larder apply' to register new"
            + " definitions");
  }

  @Override
  public void close() {
    store.close();
  }
}
