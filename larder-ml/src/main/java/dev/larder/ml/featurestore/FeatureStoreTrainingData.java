package dev.larder.ml.featurestore;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.model.FeatureView;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.EntityRowsHash;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    RegistrySnapshot snapshot = fs.recentSnapshot();
    FeatureView view =
        snapshot.definitions().requireFeatureView(ClassificationRepoTemplate.FEATURE_VIEW);
    FeatureViewVersion version = snapshot.latestVersion(view.name()).orElseThrow();
    List<String> featureNames = featureNames(view);
    ViewPlan plan = ViewPlan.allFeatures(view, new RegistryLookup(snapshot));
    Picks picks = pointInTime(fs, plan, asOf);
    Map<Long, PickedRow> latest = picks.rows();
    List<Long> keys = sampleIndices != null ? List.copyOf(sampleIndices) : picks.allKeys();

    int[] columns = columnsOf(plan, featureNames);
    int label = columnsOf(plan, List.of(ClassificationRepoTemplate.LABEL))[0];
    List<Long> kept = new ArrayList<>();
    List<Long> dropped = new ArrayList<>();
    for (Long key : keys) {
      (latest.containsKey(key) ? kept : dropped).add(key);
    }
    if (kept.isEmpty()) {
      throw noMatchingEntities(fs, view, keys, asOf);
    }
    if (!dropped.isEmpty()) {
      warnDropped(keys.size(), dropped, asOf);
    }
    double[][] x = new double[kept.size()][];
    int[] y = new int[kept.size()];
    long[] indices = new long[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      PickedRow row = latest.get(kept.get(i));
      x[i] = row.features(columns, kept.get(i), featureNames);
      y[i] = row.label(label, kept.get(i));
      indices[i] = kept.get(i);
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
   * The point-in-time pick (DESIGN B5.1, B5.3) of every key at one time {@code asOf}: the row with
   * the greatest {@code (event_ts, created_ts, position)} among rows with {@code event_ts} in
   * {@code [asOf − ttl, asOf]}. A key's latest row over all time is its pick whenever it lies in
   * that window (it beats every other candidate), or shows that there is none when it is older than
   * the window; only keys whose latest row lies after {@code asOf} need a second read of the
   * window. Keys without a pick are absent.
   */
  private static Picks pointInTime(FeatureStore fs, ViewPlan plan, Instant asOf) {
    Duration ttl = plan.ttl();
    Instant windowStart = ttl.isZero() ? ALL_TIME_START : asOf.minus(ttl);
    Map<Long, PickedRow> picks = new HashMap<>();
    List<Long> allKeys = new ArrayList<>();
    boolean later = false;
    try (LatestRows rows = fs.pullLatest(new LatestRequest(plan, ALL_TIME_START, ALL_TIME_END))) {
      while (rows.next()) {
        long key = ((Number) rows.key(0)).longValue();
        allKeys.add(key);
        Instant event = rows.eventTimestamp();
        if (event.isAfter(asOf)) {
          later = true;
        } else if (!event.isBefore(windowStart)) {
          picks.put(key, PickedRow.of(rows, plan));
        }
      }
    }
    if (later) {
      try (LatestRows rows = fs.pullLatest(new LatestRequest(plan, windowStart, asOf))) {
        while (rows.next()) {
          long key = ((Number) rows.key(0)).longValue();
          if (!picks.containsKey(key)) {
            picks.put(key, PickedRow.of(rows, plan));
          }
        }
      }
    }
    Collections.sort(allKeys);
    return new Picks(picks, allKeys);
  }

  /** Each key's point-in-time row (features in plan order), and every key in the source. */
  private record Picks(Map<Long, PickedRow> rows, List<Long> allKeys) {}

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
      FeatureStore fs, FeatureView view, List<Long> keys, Instant asOf) {
    TrainingFrame frame =
        fs.getHistoricalFeatures(
            EntityRows.forKeys(ClassificationRepoTemplate.JOIN_KEY, keys, asOf),
            FeatureSelection.of(view.name() + ":" + ClassificationRepoTemplate.LABEL),
            RetrievalOptions.DEFAULT);
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
