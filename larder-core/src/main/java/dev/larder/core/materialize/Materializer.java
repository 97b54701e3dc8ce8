package dev.larder.core.materialize;

import dev.larder.core.Activity;
import dev.larder.core.ConflictException;
import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.Plural;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Names;
import dev.larder.core.offline.DistributedMaterialization;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.time.IsoTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Copies the latest feature values from the offline engine into the online store (DESIGN B6).
 *
 * <p>Per view: the rows with {@code start <= event_ts <= end}, the latest per entity key by {@code
 * (event_ts, created_ts)}, no ttl filter ({@link OfflineEngine#pullLatest}), streamed from the
 * engine's cursor in batches of {@code batchSize} rows, each batch one transaction of the online
 * store, so memory stays bounded whatever the view's size. A reading thread fills (and encodes) the
 * next batches while the calling thread writes ({@link ViewCopy}). Rows with a null join key are
 * skipped (no read can ask for them). Once the view is written, its interval is recorded in the
 * registry.
 *
 * <p>An engine that runs on a cluster may write the rows from its workers instead ({@link
 * DistributedMaterialization}, for the online stores it accepts): the rows then never pass through
 * this process, progress is reported once per view, and everything else (leases, the recorded
 * interval, the clean-up after a conflicting apply) is as above.
 *
 * <p>Re-running is idempotent: the store keeps a row unless the new one is not older, so an equal
 * row rewrites the same values. A run killed mid-way leaves each key as before or as after (a batch
 * commits whole), and running it again completes it; the interval is recorded only by a run that
 * finished the view.
 *
 * <p>One view is materialized by one run at a time, across threads, processes and hosts sharing the
 * registry: a run claims a lease per view in the registry before it reads anything ({@link
 * ViewLeases}), and a run finding one of its views held is refused with a conflict error naming the
 * holder, before writing anything.
 */
public final class Materializer {
  /**
   * The batch size of {@link #Materializer(Registry, OfflineEngine, OnlineStore)}: 10M rows of 20
   * doubles were written in about 19 s in batches of 5,000 and 2,500, 20 s in batches of 10,000, 23
   * s in batches of 20,000 or more (same CPU time at 5,000 and 10,000; more beyond).
   */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  /**
   * Where {@link #materializeIncremental} starts a view with no ttl that was never materialized:
   * the beginning of the data.
   */
  public static final Instant BEGINNING_OF_DATA = Instant.parse("0001-01-01T00:00:00Z");

  private final Registry registry;
  private final Supplier<OfflineEngine> offline;
  private final Supplier<OnlineStore> online;
  private final OnlineStoreSection onlineSection;
  private final int batchSize;

  /**
   * A materializer writing batches of {@value #DEFAULT_BATCH_SIZE} rows, all through this process.
   */
  public Materializer(Registry registry, OfflineEngine offline, OnlineStore online) {
    this(registry, offline, online, DEFAULT_BATCH_SIZE);
  }

  /** A materializer writing batches of {@code batchSize} rows, all through this process. */
  public Materializer(Registry registry, OfflineEngine offline, OnlineStore online, int batchSize) {
    this(registry, offline, online, null, batchSize);
  }

  /**
   * A materializer writing batches of {@code batchSize} rows into {@code online}, which {@code
   * onlineSection} describes: an engine with {@link DistributedMaterialization} for that store
   * writes from its workers; {@code null} keeps every write in this process.
   */
  public Materializer(
      Registry registry,
      OfflineEngine offline,
      OnlineStore online,
      OnlineStoreSection onlineSection,
      int batchSize) {
    this(
        registry,
        given(Objects.requireNonNull(offline, "offline")),
        given(Objects.requireNonNull(online, "online")),
        onlineSection,
        batchSize);
  }

  /**
   * As {@link #Materializer(Registry, OfflineEngine, OnlineStore, OnlineStoreSection, int)}, with
   * backends that are opened when first asked for: a materialization with nothing new to copy
   * (every view already materialized up to its end) opens neither (start-up time).
   */
  public Materializer(
      Registry registry,
      Supplier<OfflineEngine> offline,
      Supplier<OnlineStore> online,
      OnlineStoreSection onlineSection,
      int batchSize) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.offline = Objects.requireNonNull(offline, "offline");
    this.online = Objects.requireNonNull(online, "online");
    this.onlineSection = onlineSection;
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize + " is not positive");
    }
    this.batchSize = batchSize;
  }

  private static <T> Supplier<T> given(T value) {
    return () -> value;
  }

  /**
   * Materializes event times {@code start} to {@code end} (both inclusive) of {@code views}, or of
   * every online view when {@code views} is {@code null}. All names are checked before anything is
   * written.
   *
   * @throws NotFoundException naming every unknown view, with the closest names
   * @throws InvalidArgumentException for views that are not online, or a start after the end
   */
  public List<ViewMaterialization> materialize(
      Instant start, Instant end, List<String> views, MaterializeProgress progress) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.isAfter(end)) {
      throw new InvalidArgumentException(
          "materialization start "
              + IsoTimes.format(start)
              + " is after its end "
              + IsoTimes.format(end),
          "Give a start at or before the end");
    }
    RegistrySnapshot snapshot = registry.snapshot();
    Map<FeatureView, Instant> starts = new LinkedHashMap<>();
    select(snapshot, views).forEach(v -> starts.put(v, start));
    return run(snapshot, starts, Set.of(), Set.of(), end, progress);
  }

  /**
   * Materializes {@code views} (every online view when {@code null}) from where each last ended up
   * to {@code end}: from its latest recorded end; for a view never materialized, from {@code end -
   * ttl} when its ttl is set, else from {@link #BEGINNING_OF_DATA}.
   *
   * @throws InvalidArgumentException also for a view already materialized past {@code end}
   */
  public List<ViewMaterialization> materializeIncremental(
      Instant end, List<String> views, MaterializeProgress progress) {
    Objects.requireNonNull(end, "end");
    RegistrySnapshot snapshot = registry.snapshot();
    Map<FeatureView, Instant> starts = new LinkedHashMap<>();
    Set<String> upToDate = new HashSet<>();
    Set<String> continued = new HashSet<>();
    List<String> ahead = new ArrayList<>();
    for (FeatureView view : select(snapshot, views)) {
      Instant start = incrementalStart(snapshot, view, end);
      if (!snapshot.materializations(view.name()).isEmpty()) {
        continued.add(view.name());
      }
      if (start.isAfter(end)) {
        ahead.add(Echo.of(view.name()) + " (to " + IsoTimes.format(start) + ")");
      } else if (start.equals(end) && !snapshot.materializations(view.name()).isEmpty()) {
        // Its last materialization ended at this end, inclusive: there is nothing new to copy.
        upToDate.add(view.name());
      }
      starts.put(view, start);
    }
    if (!ahead.isEmpty()) {
      throw new InvalidArgumentException(
          "feature views already materialized past "
              + IsoTimes.format(end)
              + ": "
              + String.join(", ", ahead),
          "Give an end after the last materialization, or use 'larder materialize START END'");
    }
    return run(snapshot, starts, upToDate, continued, end, progress);
  }

  /** Where {@link #materializeIncremental} starts {@code view}. */
  static Instant incrementalStart(RegistrySnapshot snapshot, FeatureView view, Instant end) {
    return snapshot.materializations(view.name()).stream()
        .map(MaterializationInterval::end)
        .max(Instant::compareTo)
        .orElseGet(() -> view.hasUnlimitedTtl() ? BEGINNING_OF_DATA : end.minus(view.ttl()));
  }

  /**
   * Materializes each view of {@code starts} from its start to {@code end}, but for those in {@code
   * upToDate}, already materialized to {@code end}: they copy no row and record nothing.
   */
  private List<ViewMaterialization> run(
      RegistrySnapshot snapshot,
      Map<FeatureView, Instant> starts,
      Set<String> upToDate,
      Set<String> continued,
      Instant end,
      MaterializeProgress progress) {
    MaterializeProgress p = progress == null ? MaterializeProgress.NONE : progress;
    RegistryLookup lookup = new RegistryLookup(snapshot);
    List<ViewMaterialization> results = new ArrayList<>();
    // A view with nothing new writes nothing, so it needs no lease (a registry write).
    List<String> names =
        starts.keySet().stream()
            .map(FeatureView::name)
            .filter(name -> !upToDate.contains(name))
            .toList();
    try (ViewLeases leases = ViewLeases.claim(registry, names)) {
      for (Map.Entry<FeatureView, Instant> e : starts.entrySet()) {
        List<FeatureViewVersion> versions = snapshot.versions(e.getKey().name());
        int readVersion = versions.isEmpty() ? 0 : versions.get(versions.size() - 1).number();
        ViewMaterialization result =
            upToDate.contains(e.getKey().name())
                ? nothingNew(e.getKey().name(), end, p)
                : materializeView(
                    e.getKey(),
                    readVersion,
                    lookup,
                    e.getValue(),
                    end,
                    continued.contains(e.getKey().name()),
                    p,
                    leases);
        p.viewFinished(result);
        results.add(result);
      }
    }
    return List.copyOf(results);
  }

  private static ViewMaterialization nothingNew(String name, Instant end, MaterializeProgress p) {
    p.viewStarted(name, end, end);
    return new ViewMaterialization(name, end, end, 0, Duration.ZERO, true);
  }

  private ViewMaterialization materializeView(
      FeatureView view,
      int readVersion,
      RegistryLookup lookup,
      Instant start,
      Instant end,
      boolean continued,
      MaterializeProgress p,
      ViewLeases leases) {
    long began = System.nanoTime();
    String name = view.name();
    p.viewStarted(name, start, end);
    ViewPlan plan = ViewPlan.allFeatures(view, lookup);
    OnlineViewSchema schema = OnlineViewSchema.of(plan);
    LatestRequest request = new LatestRequest(plan, start, end);
    Optional<DistributedMaterialization> distributed = distributed();
    long written;
    if (distributed.isPresent()) {
      written = distributed.get().materialize(request, onlineSection, batchSize);
      p.rowsWritten(name, written);
    } else {
      try (LatestRows cursor = offline.get().pullLatest(request)) {
        written = new ViewCopy(schema, online.get(), batchSize).run(cursor, p);
      }
    }
    leases.requireHeld(name);
    try {
      registry.recordMaterialization(name, start, end, readVersion);
    } catch (ConflictException | NotFoundException e) {
      // An apply broke or deleted the view while its rows were copied, after it had deleted the
      // view's online rows: the rows just written are of the old definition and must go too.
      RegistrySnapshot now = registry.snapshot();
      if (now.definitions().featureView(name).isEmpty()
          || Registry.breakingVersionAfter(now, name, readVersion).isPresent()) {
        online.get().deleteView(schema);
      }
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    Activity.log(
        Materializer.class,
        "materialized {}: {} with event times {} to {} into {} in {} ms",
        name,
        Plural.of(written, "row"),
        start,
        end,
        online.get().location(),
        took.toMillis());
    return new ViewMaterialization(name, start, end, written, took, continued);
  }

  /** The engine's workers' writes into the online store, when the engine offers them for it. */
  private Optional<DistributedMaterialization> distributed() {
    if (onlineSection == null) {
      return Optional.empty();
    }
    return offline
        .get()
        .capability(DistributedMaterialization.class)
        .filter(d -> d.writesTo(onlineSection));
  }

  /**
   * Checks a list of view names given to materialize: {@code null} (every online view) or one or
   * more names, none of them missing.
   *
   * @throws InvalidArgumentException for an empty list or a missing (null) name
   */
  public static void checkNames(List<String> names) {
    if (names == null) {
      return;
    }
    if (names.isEmpty()) {
      throw new InvalidArgumentException(
          "no feature views named", "Name one or more views, or leave --views out to use all");
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null) {
        throw new InvalidArgumentException(
            "feature view name " + (i + 1) + " of " + names.size() + " is missing (null)",
            "Give each view's name as a string, or leave the list out to use every online view");
      }
    }
  }

  /** The views named (in order, once each), or every online view; all names checked first. */
  static List<FeatureView> select(RegistrySnapshot snapshot, List<String> names) {
    List<FeatureView> all = snapshot.definitions().featureViews();
    if (names == null) {
      return all.stream().filter(FeatureView::online).toList();
    }
    checkNames(names);
    List<String> known = all.stream().map(FeatureView::name).toList();
    List<String> unknown = new ArrayList<>();
    List<String> offlineOnly = new ArrayList<>();
    List<FeatureView> out = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names)) {
      FeatureView view = snapshot.definitions().featureView(name).orElse(null);
      if (view == null) {
        unknown.add(
            Echo.of(name)
                + DidYouMean.closest(name, known)
                    .map(c -> " (did you mean " + Echo.of(c) + "?)")
                    .orElse(""));
      } else if (!view.online()) {
        offlineOnly.add(Echo.of(name));
      } else {
        out.add(view);
      }
    }
    if (!unknown.isEmpty()) {
      throw new NotFoundException(
          "Unknown feature view"
              + (unknown.size() == 1 ? " " : "s ")
              + String.join(", ", unknown)
              + ". Run 'larder feature-views list' to list the feature views.",
          "Defined feature views: " + Names.listing(known));
    }
    if (!offlineOnly.isEmpty()) {
      throw new InvalidArgumentException(
          "feature view"
              + (offlineOnly.size() == 1 ? " " : "s ")
              + String.join(", ", offlineOnly)
              + (offlineOnly.size() == 1
                  ? " is not online (online: false), so materialization does not copy it"
                  : " are not online (online: false), so materialization does not copy them"),
          "Set online: true in the definition and run 'larder apply', or leave them out of"
              + " --views");
    }
    return List.copyOf(out);
  }
}
