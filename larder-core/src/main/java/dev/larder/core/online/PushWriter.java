package dev.larder.core.online;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Names;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineWriter;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes rows given by clients (DESIGN B4, B7): {@link #push} to the views a push source feeds,
 * online, offline or both, and {@link #writeToOnlineStore} straight into one view's online rows.
 * Every column and value is checked before anything is written; a bad column or value is an error
 * naming it, its row and the fix. Online, each view's rows are one write of the store (rows older
 * than the stored ones are ignored); offline, they become one new Parquet file in the push source's
 * batch source, written before the online rows.
 */
public final class PushWriter {
  private final Supplier<RegistrySnapshot> snapshots;
  private final OnlineStore online;
  private final Supplier<OfflineEngine> offline;

  /**
   * A writer to {@code online} and, for pushes offline, to the engine {@code offline} supplies
   * (asked only then).
   */
  public PushWriter(
      Supplier<RegistrySnapshot> snapshots, OnlineStore online, Supplier<OfflineEngine> offline) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.online = Objects.requireNonNull(online, "online");
    this.offline = Objects.requireNonNull(offline, "offline");
  }

  /**
   * Pushes {@code columns} (name → one value per row) through the push source {@code name}.
   *
   * @return the number of rows pushed
   * @throws NotFoundException for an unknown push source
   * @throws InvalidArgumentException for bad columns or values, or a source that feeds no view
   * @throws dev.larder.core.InvalidDefinitionException for {@code to} offline when the batch source
   *     is not a directory of Parquet files (a Spark source, say)
   */
  public int push(String name, Map<String, ? extends List<?>> columns, PushMode to) {
    Objects.requireNonNull(to, "to");
    RegistrySnapshot snapshot = snapshots.get();
    PushSource source = pushSource(snapshot, name);
    String target = source.label();
    RegistryLookup lookup = new RegistryLookup(snapshot);
    List<ViewPlan> all = new ArrayList<>();
    List<ViewPlan> onlineViews = new ArrayList<>();
    for (FeatureView view : snapshot.definitions().featureViews()) {
      if (view.source().equals(name)) {
        ViewPlan plan = ViewPlan.allFeatures(view, lookup);
        all.add(plan);
        if (view.online()) {
          onlineViews.add(plan);
        }
      }
    }
    if (all.isEmpty()) {
      throw new InvalidArgumentException(
          target + " feeds no feature view, so no columns are defined for it",
          "Define a feature view with source: " + name + ", then run 'larder apply'");
    }
    if (to.online() && onlineViews.isEmpty()) {
      throw new InvalidArgumentException(
          "no feature view fed by " + target + " is online, so nothing can be pushed online",
          "Push with to: offline, or set online: true on a view and run 'larder apply'");
    }
    PushColumns checked =
        PushColumns.check("push to " + target, source.batchSource(), all, columns);
    OfflineWriter writer = null;
    FileSource batch = null;
    if (to.offline()) {
      batch = appendableBatch(source);
      OfflineEngine engine = offline.get();
      writer =
          engine
              .capability(OfflineWriter.class)
              .orElseThrow(
                  () ->
                      new InvalidArgumentException(
                          "the offline engine "
                              + engine.getClass().getSimpleName()
                              + " cannot append pushed rows",
                          "Push with to: online, or use offline_store: {type: duckdb}"));
      writer.checkAppendable(batch);
    }
    if (checked.rows() == 0) {
      return 0;
    }
    if (writer != null) {
      writer.append(batch, checked.offlineRows());
    }
    if (to.online()) {
      for (ViewPlan plan : onlineViews) {
        writeOnline(plan, checked);
      }
    }
    return checked.rows();
  }

  /**
   * The file source that a push {@code to: offline} through {@code push} appends to; a Spark batch
   * source is refused (pushed rows are appended as Parquet files, to a file source only).
   */
  private static FileSource appendableBatch(PushSource push) {
    if (push.batchSource() instanceof SparkSource spark) {
      throw new InvalidDefinitionException(
          "cannot push to offline through "
              + push.label()
              + ": its batch_source is "
              + spark.label()
              + ", and pushed rows are appended only to a file source whose path is a directory of"
              + " Parquet files",
          "Push with to: online, or make the batch_source a file source (type: file, path: a"
              + " directory such as data/pushed/) and run 'larder apply'");
    }
    return (FileSource) push.batchSource();
  }

  /**
   * Writes {@code columns} (name → one value per row) into the online rows of the feature view
   * {@code viewName}: its join keys, its source's timestamp field (and created column) and every
   * feature.
   *
   * @return the number of rows written
   */
  public int writeToOnlineStore(String viewName, Map<String, ? extends List<?>> columns) {
    RegistrySnapshot snapshot = snapshots.get();
    FeatureView view =
        snapshot
            .definitions()
            .featureView(viewName)
            .orElseThrow(
                () -> {
                  List<String> names =
                      snapshot.definitions().featureViews().stream()
                          .map(FeatureView::name)
                          .toList();
                  return new NotFoundException(
                      "Unknown feature view "
                          + Echo.of(viewName)
                          + DidYouMean.sentenceEnd(viewName, names)
                          + " Run 'larder feature-views list' to list the feature views.",
                      "Defined feature views: " + Names.listing(names));
                });
    if (!view.online()) {
      throw new InvalidArgumentException(
          "feature view "
              + Echo.of(viewName)
              + " is not online (online: false), so it has no online rows",
          "Set online: true in its definition and run 'larder apply'");
    }
    ViewPlan plan = ViewPlan.allFeatures(view, new RegistryLookup(snapshot));
    PushColumns checked =
        PushColumns.check(
            "write to the online store of feature view " + Echo.of(viewName),
            plan.source(),
            List.of(plan),
            withoutEmptyCreated(plan.source(), columns));
    if (checked.rows() > 0) {
      writeOnline(plan, checked);
    }
    return checked.rows();
  }

  /**
   * {@code columns} without a column {@code created} that holds only nulls when {@code source} has
   * no created timestamp column: Feast's {@code remote} online store client sends that column with
   * every write, null for rows without a created time.
   */
  private static Map<String, ? extends List<?>> withoutEmptyCreated(
      BatchSource source, Map<String, ? extends List<?>> columns) {
    List<?> created = columns == null ? null : columns.get(REMOTE_CREATED);
    if (created == null
        || source.createdTimestampColumn() != null
        || source.timestampField().equals(REMOTE_CREATED)
        || created.stream().anyMatch(Objects::nonNull)) {
      return columns;
    }
    Map<String, List<?>> rest = new LinkedHashMap<>(columns);
    rest.remove(REMOTE_CREATED);
    return rest;
  }

  /** The created-time column that Feast's {@code remote} online store client always sends. */
  private static final String REMOTE_CREATED = "created";

  private void writeOnline(ViewPlan plan, PushColumns checked) {
    OnlineViewSchema schema = OnlineViewSchema.of(plan);
    online.write(schema, checked.onlineRows(plan, schema));
  }

  private static PushSource pushSource(RegistrySnapshot snapshot, String name) {
    DataSource source = snapshot.definitions().source(name).orElse(null);
    if (source instanceof PushSource push) {
      return push;
    }
    List<String> pushSources =
        snapshot.definitions().sources().stream()
            .filter(PushSource.class::isInstance)
            .map(DataSource::name)
            .toList();
    if (source != null) {
      throw new InvalidArgumentException(
          source.label() + " is not a push source, so rows cannot be pushed to it",
          "Push to one of the push sources: " + Names.listing(pushSources));
    }
    throw new NotFoundException(
        "Unknown push source "
            + Echo.of(name)
            + DidYouMean.sentenceEnd(name, pushSources)
            + " Run 'larder data-sources list' to list the data sources.",
        "Push sources: " + Names.listing(pushSources));
  }
}
