package dev.larder.ml.featurestore;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.model.FeatureView;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.data.TrainingData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
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
 */
public final class FeatureStoreTrainingData implements AutoCloseable {
  private static final int SHOWN_DROPPED = 5;
  private static final Instant ALL_TIME_START = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59Z");

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
    FeatureView view =
        fs.snapshot().definitions().requireFeatureView(ClassificationRepoTemplate.FEATURE_VIEW);
    List<String> featureNames = featureNames(view);
    List<Long> keys = sampleIndices != null ? List.copyOf(sampleIndices) : allSamples(fs);
    List<String> references = new ArrayList<>();
    featureNames.forEach(f -> references.add(view.name() + ":" + f));
    references.add(view.name() + ":" + ClassificationRepoTemplate.LABEL);
    TrainingFrame frame =
        fs.getHistoricalFeatures(
            EntityRows.forKeys(ClassificationRepoTemplate.JOIN_KEY, keys, asOf),
            FeatureSelection.of(references),
            RetrievalOptions.DEFAULT);
    BitSet matched = frame.matchedRows();
    if (matched.isEmpty()) {
      throw new NotFoundException(
          "No matching entities found: none of the "
              + keys.size()
              + " samples has a row in feature view '"
              + view.name()
              + "' at or before "
              + IsoTimes.format(asOf),
          String.join("\n", frame.summary().warnings())
              + "\nRetrieve as of a later time (--as-of), or check the sample indices (--samples)");
    }
    if (matched.cardinality() < keys.size()) {
      warnDropped(keys, matched, asOf);
      frame = frame.select(matched);
    }
    long[] indices = new long[frame.rowCount()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = frame.column(ClassificationRepoTemplate.JOIN_KEY).getLong(i);
    }
    return new TrainingData(
        frame.x(featureNames),
        frame.y(ClassificationRepoTemplate.LABEL),
        featureNames,
        indices,
        "feature-store:" + repoPath + "#" + view.name() + " as of " + IsoTimes.format(asOf));
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

  /** Every sample in the view's source, ascending. */
  private static List<Long> allSamples(FeatureStore fs) {
    RetrievalPlan plan =
        fs.resolve(
            FeatureSelection.of(
                ClassificationRepoTemplate.FEATURE_VIEW + ":" + ClassificationRepoTemplate.LABEL),
            false);
    TreeSet<Long> keys = new TreeSet<>();
    try (LatestRows rows =
        fs.offline()
            .pullLatest(new LatestRequest(plan.views().get(0), ALL_TIME_START, ALL_TIME_END))) {
      while (rows.next()) {
        keys.add(((Number) rows.key(0)).longValue());
      }
    }
    return new ArrayList<>(keys);
  }

  private void warnDropped(List<Long> keys, BitSet matched, Instant asOf) {
    List<Long> dropped = new ArrayList<>();
    for (int i = matched.nextClearBit(0); i < keys.size(); i = matched.nextClearBit(i + 1)) {
      dropped.add(keys.get(i));
    }
    String shown =
        dropped.stream()
            .limit(SHOWN_DROPPED)
            .map(String::valueOf)
            .collect(Collectors.joining(", "));
    warnings.accept(
        "dropped "
            + dropped.size()
            + " of "
            + keys.size()
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
