package dev.larder.ml.featurestore;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.model.FeatureView;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.EntityRowsHash;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.data.TrainingData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The guide's {@code FeastManager}: training data for the classification feature view, through a
 * feature repository — point-in-time correct, for all samples or chosen ones, as of now or an
 * earlier time.
 *
 * <pre>{@code
 * try (FeatureStoreTrainingData manager =
 *     FeatureStoreTrainingData.create(Path.of("feature_repo"), 20, true)) { // create_feast_manager
 *   TrainingData all = manager.getTrainingData(null, null);                 // get_training_data()
 *   TrainingData some = manager.getTrainingData(List.of(0L, 10L, 20L), Instant.parse("2025-11-01T00:00:00Z"));
 * }
 * }</pre>
 *
 * <p>Entity rows are the requested sample indices (in the given order) or every sample in the
 * source (ascending), each at the requested time. Rows with no feature row at that time are dropped
 * with a warning (DESIGN B5.8); when none remain, the error is the guide's "No matching entities
 * found", with the diagnostic. As of now, the result equals direct loading's {@code X} and {@code
 * y}.
 *
 * <p>The result carries its lineage ({@link TrainingData#featureStoreInputs()}): every feature with
 * the view version it was read from, the view's source, the as-of time, and the SHA-256 ({@link
 * EntityRowsHash}) and count of the entity rows asked about — {@code sample_index} and {@code
 * event_timestamp}, one row per requested sample, before rows without features are dropped.
 */
public final class FeatureStoreTrainingData implements AutoCloseable {
  private static final int SHOWN_DROPPED = 5;

  private final Path repoPath;
  private final int nFeatures;
  private final Consumer<String> warnings;
  private final Clock clock;
  private FeatureStore store;

  private FeatureStoreTrainingData(
      Path repoPath, int nFeatures, Consumer<String> warnings, Clock clock) {
    this.repoPath = repoPath;
    this.nFeatures = nFeatures;
    this.warnings = warnings;
    this.clock = clock;
  }

  /**
   * The guide's {@code create_feast_manager(repo_path, n_features, initialize)}: a manager for the
   * repository at {@code repoPath}; with {@code initialize}, {@link #initialize()} runs at once.
   */
  public static FeatureStoreTrainingData create(Path repoPath, int nFeatures, boolean initialize) {
    return create(repoPath, nFeatures, initialize, w -> {}, Clock.systemUTC());
  }

  /** As {@link #create(Path, int, boolean)}, sending warnings (dropped samples) to {@code sink}. */
  public static FeatureStoreTrainingData create(
      Path repoPath, int nFeatures, boolean initialize, Consumer<String> sink, Clock clock) {
    if (nFeatures < 1) {
      throw new InvalidArgumentException("n_features must be at least 1, got " + nFeatures);
    }
    FeatureStoreTrainingData manager =
        new FeatureStoreTrainingData(repoPath, nFeatures, sink, clock);
    if (initialize) {
      manager.initialize();
    }
    return manager;
  }

  /**
   * The number of features, the label aside, of the classification feature view applied in {@code
   * repoPath}; an error naming {@code larder apply} when nothing is applied there.
   */
  public static int appliedFeatureCount(Path repoPath) {
    try (FeatureStore fs = FeatureStore.open(repoPath)) {
      FeatureView view =
          fs.recentSnapshot()
              .definitions()
              .requireFeatureView(ClassificationRepoTemplate.FEATURE_VIEW);
      return (int)
          view.featureNames().stream()
              .filter(n -> !n.equals(ClassificationRepoTemplate.LABEL))
              .count();
    }
  }

  /** The guide's {@code initialize()}: apply the repository's definitions to its registry. */
  public ApplyResult initialize() {
    return store().apply();
  }

