package dev.larder.core;

import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryDiff;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A feature repository opened for use: its configuration, its registry and its offline engine, each
 * chosen by {@code feature_store.yaml}. Definitions are applied from the repository's files;
 * retrieval resolves features against the registry (so it sees what was applied, with every
 * version), never against the files directly.
 *
 * <pre>{@code
 * try (FeatureStore store = FeatureStore.open(Path.of("feature_repo"))) {
 *   store.apply();
 *   TrainingFrame frame = store.getHistoricalFeatures(entityRows,
 *       FeatureSelection.of("classification_features:feature_0"), RetrievalOptions.DEFAULT);
 * }
 * }</pre>
 */
public final class FeatureStore implements AutoCloseable {
  private final RepoConfig config;
  private final Registry registry;
  private OfflineEngine offline;

  private FeatureStore(RepoConfig config) {
    this.config = config;
    this.registry = Registry.open(config);
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

  /** Applies the repository's definitions to the registry. */
  public ApplyResult apply() {
    return registry.apply(definitionsFromFiles());
  }

  /** The registry as last applied; an error naming {@code larder apply} before the first apply. */
  public RegistrySnapshot snapshot() {
    return registry.snapshot();
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
      registry.close();
    }
  }
}
