package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.larder.core.Echo;
import dev.larder.core.model.BatchSource;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.NoMatchDiagnostic;
import dev.larder.core.offline.OutputColumn;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.ViewPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One point-in-time retrieval (DESIGN B5) on Spark. For each view, the source rows and the entity
 * rows of a key meet in one window partition, ordered by time: a source row by its event time
 * ({@code __ts}), or, with the created-timestamp filter, by the time it became visible ({@code
 * greatest(__ts, __cr)}, rows without a created time left out); an entity row at its time {@code
 * T}, after the source rows of the same time. Each entity row takes the greatest {@link
 * SparkScan#ord()} of the rows before it: the row with the latest event, then the latest creation
 * (null lowest), then the last place in the source, among rows at or before {@code T} (and created
 * by {@code T}) — B5.3's pick. The ttl bound then holds for the pick or for no candidate at all
 * (every other row is older), so it is checked on the pick alone. Nothing forms (entity row,
 * candidate) pairs, so the cost grows with the inputs, not their product. Null keys match nothing.
 *
 * <p>The entity rows then take each view's pick by their position ({@code __larder_row}), and the
 * result is sorted by that position and streamed to the driver one partition at a time.
 */
final class SparkRetrieval {
  /** Beyond this a ttl bounds nothing: times lie within the years 1 to 9999. */
  private static final long UNBOUNDED_TTL_MICROS = 400_000_000_000_000_000L;

  /**
   * Results of at most this many rows are sorted in one partition (held whole by the driver); the
   * system property {@value #ONE_PARTITION_ROWS_PROPERTY} overrides it (tests set 0 to sort across
   * partitions on small data).
   */
  static final long ONE_PARTITION_ROWS = 100_000;

  static final String ONE_PARTITION_ROWS_PROPERTY = "larder.spark.onePartitionRows";

  private final HistoricalRequest request;
  private final SparkEntities entities;
  private final List<SparkScan> scans = new ArrayList<>();
  private final List<List<Column>> entityKeys = new ArrayList<>();
  private final List<ColumnReader> columns = new ArrayList<>();
  private Dataset<Row> result;
  private Dataset<Row> unordered;

  private SparkRetrieval(HistoricalRequest request, SparkEntities entities) {
    this.request = request;
    this.entities = entities;
  }

  static SparkRetrieval prepare(
      SparkSession spark, Path repo, HistoricalRequest request, SparkEntities entities) {
    SparkRetrieval retrieval = new SparkRetrieval(request, entities);
    retrieval.plan(spark, repo);
    return retrieval;
  }

  private void plan(SparkSession spark, Path repo) {
    request.plan().checkOutputNames(List.copyOf(entities.kinds().keySet()));
    List<ViewPlan> views = request.plan().views();
    Dataset<Row> joined = entities.rows();
    Map<BatchSource, SourceRows> sources = new HashMap<>();
    for (int i = 0; i < views.size(); i++) {
      ViewPlan view = views.get(i);
      SourceRows source =
          sources.computeIfAbsent(view.source(), batch -> SourceRows.read(spark, repo, batch));
      SparkScan scan = SparkScan.open(source, view);
      scans.add(scan);
      List<Column> keys = new ArrayList<>();
      for (JoinKey key : view.joinKeys()) {
        String column = key.entityColumn();
        DataType type =
            entities.require(column, view.label() + " (join key " + Echo.of(key.name()) + ")");
        keys.add(
            SparkKeys.convert(
                entities.rows(),
                column,
                type,
                key,
                view.label(),
                "entity column " + Echo.of(column)));
      }
      entityKeys.add(keys);
      boolean filter = request.filterByCreatedTimestamp() && view.createdColumn().isPresent();
      Dataset<Row> picks = pick(i, scan, keys, filter);
      joined =
          joined.join(picks, joined.col(SparkEntities.ROW).equalTo(picks.col("__row" + i)), "left");
    }
    List<Column> select = new ArrayList<>();
    select.add(col(SparkEntities.ROW));
    entities
        .kinds()
        .forEach(
            (name, kind) -> {
              Column c = col(SparkKeys.quoted(name));
              select.add(
                  kind == FrameColumn.Kind.TIMESTAMP
                      ? org.apache.spark.sql.functions.unix_micros(c).as(name)
                      : c.as(name));
              columns.add(ColumnReader.entity(name, kind));
            });
    List<Column> matched = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      ViewPlan view = views.get(i);
      Column best = col("__best" + i);
      Column found = best.isNotNull();
      long ttl = ttlMicros(view.ttl());
      if (ttl > 0 && ttl < UNBOUNDED_TTL_MICROS) {
        found = found.and(col(SparkEntities.T).minus(best.getField("__ts")).leq(lit(ttl)));
      }
      matched.add(found.as("__m" + i));
      List<RequestedFeature> features = view.features();
      for (int f = 0; f < features.size(); f++) {
        RequestedFeature feature = features.get(f);
        select.add(when(found, best.getField("__v" + f)).as(feature.outputName()));
        columns.add(ColumnReader.feature(feature.outputName(), feature.dtype()));
      }
    }
    select.addAll(matched);
    unordered = joined.select(select.toArray(Column[]::new));
    // A small result is sorted in one partition (no sampling job for a range partitioning); a
    // large one is sorted across partitions, which the driver then fetches one at a time.
    result =
        entities.count() <= Long.getLong(ONE_PARTITION_ROWS_PROPERTY, ONE_PARTITION_ROWS)
            ? unordered.repartition(1).sortWithinPartitions(col(SparkEntities.ROW))
            : unordered.orderBy(col(SparkEntities.ROW));
  }

  /** For each entity row of {@code view}: {@code __row<i>} and its pick {@code __best<i>}. */
  private Dataset<Row> pick(int i, SparkScan scan, List<Column> keys, boolean filter) {
    Dataset<Row> src = scan.rows();
    for (int k = 0; k < keys.size(); k++) {
      src = src.filter(col("__k" + k).isNotNull());
    }
    Column time = col("__ts");
    if (filter) {
      src = src.filter(col("__cr").notEqual(lit(SparkScan.NULL_CREATED)));
      time = greatest(col("__ts"), col("__cr"));
    }
    List<Column> sourceSide = new ArrayList<>();
    List<Column> entitySide = new ArrayList<>();
    List<Column> partition = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      sourceSide.add(col("__k" + k));
      entitySide.add(keys.get(k).as("__k" + k));
      partition.add(col("__k" + k));
    }
    sourceSide.add(time.as("__ot"));
    sourceSide.add(lit(0).as("__kind"));
    sourceSide.add(lit(null).cast(DataTypes.LongType).as("__row"));
    sourceSide.add(scan.ord().as("__cand"));
    Dataset<Row> s = src.select(sourceSide.toArray(Column[]::new));
    DataType cand = s.schema().apply("__cand").dataType();
    entitySide.add(col(SparkEntities.T).as("__ot"));
    entitySide.add(lit(1).as("__kind"));
    entitySide.add(col(SparkEntities.ROW).as("__row"));
    entitySide.add(lit(null).cast(cand).as("__cand"));
    Dataset<Row> e = entities.rows().select(entitySide.toArray(Column[]::new));
    WindowSpec window =
        (partition.isEmpty()
                ? Window.orderBy(col("__ot"), col("__kind"))
                : Window.partitionBy(partition.toArray(Column[]::new))
                    .orderBy(col("__ot"), col("__kind")))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return s.unionByName(e)
        .withColumn("__best", max(col("__cand")).over(window))
        .filter(col("__kind").equalTo(1))
        .select(col("__row").as("__row" + i), col("__best").as("__best" + i));
  }

  /** The ttl in whole microseconds, rounded down (at most the long range). */
  static long ttlMicros(Duration ttl) {
    try {
      return Math.addExact(Math.multiplyExact(ttl.getSeconds(), 1_000_000L), ttl.getNano() / 1_000);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** How to read the output columns, entity columns first, then the features. */
  List<ColumnReader> readers() {
    return columns;
  }

  /** The output columns with their types, as the result writers take them. */
  List<OutputColumn> columns() {
    return OutputColumn.of(entities.types(), request.plan());
  }

  /** The number of views. */
  int views() {
    return scans.size();
  }

  /**
   * Writes the result as a directory of Parquet part files (DESIGN B9: an output path without a
   * suffix), from the executors, in input order across the parts; instants as Parquet
   * TIMESTAMP_MICROS in UTC. Returns the summary.
   */
  RetrievalSummary writeParts(String uri) {
    List<Column> out = new ArrayList<>();
    for (ColumnReader c : columns) {
      Column v = col(SparkKeys.quoted(c.name()));
      if (c.instants() && c.kind() == FrameColumn.Kind.LIST) {
        v =
            org.apache.spark.sql.functions.transform(
                v, org.apache.spark.sql.functions::timestamp_micros);
      } else if (c.instants()) {
        v = org.apache.spark.sql.functions.timestamp_micros(v);
      }
      out.add(v.as(c.name()));
    }
    result
        .select(out.toArray(Column[]::new))
        .write()
        .mode(org.apache.spark.sql.SaveMode.Overwrite)
        .parquet(uri);
    List<Column> counts = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      counts.add(org.apache.spark.sql.functions.sum(col("__m" + i).cast(DataTypes.LongType)));
    }
    Row row = unordered.agg(count(lit(1)), counts.toArray(Column[]::new)).first();
    List<Long> matched = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      matched.add(row.isNullAt(i + 1) ? 0L : row.getLong(i + 1));
    }
    return summary(row.getLong(0), matched);
  }

  /** The result's rows in input order: position, the output columns, then a flag per view. */
  Iterator<Row> rows() {
    return result.toLocalIterator();
  }

  /** The summary, given how many entity rows found a row in each view. */
  RetrievalSummary summary(long rows, List<Long> matched) {
    List<NoMatchDiagnostic> noMatches = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      if (rows > 0 && matched.get(i) == 0) {
        noMatches.add(probe(i));
      }
    }
    return new RetrievalSummary(rows, matched, noMatches);
  }

  /** Why no entity row found a row in view {@code i} (DESIGN B5.7). */
  NoMatchDiagnostic probe(int i) {
    SparkScan scan = scans.get(i);
    ViewPlan view = scan.view();
    List<String> keyColumns = new ArrayList<>();
    view.joinKeys().forEach(k -> keyColumns.add(k.entityColumn()));
    List<String> entityRanges = entities.ranges(keyColumns);
    List<Column> stats = new ArrayList<>();
    for (int k = 0; k < keyColumns.size(); k++) {
      stats.add(min(col("__k" + k)).cast(DataTypes.StringType));
      stats.add(max(col("__k" + k)).cast(DataTypes.StringType));
    }
    stats.add(count(lit(1)));
    stats.add(min(col("__ts")));
    stats.add(max(col("__ts")));
    Row row =
        scan.rows()
            .agg(stats.get(0), stats.subList(1, stats.size()).toArray(Column[]::new))
            .first();
    int n = keyColumns.size();
    List<String> sourceRanges = SparkEntities.rangeTexts(row, n, 0);
    long sourceRows = row.getLong(2 * n);
    java.time.Instant sourceFrom = sourceRows > 0 ? Micros.instant(row.getLong(2 * n + 1)) : null;
    java.time.Instant sourceTo = sourceRows > 0 ? Micros.instant(row.getLong(2 * n + 2)) : null;
    long known = sourceRows > 0 ? entities.count() : 0;
    if (n > 0 && sourceRows > 0) {
      List<Column> keys = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        keys.add(entityKeys.get(i).get(k).as("__e" + k));
      }
      Dataset<Row> e = entities.rows().select(keys.toArray(Column[]::new));
      Column same = null;
      for (int k = 0; k < n; k++) {
        Column eq = e.col("__e" + k).equalTo(scan.rows().col("__k" + k));
        same = same == null ? eq : same.and(eq);
      }
      known = e.join(scan.rows(), same, "left_semi").count();
    }
    return new NoMatchDiagnostic(
        view.label(),
        entities.count(),
        known,
        keyColumns,
        entityRanges,
        entities.from(),
        entities.to(),
        scan.source().location(),
        sourceRows,
        sourceRanges,
        sourceFrom,
        sourceTo,
        view.ttl(),
        request.filterByCreatedTimestamp() && view.createdColumn().isPresent());
  }
}
