package dev.larder.ui.catalog;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.time.IsoTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The training runs page's table: the runs the principal may see, sorted by one column and cut into
 * pages, with the metric columns that the runs have (in the order first recorded); and the
 * side-by-side comparison of chosen runs. Works on the runs as one registry read returned them, so
 * a page of 1,000 runs costs one sort.
 *
 * <p>Sort keys: {@code recorded} (the default, newest first), {@code id}, {@code user}, {@code
 * model}, {@code source}, {@code as_of}, {@code entity_rows}, {@code training_rows}, and {@code
 * metric:NAME}; a metric a run lacks, or {@code NaN}, sorts last either way.
 */
public final class RunTable {
  /** Runs per page unless the request says otherwise. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The most runs a page shows. */
  public static final int MAX_PAGE_SIZE = 500;

  /** The default sort key. */
  public static final String DEFAULT_SORT = "recorded";

  private static final Map<String, Comparator<RecordedRun>> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("recorded", Comparator.comparing(RecordedRun::recordedAt));
    COLUMNS.put("id", Comparator.comparing(RecordedRun::id));
    COLUMNS.put("user", Comparator.comparing(RecordedRun::user));
    COLUMNS.put("model", Comparator.comparing(RecordedRun::model));
    COLUMNS.put("source", Comparator.comparing(RunTable::source));
    COLUMNS.put("as_of", Comparator.comparing(r -> r.inputs().asOf()));
    COLUMNS.put("entity_rows", Comparator.comparingLong(r -> r.inputs().entityRows()));
    COLUMNS.put("training_rows", Comparator.comparingLong(RecordedRun::trainingRows));
  }

  /**
   * One page of the table.
   *
   * @param rows the runs on this page, in sort order
   * @param metrics the metric names of every run shown on any page, in the order first recorded
   * @param sort the sort key
   * @param descending whether the order is descending
   * @param page this page, from 1
   * @param pages how many pages there are (at least 1)
   * @param size runs per page
   * @param total how many runs there are in all
   */
  public record Page(
      List<RecordedRun> rows,
      List<String> metrics,
      String sort,
      boolean descending,
      int page,
      int pages,
      int size,
      int total) {
    public Page {
      rows = List.copyOf(rows);
      metrics = List.copyOf(metrics);
    }

    /** Whether the table is sorted by {@code key}. */
    public boolean sortedBy(String key) {
      return sort.equals(key);
    }
  }

  private RunTable() {}

  /**
   * Page {@code page} (from 1) of {@code runs}, sorted by {@code sort} ({@code null}: newest
   * first).
   *
   * @param direction {@code asc}, {@code desc} or {@code null} (descending for {@code recorded},
   *     ascending otherwise)
   * @throws InvalidArgumentException for an unknown sort key or direction, or a page number or size
   *     out of range
   */
  public static Page page(
      List<RecordedRun> runs, String sort, String direction, int page, int size) {
    List<String> metrics = metricNames(runs);
    String key = sort == null || sort.isBlank() ? DEFAULT_SORT : sort;
    Comparator<RecordedRun> order = comparator(key, metrics);
    boolean descending;
    if (direction == null || direction.isBlank()) {
      descending = key.equals(DEFAULT_SORT);
    } else if (direction.equals("asc") || direction.equals("desc")) {
      descending = direction.equals("desc");
    } else {
      throw new InvalidArgumentException(
          "sort direction " + Echo.of(direction) + " is not asc or desc");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidArgumentException(
          "page size " + size + " is out of range; give 1 to " + MAX_PAGE_SIZE);
    }
    int pages = Math.max(1, (runs.size() + size - 1) / size);
    if (page < 1 || page > pages) {
      throw new InvalidArgumentException(
          "page "
              + page
              + " does not exist; there "
              + (pages == 1 ? "is 1 page" : "are " + pages + " pages"));
    }
    List<RecordedRun> sorted = new ArrayList<>(runs);
    if (key.startsWith("metric:")) {
      String metric = key.substring("metric:".length());
      Comparator<RecordedRun> byValue = Comparator.comparingDouble(r -> r.metrics().get(metric));
      Comparator<RecordedRun> present = descending ? byValue.reversed() : byValue;
      sorted.sort(
          Comparator.<RecordedRun, Boolean>comparing(r -> !hasMetric(r, metric))
              .thenComparing((a, b) -> hasMetric(a, metric) ? present.compare(a, b) : 0)
              .thenComparing(RecordedRun::id));
    } else {
      Comparator<RecordedRun> c = order.thenComparing(RecordedRun::id);
      sorted.sort(descending ? c.reversed() : c);
    }
    int from = (page - 1) * size;
    List<RecordedRun> rows = sorted.subList(from, Math.min(sorted.size(), from + size));
    return new Page(rows, metrics, key, descending, page, pages, size, runs.size());
  }

  private static boolean hasMetric(RecordedRun run, String metric) {
    Double v = run.metrics().get(metric);
    return v != null && !v.isNaN();
  }

  private static Comparator<RecordedRun> comparator(String key, List<String> metrics) {
    if (key.startsWith("metric:")) {
      String metric = key.substring("metric:".length());
      if (!metrics.contains(metric)) {
        throw new InvalidArgumentException(
            "no run has the metric " + Echo.of(metric) + DidYouMean.sentenceEnd(metric, metrics),
            metrics.isEmpty() ? null : "Metrics: " + String.join(", ", metrics));
      }
      return (a, b) -> 0;
    }
    Comparator<RecordedRun> c = COLUMNS.get(key);
    if (c == null) {
      List<String> keys = new ArrayList<>(COLUMNS.keySet());
      metrics.forEach(m -> keys.add("metric:" + m));
      throw new InvalidArgumentException(
          "cannot sort runs by " + Echo.of(key) + DidYouMean.sentenceEnd(key, keys),
          "Sort by one of: " + String.join(", ", keys));
    }
    return c;
  }

  /** The metric names of {@code runs}, in the order first recorded. */
  public static List<String> metricNames(List<RecordedRun> runs) {
    Set<String> names = new LinkedHashSet<>();
    runs.forEach(r -> names.addAll(r.metrics().keySet()));
    return new ArrayList<>(names);
  }

  /**
   * The runs of {@code ids} among {@code runs}, in the order given, each once.
   *
   * @throws NotFoundException naming the first id that is not among {@code runs}
   */
  public static List<RecordedRun> chosen(List<RecordedRun> runs, List<String> ids) {
    Map<String, RecordedRun> byId = new LinkedHashMap<>();
    runs.forEach(r -> byId.put(r.id(), r));
    Set<String> seen = new LinkedHashSet<>();
    List<RecordedRun> out = new ArrayList<>();
    for (String id : ids) {
      RecordedRun run = byId.get(id);
      if (run == null) {
        throw new NotFoundException(
            "training run "
                + Echo.of(id)
                + " is not in the registry"
                + DidYouMean.sentenceEnd(id, byId.keySet()),
            "Choose runs from the table");
      }
      if (seen.add(id)) {
        out.add(run);
      }
    }
    return out;
  }

  /** Where a run's data came from: {@code service NAME}, else the sources it read. */
  public static String source(RecordedRun run) {
    return run.inputs()
        .featureService()
        .map(s -> "feature service " + s)
        .orElseGet(() -> String.join(", ", run.inputs().sources()));
  }

  /** A metric value as the table shows it: four decimals, {@code n/a} when absent or undefined. */
  public static String metric(RecordedRun run, String name) {
    Double v = run.metrics().get(name);
    return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** A time as the pages show it (ISO-8601 UTC). */
  public static String time(java.time.Instant t) {
    return IsoTimes.format(t);
  }

  /**
   * Every value of one run, for {@link Function}-driven comparison rows; names {@code hidden} hides
   * are replaced.
   */
  public static Map<String, Function<RecordedRun, String>> comparedFields(HiddenNames hidden) {
    Map<String, Function<RecordedRun, String>> fields = new LinkedHashMap<>();
    fields.put("recorded", r -> time(r.recordedAt()));
    fields.put("user", RecordedRun::user);
    fields.put("model", RecordedRun::model);
    fields.put("source", hidden::runSource);
    fields.put("view versions", r -> String.join(", ", r.inputs().viewVersions()));
    fields.put("features", r -> Integer.toString(r.inputs().features().size()));
    fields.put("as of", r -> time(r.inputs().asOf()));
    fields.put("entity rows", r -> Long.toString(r.inputs().entityRows()));
    fields.put("training rows", r -> Long.toString(r.trainingRows()));
    fields.put("entity rows SHA-256", r -> r.inputs().entityRowsSha256().substring(0, 12));
    fields.put("data SHA-256", r -> r.dataSha256().substring(0, 12));
    return fields;
  }
}