  /**
   * The guide's {@code get_training_data(sample_indices, timestamp)}.
   *
   * @param sampleIndices these samples in this order, or {@code null} for every sample in the
   *     source
   * @param timestamp as of this time, or {@code null} for now
   */
  public TrainingData getTrainingData(List<Long> sampleIndices, Instant timestamp) {
    Instant asOf = timestamp == null ? clock.instant() : timestamp;
    FeatureStore fs = store();
    RegistrySnapshot snapshot = fs.recentSnapshot();
    FeatureView view =
        snapshot.definitions().requireFeatureView(ClassificationRepoTemplate.FEATURE_VIEW);
    FeatureViewVersion version = snapshot.latestVersion(view.name()).orElseThrow();
    List<String> featureNames = featureNames(view);
    ViewPlan plan = ViewPlan.allFeatures(view, new RegistryLookup(snapshot));
    TrainingFrame frame;
    List<Long> keys;
    if (sampleIndices == null) {
      frame = fs.getHistoricalFeaturesForAllKeys(plan, asOf);
      keys = new ArrayList<>();
      FrameColumn column = frame.column(ClassificationRepoTemplate.JOIN_KEY);
      for (int i = 0; i < frame.rowCount(); i++) {
        keys.add(column.getLong(i));
      }
    } else {
      keys = List.copyOf(sampleIndices);
      frame = pointInTime(fs, view, keys, asOf);
    }

    List<FrameColumn> columns = new ArrayList<>();
    plan.features().forEach(f -> columns.add(frame.column(f.outputName())));
    int[] featureColumns = columnsOf(plan, featureNames);
    int label = columnsOf(plan, List.of(ClassificationRepoTemplate.LABEL))[0];
    BitSet matched = frame.matchedRows();
    List<Long> dropped = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!matched.get(i)) {
        dropped.add(keys.get(i));
      }
    }
    int kept = keys.size() - dropped.size();
    if (kept == 0) {
      throw noMatchingEntities(frame, view, keys, asOf);
    }
    if (!dropped.isEmpty()) {
      warnDropped(keys.size(), dropped, asOf);
    }
    double[][] x = new double[kept][];
    int[] y = new int[kept];
    long[] indices = new long[kept];
    int out = 0;
    for (int i = matched.nextSetBit(0); i >= 0 && i < keys.size(); i = matched.nextSetBit(i + 1)) {
      long key = keys.get(i);
      PickedRow row = PickedRow.of(columns, i);
      x[out] = row.features(featureColumns, key, featureNames);
      y[out] = row.label(label, key);
      indices[out] = key;
      out++;
    }
    return new TrainingData(
        x,
        y,
        featureNames,
        indices,
        "feature-store:" + repoPath + "#" + view.name() + " as of " + IsoTimes.format(asOf),
        Optional.of(inputs(version, keys, asOf)));
  }

  /**
   * The lineage of one retrieval: every feature of {@code version}, its source, the entity rows.
   */
  private static TrainingInputs inputs(FeatureViewVersion version, List<Long> keys, Instant asOf) {
    FeatureView view = version.definition().featureView();
    List<ResolvedFeature> features = new ArrayList<>();
    for (String name : view.featureNames()) {
      features.add(new ResolvedFeature(view.name(), version.number(), name));
    }
    EntityRows.Columns entityRows =
        EntityRows.forKeys(ClassificationRepoTemplate.JOIN_KEY, keys, asOf);
    return new TrainingInputs(
        features,
        List.of(view.source()),
        Optional.empty(),
        asOf,
        EntityRowsHash.sha256(entityRows),
        keys.size());
  }

  /**
   * The point-in-time join (DESIGN B5) of the given keys at one time {@code asOf}, by the offline
   * engine: one row per key in the given order, all of the view's features; rows that found no
   * feature row are unmatched, and the summary carries the no-match diagnostic. Every sample of the
   * source is asked for with {@link FeatureStore#getHistoricalFeaturesForAllKeys} instead, which an
   * engine may answer faster.
   */
  private static TrainingFrame pointInTime(
      FeatureStore fs, FeatureView view, List<Long> keys, Instant asOf) {
    List<String> refs = new ArrayList<>();
    view.featureNames().forEach(f -> refs.add(view.name() + ":" + f));
    return fs.getHistoricalFeatures(
        EntityRows.forKeys(ClassificationRepoTemplate.JOIN_KEY, keys, asOf),
        FeatureSelection.of(refs),
        RetrievalOptions.DEFAULT);
  }

  private static int[] columnsOf(ViewPlan plan, List<String> names) {
    int[] columns = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      columns[i] = -1;
      for (int j = 0; j < plan.features().size(); j++) {
        if (plan.features().get(j).name().equals(names.get(i))) {
          columns[i] = j;
        }
      }
      if (columns[i] < 0) {
        throw new InvalidArgumentException(
            "feature view '" + plan.view().name() + "' has no feature '" + names.get(i) + "'");
      }
    }
    return columns;
  }

  /** The guide's "No matching entities found", with the engine's diagnostic. */
  private static NotFoundException noMatchingEntities(
      TrainingFrame frame, FeatureView view, List<Long> keys, Instant asOf) {
    return new NotFoundException(
        "No matching entities found: none of the "
            + keys.size()
            + " samples has a row in feature view '"
            + view.name()
            + "' at or before "
            + IsoTimes.format(asOf),
        String.join("\n", frame.summary().warnings())
            + "\nRetrieve as of a later time (--as-of), or check the sample indices (--samples)");
  }

  /** The view's features except the label, in schema order; checks {@code n_features}. */
  private List<String> featureNames(FeatureView view) {
    List<String> names = new ArrayList<>(view.featureNames());
    names.remove(ClassificationRepoTemplate.LABEL);
    if (names.size() != nFeatures) {
      throw new InvalidArgumentException(
          "feature view '"
              + view.name()
              + "' in "
              + repoPath
              + " has "
              + names.size()
              + " features, but n_features is "
              + nFeatures,
          "Set n_features to " + names.size() + ", or recreate the repository (force_recreate)");
    }
    return names;
  }

  private void warnDropped(int requested, List<Long> dropped, Instant asOf) {
    String shown =
        dropped.stream()
            .limit(SHOWN_DROPPED)
            .map(String::valueOf)
            .collect(Collectors.joining(", "));
    warnings.accept(
        "dropped "
            + dropped.size()
            + " of "
            + requested
            + " samples with no feature row at or before "
            + IsoTimes.format(asOf)
            + " (sample_index "
            + shown
            + (dropped.size() > SHOWN_DROPPED ? ", …" : "")
            + ")");
  }

  private FeatureStore store() {
    if (store == null) {
      store = FeatureStore.open(repoPath);
      store.config().warnings().forEach(warnings);
    }
    return store;
  }

  /** The guide's {@code cleanup()}: releases the registry and the offline engine. */
  public void cleanup() {
    close();
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
