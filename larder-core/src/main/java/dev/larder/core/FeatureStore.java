package dev.larder.core;

import dev.larder.core.lineage.LineageGraph;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.lineage.ProjectLineage;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.online.CachedSnapshot;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineReader;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.PushMode;
import dev.larder.core.online.PushWriter;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryDiff;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * <p>Online reads and pushes see the registry as of at most {@link #SNAPSHOT_MAX_AGE} ago (at once
 * after this instance's own apply or materialization), so a long-running server picks up another
 * process's {@code apply} within that time. They may run on many threads at once; offline work runs
 * one request at a time.
 */
public final class FeatureStore implements AutoCloseable {
  /** How stale the registry snapshot of online reads and pushes may be. */
  public static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(2);

  private final RepoConfig config;
  private final Registry registry;
  private final CachedSnapshot cachedSnapshot;
  private final Object onlineLock = new Object();
  private OfflineEngine offline;
  private volatile OnlineStore online;
  private volatile OnlineReader reader;
  private volatile PushWriter pushWriter;

  private FeatureStore(RepoConfig config) {
    this.config = config;
    this.registry = Registry.open(config);
    this.cachedSnapshot =
        new CachedSnapshot(registry::snapshot, SNAPSHOT_MAX_AGE, System::nanoTime);
  }

  /** Opens the repository at {@code repo} (its {@code feature_store.yaml} must exist). */
  public static FeatureStore open(Path repo) {
    return new FeatureStore(RepoConfig.load(repo));
  }

  public Path repoPath() {
    return config.repoPath();
  }

  public RepoConfig config() {
    return config;
  }

  public Registry registry() {
    return registry;
  }

  /** The definitions in the repository's files, loaded and checked. */
  public RepoDefinitions definitionsFromFiles() {
    return DefinitionLoader.load(config.repoPath());
  }

  /** What {@link #apply()} would change. */
  public RegistryDiff plan() {
    return registry.plan(definitionsFromFiles());
  }

  /** Applies the repository's definitions to the registry, refusing breaking changes. */
  public ApplyResult apply() {
    return apply(ApplyOptions.DEFAULT);
  }

  /**
   * Applies the repository's definitions to the registry. A breaking change ({@link
   * dev.larder.core.registry.ChangeImpact}) needs {@link ApplyOptions#ALLOW_BREAKING}, else this
   * throws a {@link BreakingChangeException} and writes nothing. Applied, it deletes the online
   * rows of the views it breaks or deletes ({@link ApplyResult#breakingViews()}, {@link
   * ApplyResult#deletedViews()}) just before the registry commit, so the store never serves rows of
   * an old definition as the new one; materialize them again afterwards.
   */
  public ApplyResult apply(ApplyOptions options) {
    try {
      return registry.apply(definitionsFromFiles(), options, this::deleteStaleOnlineRows);
    } finally {
      cachedSnapshot.invalidate();
    }
  }

  private void deleteStaleOnlineRows(RegistryDiff diff) {
    List<String> views = new ArrayList<>(diff.breakingViews());
    views.addAll(diff.deletedViews());
    if (!views.isEmpty()) {
      OnlineStore store = online();
      views.forEach(store::deleteView);
    }
  }

  /** The registry as last applied; an error naming {@code larder apply} before the first apply. */
  public RegistrySnapshot snapshot() {
    return registry.snapshot();
  }

  /**
   * Records a training run in the registry (lineage): an append next to the registry's snapshots,
   * which never conflicts with an apply or a materialization running at the same time.
   *
   * @return the run as recorded (a taken id gets {@code -2}, {@code -3}, … appended)
   */
  public RecordedRun recordRun(RecordedRun run) {
    return registry.recordRun(run);
  }

  /** The recorded training runs, oldest first. */
  public List<RecordedRun> runs() {
    return registry.runs();
  }

  /** The recorded training run {@code id}; a not-found error with the closest id if none. */
  public RecordedRun run(String id) {
    return registry.run(id);
  }

  /**
   * The lineage of {@code name} (see {@link ProjectLineage}): the data source, feature view (every
   * version), feature service or training run of that name, with everything upstream (what it was
   * made from) and downstream (what was made from it), down to the models in run folders.
   *
   * @param kind which kind of thing {@code name} names, or {@code null} for whichever has it (two
   *     kinds with the name is an error asking for the kind)
   */
  public LineageGraph lineage(String name, NodeKind kind) {
    return ProjectLineage.of(registry.snapshot(), registry.runs()).graph(name, kind);
  }

  /** Resolves {@code selection} against the registry into the views and columns to join. */
  public RetrievalPlan resolve(FeatureSelection selection, boolean fullFeatureNames) {
    RegistrySnapshot snapshot = registry.snapshot();
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

  /** Point-in-time retrieval into Java (DESIGN B5). */
  public TrainingFrame getHistoricalFeatures(
      EntityRows entityRows, FeatureSelection selection, RetrievalOptions options) {
    return offline()
        .getHistoricalFeatures(
            new HistoricalRequest(
                entityRows,
                resolve(selection, options.fullFeatureNames()),
                options.filterByCreatedTimestamp()));
  }

  /** Point-in-time retrieval into a {@code .csv} or {@code .parquet} file (DESIGN B2). */
  public RetrievalSummary writeHistoricalFeatures(
      EntityRows entityRows, FeatureSelection selection, RetrievalOptions options, Path output) {
    return offline()
        .writeHistoricalFeatures(
            new HistoricalRequest(
                entityRows,
                resolve(selection, options.fullFeatureNames()),
                options.filterByCreatedTimestamp()),
            output);
  }

  /**
   * Copies the latest values with event times in [{@code start}, {@code end}] of {@code views}
   * (every online view when {@code null}) into the online store and records the interval (DESIGN
   * B6); see {@link Materializer}.
   */
  public List<ViewMaterialization> materialize(
      Instant start, Instant end, List<String> views, MaterializeProgress progress) {
    try {
      return new Materializer(registry, offline(), online())
          .materialize(start, end, views, progress);
    } finally {
      cachedSnapshot.invalidate();
    }
  }

  /** {@link #materialize(Instant, Instant, List, MaterializeProgress)} of every online view. */
  public List<ViewMaterialization> materialize(Instant start, Instant end) {
    return materialize(start, end, null, MaterializeProgress.NONE);
  }

  /**
   * Materializes {@code views} (every online view when {@code null}) from where each last ended
   * (or, never materialized, from {@code end - ttl}, or the beginning of the data without a ttl) to
   * {@code end}.
   */
  public List<ViewMaterialization> materializeIncremental(
      Instant end, List<String> views, MaterializeProgress progress) {
    try {
      return new Materializer(registry, offline(), online())
          .materializeIncremental(end, views, progress);
    } finally {
      cachedSnapshot.invalidate();
    }
  }

  /**
   * Reads {@code selection} from the online store for the entity rows given column-wise (join key →
   * one value per row; the map's iteration order is the output order of the entity columns). See
   * {@link OnlineReader#read} for the result's shape and the errors.
   */
  public OnlineFeatures getOnlineFeatures(
      FeatureSelection selection,
      Map<String, ? extends List<?>> entities,
      boolean fullFeatureNames) {
    return reader().read(selection, entities, fullFeatureNames);
  }

  /** {@link #getOnlineFeatures(FeatureSelection, Map, boolean)} with plain feature names. */
  public OnlineFeatures getOnlineFeatures(
      FeatureSelection selection, Map<String, ? extends List<?>> entities) {
    return getOnlineFeatures(selection, entities, false);
  }

  /**
   * Pushes rows (column → one value per row) through the push source {@code pushSourceName} to the
   * online store, its batch source, or both (DESIGN B4, B7 {@code /push}); every value is checked
   * before anything is written.
   *
   * @return the number of rows pushed
   */
  public int push(String pushSourceName, Map<String, ? extends List<?>> columns, PushMode to) {
    return pushWriter().push(pushSourceName, columns, to);
  }

  /**
   * Writes rows (column → one value per row) into the online rows of feature view {@code viewName}
   * (B7 {@code /write-to-online-store}).
   *
   * @return the number of rows written
   */
  public int writeToOnlineStore(String viewName, Map<String, ? extends List<?>> columns) {
    return pushWriter().writeToOnlineStore(viewName, columns);
  }

  /**
   * Deletes every online row of the project and forgets the registry's materialization intervals,
   * so that the next {@code materialize-incremental} fills the store afresh. The definitions, their
   * versions and the revision history stay.
   *
   * @return how many materialization intervals were forgotten
   */
  public int teardown() {
    try {
      online().deleteProject();
      return registry.forgetMaterializations();
    } finally {
      cachedSnapshot.invalidate();
    }
  }

  /** The online store, opened on first use (which creates nothing until the first write). */
  public OnlineStore online() {
    OnlineStore store = online;
    if (store == null) {
      synchronized (onlineLock) {
        store = online;
        if (store == null) {
          store = OnlineStore.open(config);
          online = store;
        }
      }
    }
    return store;
  }

  private OnlineReader reader() {
    OnlineReader r = reader;
    if (r == null) {
      OnlineStore store = online();
      synchronized (onlineLock) {
        r = reader;
        if (r == null) {
          r = new OnlineReader(cachedSnapshot, store, Clock.systemUTC());
          reader = r;
        }
      }
    }
    return r;
  }

  private PushWriter pushWriter() {
    PushWriter w = pushWriter;
    if (w == null) {
      OnlineStore store = online();
      synchronized (onlineLock) {
        w = pushWriter;
        if (w == null) {
          w = new PushWriter(cachedSnapshot, store, this::offline);
          pushWriter = w;
        }
      }
    }
    return w;
  }

  /** The offline engine, opened on first use. */
  public synchronized OfflineEngine offline() {
    if (offline == null) {
      offline = OfflineEngine.open(config);
    }
    return offline;
  }

  @Override
  public synchronized void close() {
    try {
      if (offline != null) {
        offline.close();
      }
    } finally {
      try {
        OnlineStore store = online;
        if (store != null) {
          store.close();
        }
      } finally {
        registry.close();
      }
    }
  }
}
