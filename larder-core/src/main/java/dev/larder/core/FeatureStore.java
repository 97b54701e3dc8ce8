package dev.larder.core;

import dev.larder.core.access.AccessChecks;
import dev.larder.core.access.AccessGuard;
import dev.larder.core.access.AuditTrail;
import dev.larder.core.access.AuditTrail.Done;
import dev.larder.core.access.Principal;
import dev.larder.core.access.Visibility;
import dev.larder.core.lineage.LineageGraph;
import dev.larder.core.lineage.LineageNode;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.lineage.ProjectLineage;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Names;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.AllKeysAsOf;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PushMode;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.ObjectDiff;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryDiff;
import dev.larder.core.registry.RegistryEntry;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.Transition;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.time.IsoTimes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A feature repository opened for use: its configuration, its registry, its offline engine and its
 * online store, each chosen by {@code feature_store.yaml}. Definitions are applied from the
 * repository's files; retrieval resolves features against the registry (so it sees what was
 * applied, with every version), never against the files directly.
 *
 * <pre>{@code
 * try (FeatureStore store = FeatureStore.open(Path.of("feature_repo"))) {
 *   store.apply();
 *   TrainingFrame frame = store.getHistoricalFeatures(entityRows,
 *       FeatureSelection.of("classification_features:feature_0"), RetrievalOptions.DEFAULT);
 *   store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
 *   OnlineFeatures online = store.getOnlineFeatures(
 *       FeatureSelection.of("classification_features:feature_0"),
 *       Map.of("sample_index", List.of(1L, 2L)));
 * }
 * }</pre>
 *
 * <p><b>Access control.</b> A store acts as a {@link Principal}: the local user ({@code
 * LARDER_USER}, {@code LARDER_ROLES}) for {@link #open(Path)}, another one for a view made by
 * {@link #as(Principal)} (the feature server makes one per request from the API key). This class is
 * the one place where the registry's permissions are enforced, for the Java API, the CLI and the
 * server alike: apply (create, update, delete per object, judged by the permissions in the registry
 * before the apply), describe and list (filtered), historical retrieval ({@code read_offline}),
 * online reads ({@code read_online}), materialization and pushes ({@code write_online}, {@code
 * write_offline}); see {@link AccessChecks}. A denial is a {@link PermissionDeniedException}. With
 * no permission defined everything is allowed. Every apply, materialization, push, write to the
 * online store and denial is appended to the audit log.
 *
 * <p>{@link #registry()}, {@link #snapshot()}, {@link #online()} and {@link #offline()} give the
 * backends themselves, unchecked, for wiring and tests; user-facing code goes through the checked
 * methods.
 *
 * <p>Online reads and pushes see the registry as of at most the registry's {@code
 * cache_ttl_seconds} ago ({@link RepoConfig#registryCacheTtl()}, by default {@link
 * #SNAPSHOT_MAX_AGE}; at once after this instance's own apply or materialization), so a
 * long-running server picks up another process's {@code apply} within that time. A registry store
 * that tells of commits ({@link dev.larder.core.registry.RegistryChangeNotices}: PostgreSQL's)
 * replaces that asking: the snapshot follows each commit as its notice arrives, and is checked
 * every {@code cache_ttl_seconds} only while the notices are down. They may run on many threads at
 * once; offline work runs one request at a time.
 */
public final class FeatureStore implements AutoCloseable {
  /**
   * How stale the registry snapshot of online reads and pushes may be, when the registry store
   * sends no change notices and {@code feature_store.yaml} sets no {@code cache_ttl_seconds}.
   */
  public static final Duration SNAPSHOT_MAX_AGE = RepoConfig.DEFAULT_REGISTRY_CACHE_TTL;

  private final RepoBackends backends;
  private final Principal principal;
  private final Registry registry;
  private final AuditTrail audit;
  private final AccessGuard guard;
  private final boolean owner;

  private FeatureStore(RepoBackends backends, Principal principal, boolean owner) {
    this.backends = backends;
    this.principal = Objects.requireNonNull(principal, "principal");
    this.registry = backends.registry.actingAs(principal.actor());
    this.audit = new AuditTrail(backends.registry, Clock.systemUTC());
    this.guard = new AccessGuard(principal, backends.policies, audit);
    this.owner = owner;
  }

  /**
   * Opens the repository at {@code repo} (its {@code feature_store.yaml} must exist), acting as the
   * local user ({@link Principal#local()}).
   */
  public static FeatureStore open(Path repo) {
    return open(repo, Principal.local());
  }

  /** Opens the repository at {@code repo}, acting as {@code principal}. */
  public static FeatureStore open(Path repo, Principal principal) {
    return new FeatureStore(new RepoBackends(RepoConfig.load(repo)), principal, true);
  }

  /**
   * A view of this store that acts as {@code principal}: the same backends and caches, its own
   * permission checks and audit entries. Cheap (the server makes one per request). Closing a view
   * does nothing; the store it came from owns the backends.
   */
  public FeatureStore as(Principal principal) {
    return new FeatureStore(backends, principal, false);
  }

  /** Who this store acts as. */
  public Principal principal() {
    return principal;
  }

  public Path repoPath() {
    return backends.config.repoPath();
  }

  public RepoConfig config() {
    return backends.config;
  }

  /** The registry itself, unchecked. */
  public Registry registry() {
    return backends.registry;
  }

  /** The definitions in the repository's files, loaded and checked. */
  public RepoDefinitions definitionsFromFiles() {
    return DefinitionLoader.load(backends.config.repoPath());
  }

  /** What {@link #apply()} would change. */
  public RegistryDiff plan() {
    return backends.registry.plan(definitionsFromFiles());
  }

  /** Applies the repository's definitions to the registry, refusing breaking changes. */
  public ApplyResult apply() {
    return apply(ApplyOptions.DEFAULT);
  }

  /**
   * Applies the repository's definitions to the registry, if the permissions in the registry before
   * this apply allow each creation, update and deletion (so an apply that changes the permissions
   * is judged by the old ones). A breaking change ({@link dev.larder.core.registry.ChangeImpact})
   * needs {@link ApplyOptions#ALLOW_BREAKING}, else this throws a {@link BreakingChangeException}
   * and writes nothing. Applied, it deletes the online rows of the views it breaks or deletes
   * ({@link ApplyResult#breakingViews()}, {@link ApplyResult#deletedViews()}) just before the
   * registry commit, so the store never serves rows of an old definition as the new one;
   * materialize them again afterwards.
   */
  public ApplyResult apply(ApplyOptions options) {
    List<String> touched = new ArrayList<>();
    RegistrySnapshot[] base = new RegistrySnapshot[1];
    try {
      return audit.run(
          principal,
          "apply",
          () -> touched,
          () -> {
            RepoDefinitions next = definitionsFromFiles();
            return registry.apply(
                next,
                options,
                (read, diff) -> {
                  base[0] = read;
                  touched.addAll(changed(diff));
                  guard.require(read.definitions(), "apply", AccessChecks.apply(diff));
                  checkOnlineViews(next);
                },
                diff -> deleteStaleOnlineRows(base[0], diff));
          },
          result ->
              new Done(
                  changed(result.diff()),
                  result.committed()
                      ? "revision " + result.revision() + ": " + counts(result.diff())
                      : "no changes"));
    } finally {
      backends.cachedSnapshot.invalidate();
    }
  }

  /** Lets the online store refuse an online view it cannot hold, before anything is written. */
  private void checkOnlineViews(RepoDefinitions definitions) {
    DefinitionLookup lookup = DefinitionLookup.of(definitions);
    OnlineStore store = null;
    for (FeatureView view : definitions.featureViews()) {
      if (view.online()) {
        store = store == null ? online() : store;
        store.checkView(OnlineViewSchema.of(ViewPlan.allFeatures(view, lookup)));
      }
    }
  }

  /**
   * Deletes the online rows of the views {@code diff} breaks or deletes, each described to the
   * store as {@code base} (the registry the apply read) defines it, since that is how its rows were
   * written.
   */
  private void deleteStaleOnlineRows(RegistrySnapshot base, RegistryDiff diff) {
    List<String> views = new ArrayList<>(diff.breakingViews());
    views.addAll(diff.deletedViews());
    if (!views.isEmpty()) {
      OnlineStore store = online();
      RegistryLookup lookup = new RegistryLookup(base);
      for (String name : views) {
        FeatureView view = base.definitions().requireFeatureView(name);
        store.deleteView(OnlineViewSchema.of(ViewPlan.allFeatures(view, lookup)));
      }
    }
  }

  /** The registry as last applied, unchecked; an error naming {@code larder apply} before it. */
  public RegistrySnapshot snapshot() {
    return backends.registry.snapshot();
  }

  /**
   * Records a training run in the registry (lineage): an append next to the registry's snapshots,
   * which never conflicts with an apply or a materialization running at the same time. The run's
   * reads were checked when it retrieved its data ({@code read_offline}).
   *
   * @return the run as recorded (a taken id gets {@code -2}, {@code -3}, … appended)
   */
  public RecordedRun recordRun(RecordedRun run) {
    return backends.registry.recordRun(run);
  }

  /**
   * The recorded training runs this principal may see (needs {@code describe} on every feature view
   * a run read), oldest first.
   */
  public List<RecordedRun> runs() {
    Visibility visible = visibility(backends.registry.snapshotOrEmpty().definitions());
    return backends.registry.runs().stream().filter(visible::sees).toList();
  }

  /**
   * The recorded training run {@code id}; a not-found error with the closest id if none, a
   * permission error unless this principal may describe every feature view it read.
   */
  public RecordedRun run(String id) {
    RecordedRun run = backends.registry.run(id);
    requireDescribe(run);
    return run;
  }

  /**
   * The lineage of {@code name} (see {@link ProjectLineage}): the data source, feature view (every
   * version), feature service or training run of that name, with everything upstream (what it was
   * made from) and downstream (what was made from it), down to the models in run folders. Needs
   * {@code describe} on every data source, feature view and feature service the graph shows that
   * the registry still defines, and on the views of every run it shows.
   *
   * @param kind which kind of thing {@code name} names, or {@code null} for whichever has it (two
   *     kinds with the name is an error asking for the kind)
   */
  public LineageGraph lineage(String name, NodeKind kind) {
    List<RecordedRun> runs = backends.registry.runs();
    LineageGraph graph = ProjectLineage.of(backends.registry.snapshot(), runs).graph(name, kind);
    RepoDefinitions definitions = backends.registry.snapshot().definitions();
    for (LineageNode node : graph.nodes()) {
      DefinitionKind definitionKind =
          switch (node.kind()) {
            case SOURCE -> DefinitionKind.DATA_SOURCE;
            case VIEW -> DefinitionKind.FEATURE_VIEW;
            case SERVICE -> DefinitionKind.FEATURE_SERVICE;
            case RUN, MODEL -> null;
          };
      if (definitionKind != null && definitions.find(definitionKind, node.name()).isPresent()) {
        requireDescribe(definitionKind, node.name());
      }
    }
    for (RecordedRun run : runs) {
      if (graph.byId().containsKey("run:" + run.id())) {
        requireDescribe(run);
      }
    }
    return graph;
  }

  private void requireDescribe(RecordedRun run) {
    run.inputs().features().stream()
        .map(ResolvedFeature::view)
        .distinct()
        .forEach(v -> requireDescribe(DefinitionKind.FEATURE_VIEW, v));
  }

  /**
   * Deletes every online row of the project and forgets the registry's materialization intervals,
   * so that the next {@code materialize-incremental} fills the store afresh. The definitions, their
   * versions and the revision history stay. Local administration, like {@code larder auth}: not
   * governed by permissions, but audited.
   *
   * @return how many materialization intervals were forgotten
   */
  public int teardown() {
    try {
      return audit.run(
          principal,
          "teardown",
          List::of,
          () -> {
            online().deleteProject();
            return registry.forgetMaterializations();
          },
          forgotten ->
              new Done(
                  List.of(),
                  "online rows deleted, " + Plural.of(forgotten, "interval") + " forgotten"));
    } finally {
      backends.cachedSnapshot.invalidate();
    }
  }

  /**
   * The registry as of at most {@link #SNAPSHOT_MAX_AGE} ago (at once after this store's own apply
   * or materialization), as online reads see it, unchecked: cheaper than {@link #snapshot()} for
   * callers that read it often.
   */
  public RegistrySnapshot recentSnapshot() {
    return backends.cachedSnapshot.get();
  }

  /** Resolves {@code selection} against the registry into the views and columns to join. */
  public RetrievalPlan resolve(FeatureSelection selection, boolean fullFeatureNames) {
    return resolve(backends.registry.snapshot(), selection, fullFeatureNames);
  }

  private static RetrievalPlan resolve(
      RegistrySnapshot snapshot, FeatureSelection selection, boolean fullFeatureNames) {
    RegistryLookup lookup = new RegistryLookup(snapshot);
    if (selection.serviceName() != null) {
      FeatureService service =
          snapshot.definitions().requireFeatureService(selection.serviceName());
      return RetrievalPlan.forService(service, lookup, fullFeatureNames);
    }
    List<FeatureReference> references =
        selection.references().stream().map(FeatureReference::parse).toList();
    return RetrievalPlan.forReferences(references, lookup, fullFeatureNames);
  }

  /** Point-in-time retrieval into Java (DESIGN B5); needs {@code read_offline}. */
  public TrainingFrame getHistoricalFeatures(
      EntityRows entityRows, FeatureSelection selection, RetrievalOptions options) {
    return offline().getHistoricalFeatures(historical(entityRows, selection, options));
  }

  /**
   * Point-in-time retrieval into a {@code .csv} or {@code .parquet} file (DESIGN B2); needs {@code
   * read_offline}.
   */
  public RetrievalSummary writeHistoricalFeatures(
      EntityRows entityRows, FeatureSelection selection, RetrievalOptions options, Path output) {
    return offline().writeHistoricalFeatures(historical(entityRows, selection, options), output);
  }

  private HistoricalRequest historical(
      EntityRows entityRows, FeatureSelection selection, RetrievalOptions options) {
    RegistrySnapshot snapshot = backends.registry.snapshot();
    RepoDefinitions definitions = snapshot.definitions();
    if (guard.enforced(definitions)) {
      guard.require(
          definitions,
          "get-historical-features",
          AccessChecks.selection(definitions, selection, AccessAction.READ_OFFLINE));
    }
    return new HistoricalRequest(
        entityRows,
        resolve(snapshot, selection, options.fullFeatureNames()),
        options.filterByCreatedTimestamp());
  }

  /**
   * The latest row per key of one view in a time range, from the offline engine (as training data
   * reads it); needs {@code read_offline} on the view, judged by the registry as online reads see
   * it (at most {@link #SNAPSHOT_MAX_AGE} old).
   */
  public LatestRows pullLatest(LatestRequest request) {
    RepoDefinitions definitions = backends.cachedSnapshot.get().definitions();
    guard.require(
        definitions,
        "read-offline",
        AccessChecks.on(
            definitions,
            DefinitionKind.FEATURE_VIEW,
            request.view().view().name(),
            AccessAction.READ_OFFLINE));
    return offline().pullLatest(request);
  }

  /**
   * Every key of one view at one time (the guide's training data for all samples): what {@link
   * #getHistoricalFeatures} gives for entity rows holding each key of the view's source once, in
   * ascending order, all at {@code asOf} ({@link AllKeysAsOf}); through the engine's faster path
   * when it has one. Needs {@code read_offline} on the view, judged as {@link #pullLatest} judges
   * it.
   */
  public TrainingFrame getHistoricalFeaturesForAllKeys(ViewPlan view, Instant asOf) {
    RepoDefinitions definitions = backends.cachedSnapshot.get().definitions();
    guard.require(
        definitions,
        "read-offline",
        AccessChecks.on(
            definitions,
            DefinitionKind.FEATURE_VIEW,
            view.view().name(),
            AccessAction.READ_OFFLINE));
    OfflineEngine engine = offline();
    return engine
        .capability(AllKeysAsOf.class)
        .map(fast -> fast.getHistoricalFeaturesForAllKeys(view, asOf))
        .orElseGet(() -> AllKeysAsOf.byJoin(engine, view, asOf));
  }

  /**
   * Copies the latest values with event times in [{@code start}, {@code end}] of {@code views}
   * (every online view when {@code null}) into the online store and records the interval (DESIGN
   * B6); see {@link Materializer}. Needs {@code write_online} on each view.
   */
  public List<ViewMaterialization> materialize(
      Instant start, Instant end, List<String> views, MaterializeProgress progress) {
    IsoTimes.checkRange("the start of the interval", start);
    IsoTimes.checkRange("the end of the interval", end);
    return materializing(
        "materialize", views, () -> materializer().materialize(start, end, views, progress));
  }

  /** {@link #materialize(Instant, Instant, List, MaterializeProgress)} of every online view. */
  public List<ViewMaterialization> materialize(Instant start, Instant end) {
    return materialize(start, end, null, MaterializeProgress.NONE);
  }

  /**
   * Materializes {@code views} (every online view when {@code null}) from where each last ended
   * (or, never materialized, from {@code end - ttl}, or the beginning of the data without a ttl) to
   * {@code end}. Needs {@code write_online} on each view.
   */
  public List<ViewMaterialization> materializeIncremental(
      Instant end, List<String> views, MaterializeProgress progress) {
    IsoTimes.checkRange("the end of the interval", end);
    return materializing(
        "materialize-incremental",
        views,
        () -> materializer().materializeIncremental(end, views, progress));
  }

  /**
   * The materializer of this repository's backends: the engine's workers write the rows when it
   * offers that for the online store ({@link dev.larder.core.offline.DistributedMaterialization}).
   */
  private Materializer materializer() {
    return new Materializer(
        registry,
        this::offline,
        this::online,
        OnlineStoreSection.of(backends.config),
        Materializer.DEFAULT_BATCH_SIZE);
  }

  private List<ViewMaterialization> materializing(
      String action, List<String> views, Supplier<List<ViewMaterialization>> work) {
    Materializer.checkNames(views);
    try {
      return audit.run(
          principal,
          action,
          () -> views == null ? List.of() : keys(DefinitionKind.FEATURE_VIEW, views),
          () -> {
            RepoDefinitions definitions = backends.registry.snapshot().definitions();
            guard.require(definitions, action, AccessChecks.materialize(definitions, views));
            return work.get();
          },
          done ->
              new Done(
                  keys(
                      DefinitionKind.FEATURE_VIEW,
                      done.stream().map(ViewMaterialization::view).toList()),
                  String.join(
                      "; ",
                      done.stream()
                          .map(
                              m ->
                                  m.view()
                                      + ": "
                                      + Plural.of(m.rows(), "row")
                                      + " from "
                                      + IsoTimes.format(m.start())
                                      + " to "
                                      + IsoTimes.format(m.end()))
                          .toList())));
    } finally {
      backends.cachedSnapshot.invalidate();
    }
  }

  /**
   * Reads {@code selection} from the online store for the entity rows given column-wise (join key →
   * one value per row; the map's iteration order is the output order of the entity columns). See
   * {@link dev.larder.core.online.OnlineReader#read} for the result's shape and the errors. Needs
   * {@code read_online} on the feature service, or on each view referred to.
   */
  public OnlineFeatures getOnlineFeatures(
      FeatureSelection selection,
      Map<String, ? extends List<?>> entities,
      boolean fullFeatureNames) {
    return getOnlineFeatures(selection, entities, fullFeatureNames, Long.MAX_VALUE);
  }

  /**
   * {@link #getOnlineFeatures(FeatureSelection, Map, boolean)} of at most {@code maxValues} values
   * (entity rows × features), as the feature server bounds one request ({@code
   * feature_server.max_request_values}).
   *
   * @throws TooLargeException when the read asks for more, before anything is read
   */
  public OnlineFeatures getOnlineFeatures(
      FeatureSelection selection,
      Map<String, ? extends List<?>> entities,
      boolean fullFeatureNames,
      long maxValues) {
    RepoDefinitions definitions = backends.cachedSnapshot.get().definitions();
    if (guard.enforced(definitions)) {
      guard.require(
          definitions,
          "get-online-features",
          AccessChecks.selection(definitions, selection, AccessAction.READ_ONLINE));
    }
    return backends.reader().read(selection, entities, fullFeatureNames, maxValues);
  }

  /** {@link #getOnlineFeatures(FeatureSelection, Map, boolean)} with plain feature names. */
  public OnlineFeatures getOnlineFeatures(
      FeatureSelection selection, Map<String, ? extends List<?>> entities) {
    return getOnlineFeatures(selection, entities, false);
  }

  /**
   * Pushes rows (column → one value per row) through the push source {@code pushSourceName} to the
   * online store, its batch source, or both (DESIGN B4, B7 {@code /push}); every value is checked
   * before anything is written. Needs {@code write_online} and/or {@code write_offline} (by {@code
   * to}) on each view the source feeds.
   *
   * @return the number of rows pushed
   */
  public int push(String pushSourceName, Map<String, ? extends List<?>> columns, PushMode to) {
    List<String> source = List.of(DefinitionKind.DATA_SOURCE.spelling() + ":" + pushSourceName);
    return audit.run(
        principal,
        "push",
        () -> source,
        () -> {
          RepoDefinitions definitions = backends.cachedSnapshot.get().definitions();
          guard.require(definitions, "push", AccessChecks.push(definitions, pushSourceName, to));
          return backends.pushWriter().push(pushSourceName, columns, to);
        },
        rows -> new Done(source, Plural.of(rows, "row") + " to " + to.spelling()));
  }

  /**
   * Writes rows (column → one value per row) into the online rows of feature view {@code viewName}
   * (B7 {@code /write-to-online-store}); needs {@code write_online} on the view.
   *
   * @return the number of rows written
   */
  public int writeToOnlineStore(String viewName, Map<String, ? extends List<?>> columns) {
    List<String> view = keys(DefinitionKind.FEATURE_VIEW, List.of(viewName));
    return audit.run(
        principal,
        "write-to-online-store",
        () -> view,
        () -> {
          RepoDefinitions definitions = backends.cachedSnapshot.get().definitions();
          guard.require(
              definitions,
              "write-to-online-store",
              AccessChecks.on(
                  definitions, DefinitionKind.FEATURE_VIEW, viewName, AccessAction.WRITE_ONLINE));
          return backends.pushWriter().writeToOnlineStore(viewName, columns);
        },
        rows -> new Done(view, Plural.of(rows, "row")));
  }

  /** The applied objects of {@code kind} that this principal may describe, in file order. */
  public List<RegistryEntry> list(DefinitionKind kind) {
    RegistrySnapshot snapshot = backends.registry.snapshot();
    Visibility visible = visibility(snapshot.definitions());
    List<RegistryEntry> out = new ArrayList<>();
    for (Definition d : snapshot.definitions().all()) {
      if (d.kind() == kind && visible.sees(d)) {
        out.add(RegistryEntry.of(snapshot, d));
      }
    }
    return out;
  }

  /**
   * What this principal may see of {@code definitions} (a registry snapshot's): the rule of {@code
   * describe} that {@link #list}, {@link #runs} and {@link #registryDump} filter by, for callers
   * that filter a snapshot they hold (the web UI).
   */
  public Visibility visibility(RepoDefinitions definitions) {
    return new Visibility(guard, definitions);
  }

  /**
   * Whether {@link #list} hides some applied object of {@code kind} from this principal (one it may
   * not describe), so that a listing can say that it is not the whole registry.
   */
  public boolean hidesSome(DefinitionKind kind) {
    RepoDefinitions definitions = backends.registry.snapshot().definitions();
    Visibility visible = visibility(definitions);
    return !visible.unrestricted()
        && definitions.all().stream().anyMatch(d -> d.kind() == kind && !visible.sees(d));
  }

  /** Whether {@link #runs} hides some recorded run from this principal. */
  public boolean hidesSomeRuns() {
    Visibility visible = visibility(backends.registry.snapshotOrEmpty().definitions());
    return backends.registry.runs().stream().anyMatch(r -> !visible.sees(r));
  }

  /**
   * The applied object of {@code kind} called {@code name}; needs {@code describe} on it. A name
   * that is not applied is a not-found error suggesting only names this principal may describe.
   */
  public RegistryEntry describe(DefinitionKind kind, String name) {
    RegistrySnapshot snapshot = backends.registry.snapshot();
    RepoDefinitions definitions = snapshot.definitions();
    guard.require(
        definitions, "describe", AccessChecks.on(definitions, kind, name, AccessAction.DESCRIBE));
    Definition d =
        definitions
            .find(kind, name)
            .orElseThrow(
                () -> {
                  List<String> visible =
                      list(kind).stream().map(e -> e.definition().name()).toList();
                  return new NotFoundException(
                      Definition.label(kind, name)
                          + " is not defined"
                          + DidYouMean.suffix(name, visible),
                      "Defined "
                          + kind.section().replace('_', ' ')
                          + ": "
                          + Names.listing(visible));
                });
    return RegistryEntry.of(snapshot, d);
  }

  /**
   * Whether this principal may describe the object of {@code kind} called {@code name} (for
   * filtering what lineage and run listings show). Always true before the first apply.
   */
  public boolean canDescribe(DefinitionKind kind, String name) {
    return visibility(backends.registry.snapshotOrEmpty().definitions()).sees(kind, name);
  }

  /**
   * Throws a {@link PermissionDeniedException} (and audits it) unless this principal may describe
   * the object of {@code kind} called {@code name}: the check of {@code lineage} and {@code runs}.
   */
  public void requireDescribe(DefinitionKind kind, String name) {
    RepoDefinitions definitions = backends.registry.snapshotOrEmpty().definitions();
    guard.require(
        definitions, "describe", AccessChecks.on(definitions, kind, name, AccessAction.DESCRIBE));
  }

  /** The registry as JSON ({@code registry-dump}), with only the objects this principal may see. */
  public String registryDump() {
    Visibility visible = visibility(backends.registry.snapshot().definitions());
    return backends.registry.dumpJson(visible::sees);
  }

  /** The versions of feature view {@code view}, oldest first; needs {@code describe} on it. */
  public List<FeatureViewVersion> versions(String view) {
    requireDescribe(DefinitionKind.FEATURE_VIEW, view);
    return backends.registry.versions(view);
  }

  /**
   * The audit log from {@code since} ({@code null}: all of it), oldest first. Reading it is local
   * administration (whoever can read the repository's files), not governed by permissions.
   */
  public List<AuditEntry> audit(Instant since) {
    return backends.registry.audit(since);
  }

  /**
   * Runs {@code work}, an action of this principal outside the store's own (an API key change by
   * {@code larder auth}), and appends its audit entry: ok with {@code detail} of its result, or
   * failed with the error.
   */
  public <T> T audited(
      String action, List<String> objects, Supplier<T> work, Function<T, String> detail) {
    return audit.run(
        principal, action, () -> objects, work, r -> new Done(objects, detail.apply(r)));
  }

  /** Appends an audit entry for an action of this principal. */
  public void recordAudit(
      String action, List<String> objects, AuditOutcome outcome, String detail) {
    audit.record(principal, action, objects, outcome, detail);
  }

  /** The online store itself, unchecked; opened on first use. */
  public OnlineStore online() {
    return backends.online();
  }

  /** The offline engine itself, unchecked; opened on first use. */
  public OfflineEngine offline() {
    return backends.offline();
  }

  /** Closes the backends; does nothing for a view made by {@link #as(Principal)}. */
  @Override
  public void close() {
    if (owner) {
      backends.close();
    }
  }

  private static List<String> changed(RegistryDiff diff) {
    List<String> out = new ArrayList<>();
    for (ObjectDiff o : diff.objects()) {
      if (o.transition() != Transition.UNCHANGED) {
        out.add(o.kind().spelling() + ":" + o.name());
      }
    }
    return out;
  }

  private static String counts(RegistryDiff diff) {
    return diff.with(Transition.CREATE).size()
        + " created, "
        + diff.with(Transition.UPDATE).size()
        + " updated, "
        + diff.with(Transition.DELETE).size()
        + " deleted";
  }

  private static List<String> keys(DefinitionKind kind, List<String> names) {
    return names.stream().map(n -> kind.spelling() + ":" + n).toList();
  }
}
