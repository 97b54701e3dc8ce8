package dev.larder.testkit;

import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.ViewPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * One random point-in-time case for the property test: definitions, source files (CSV, a Parquet
 * file or a directory of Parquet files), entity rows held in Java, a request, and the same data in
 * the form {@link PitReference} reads. Small domains of keys and times make ties, duplicates,
 * bounds and misses common.
 */
final class RandomPitCase {
  static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final ScalarType[] FEATURE_TYPES = {
    ScalarType.FLOAT64, ScalarType.INT64, ScalarType.STRING, ScalarType.BOOL
  };

  /** The key values sources draw from (entity rows add unknown ones). */
  static final String[] STRINGS = {"a", "7", "007"};

  static final long[] LONGS = {1, 2, 7};
  private static final String[] TEXTS = {"x", "", "a,b", "q\"uote", "7"};

  /** A view as generated, with its reference form. */
  record GeneratedView(
      FeatureView view, FileSource source, List<String> keyNames, PitReference.View reference) {}

  final RepoDefinitions definitions;
  final RetrievalPlan plan;
  final EntityRows.Columns entityRows;
  final boolean filterByCreated;
  final List<PitReference.View> references = new ArrayList<>();
  final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, FrameColumn> entityColumns = new LinkedHashMap<>();
  final long[] entityTimes;

  private final SplittableRandom random;

  private RandomPitCase(SplittableRandom random, Path dir, Connection duck)
      throws IOException, SQLException {
    this.random = random;
    RepoDefinitions.Builder defs = RepoDefinitions.builder();
    List<Entity> entities = new ArrayList<>();
    int nEntities = 1 + random.nextInt(3);
    for (int e = 0; e < nEntities; e++) {
      int keys = chance(0.25) ? 2 : 1;
      List<String> names = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        names.add("e" + e + "_k" + k);
      }
      double t = random.nextDouble();
      ValueType type = t < 0.5 ? ValueType.INT64 : t < 0.85 ? ValueType.STRING : ValueType.INT32;
      Entity entity = Entity.builder("e" + e).joinKeys(names).valueType(type).build();
      entities.add(entity);
      defs.add(entity);
    }
    int nViews = 1 + random.nextInt(3);
    List<GeneratedView> views = new ArrayList<>();
    for (int v = 0; v < nViews; v++) {
      GeneratedView g = view(v, entities, dir, duck);
      views.add(g);
      defs.add(g.source()).add(g.view());
    }
    filterByCreated = chance(0.4);
    boolean full = chance(0.5);
    RetrievalPlan plan;
    RepoDefinitions frozen;
    if (chance(0.3)) {
      FeatureService service = service(views);
      frozen = defs.add(service).freeze();
      plan = RetrievalPlan.forService(service, DefinitionLookup.of(frozen), full);
      count("feature-service requests");
    } else {
      frozen = defs.freeze();
      plan = RetrievalPlan.forReferences(references(views), DefinitionLookup.of(frozen), full);
    }
    this.plan = plan;
    Map<String, GeneratedView> byName = new HashMap<>();
    views.forEach(g -> byName.put(g.view().name(), g));
    for (ViewPlan p : plan.views()) {
      GeneratedView g = byName.get(p.view().name());
      int[] requested =
          p.features().stream().mapToInt(f -> g.view().featureNames().indexOf(f.name())).toArray();
      PitReference.View r = g.reference();
      references.add(
          new PitReference.View(
              r.rows(), r.stringKeys(), r.ttlMicros(), r.hasCreated(), requested));
    }
    RandomEntityRows rows = new RandomEntityRows(random, this::count);
    this.entityTimes = rows.build(plan, entityColumns);
    this.entityRows = new EntityRows.Columns(new ArrayList<>(entityColumns.values()));
    this.definitions = frozen;
    count("cases");
  }

  static RandomPitCase generate(long seed, Path dir, Connection duck)
      throws IOException, SQLException {
    Files.createDirectories(dir);
    return new RandomPitCase(new SplittableRandom(seed), dir, duck);
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  void count(String what) {
    counts.merge(what, 1L, Long::sum);
  }

  private GeneratedView view(int v, List<Entity> entities, Path dir, Connection duck)
      throws IOException, SQLException {
    List<Entity> used = new ArrayList<>();
    double shape = random.nextDouble();
    if (shape < 0.2) {
      count("entity-less views");
    } else {
      used.add(entities.get(random.nextInt(entities.size())));
      if (shape > 0.85 && entities.size() > 1) {
        Entity other = entities.get(random.nextInt(entities.size()));
        if (!used.contains(other)) {
          used.add(other);
        }
      }
    }
    List<String> keyNames = new ArrayList<>();
    List<Boolean> stringKeys = new ArrayList<>();
    List<ValueType> keyTypes = new ArrayList<>();
    for (Entity e : used) {
      for (String k : e.joinKeys()) {
        keyNames.add(k);
        stringKeys.add(e.valueType() == ValueType.STRING);
        keyTypes.add(e.valueType());
      }
    }
    if (keyNames.size() > 1) {
      count("composite-key views");
    }
    Duration ttl = chance(0.45) ? Duration.ZERO : Duration.ofSeconds(1 + random.nextInt(4));
    if (!ttl.isZero()) {
      count("views with ttl");
    }
    boolean created = chance(0.6);
    if (created) {
      count("views with a created column");
    }
    int nFeatures = 1 + random.nextInt(3);
    List<String> features = new ArrayList<>();
    List<ScalarType> types = new ArrayList<>();
    FeatureView.Builder b =
        FeatureView.builder("v" + v)
            .entities(used.stream().map(Entity::name).toList())
            .ttl(ttl)
            .source("s" + v);
    for (int f = 0; f < nFeatures; f++) {
      ScalarType type = FEATURE_TYPES[random.nextInt(FEATURE_TYPES.length)];
      features.add("v" + v + "_f" + f);
      types.add(type);
      b.field("v" + v + "_f" + f, type);
    }
    boolean mapped = chance(0.3);
    if (mapped) {
      count("views with field_mapping");
    }
    Map<String, String> mapping = new HashMap<>();
    List<String> columns = new ArrayList<>();
    for (String k : keyNames) {
      columns.add(rename(mapped, mapping, k));
    }
    String tsName = "event_ts";
    columns.add(rename(mapped, mapping, tsName));
    String createdName = created ? "created_ts" : null;
    if (created) {
      columns.add(rename(mapped, mapping, createdName));
    }
    for (String f : features) {
      columns.add(rename(mapped, mapping, f));
    }
    List<Object[]> keyValues = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<Long> createdTimes = new ArrayList<>();
    List<Object[]> featureValues = new ArrayList<>();
    int n = chance(0.05) ? 0 : 2 + random.nextInt(11);
    for (int i = 0; i < n; i++) {
      if (i > 0 && chance(0.2)) {
        int j = random.nextInt(i);
        keyValues.add(keyValues.get(j).clone());
        times.add(times.get(j));
        createdTimes.add(createdTimes.get(j));
      } else {
        Object[] keys = new Object[keyNames.size()];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = chance(0.04) ? null : sourceKey(keyTypes.get(k));
        }
        keyValues.add(keys);
        long ts = random.nextInt(9) * 1_000_000L;
        times.add(ts);
        createdTimes.add(
            !created || chance(0.2) ? null : ts + (random.nextInt(4) - 1) * 1_000_000L);
      }
      Object[] values = new Object[nFeatures];
      for (int f = 0; f < nFeatures; f++) {
        values[f] = chance(0.2) ? null : featureValue(types.get(f));
      }
      featureValues.add(values);
    }
    double format = random.nextDouble();
    String path;
    int files = 1;
    int[] fileOf = new int[n];
    if (format < 0.5) {
      count("CSV sources");
      path = dir.resolve("s" + v + ".csv").toString();
    } else if (format < 0.75) {
      count("Parquet file sources");
      path = dir.resolve("s" + v + ".parquet").toString();
    } else {
      count("Parquet directory sources");
      path = dir.resolve("s" + v).toString();
      files = 2 + random.nextInt(2);
      for (int i = 0; i < n; i++) {
        fileOf[i] = random.nextInt(files);
      }
    }
    List<String> fileNames =
        new ArrayList<>(List.of("part-a", "part-b", "part-c").subList(0, files));
    Collections.shuffle(fileNames, new Random(random.nextLong()));
    List<PitReference.SourceRow> rows = new ArrayList<>();
    int[] rowInFile = new int[files];
    for (int i = 0; i < n; i++) {
      int file = fileOf[i];
      int rank = (int) fileNames.stream().filter(x -> x.compareTo(fileNames.get(file)) < 0).count();
      rows.add(
          new PitReference.SourceRow(
              keyValues.get(i),
              times.get(i),
              createdTimes.get(i),
              files == 1 ? 0 : rank,
              rowInFile[file]++,
              featureValues.get(i)));
    }
    RandomSourceFiles.write(
        duck,
        random,
        path,
        format >= 0.5,
        fileNames,
        fileOf,
        columns,
        keyTypes,
        created,
        types,
        keyValues,
        times,
        createdTimes,
        featureValues);
    Map<String, String> fieldMapping = new HashMap<>();
    mapping.forEach((name, column) -> fieldMapping.put(column, name));
    FileSource source = new FileSource("s" + v, path, tsName, createdName, fieldMapping);
    PitReference.View reference =
        new PitReference.View(rows, stringKeys, ttlMicros(ttl), created, new int[0]);
    return new GeneratedView(b.build(), source, keyNames, reference);
  }

  private String rename(boolean mapped, Map<String, String> mapping, String name) {
    if (!mapped || chance(0.3)) {
      return name;
    }
    mapping.put(name, "src_" + name);
    return "src_" + name;
  }

  private Object sourceKey(ValueType type) {
    return type == ValueType.STRING
        ? STRINGS[random.nextInt(STRINGS.length)]
        : LONGS[random.nextInt(LONGS.length)];
  }

  private Object featureValue(ScalarType type) {
    return switch (type) {
      case FLOAT64 -> chance(0.5) ? random.nextInt(-8, 8) / 4.0 : random.nextDouble() * 1e3;
      case INT64 -> random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
      case STRING -> TEXTS[random.nextInt(TEXTS.length)];
      case BOOL -> random.nextBoolean();
      default -> throw new IllegalStateException(type.toString());
    };
  }

  private List<FeatureReference> references(List<GeneratedView> views) {
    List<FeatureReference> refs = new ArrayList<>();
    for (GeneratedView g : views) {
      for (String f : subset(g.view().featureNames())) {
        refs.add(FeatureReference.of(g.view().name(), f));
      }
    }
    Collections.shuffle(refs, new Random(random.nextLong()));
    return refs;
  }

  private FeatureService service(List<GeneratedView> views) {
    FeatureService.Builder b = FeatureService.builder("svc");
    List<GeneratedView> order = new ArrayList<>(views);
    Collections.shuffle(order, new Random(random.nextLong()));
    for (GeneratedView g : order) {
      Map<String, String> joinKeyMap = new HashMap<>();
      if (chance(0.5) && !g.keyNames().isEmpty()) {
        count("projections with join_key_map");
        for (String k : g.keyNames()) {
          joinKeyMap.put(k, "m_" + g.view().name() + "_" + k);
        }
      }
      String alias = chance(0.4) ? "a_" + g.view().name() : null;
      List<String> features = chance(0.3) ? List.of() : subset(g.view().featureNames());
      b.projection(new FeatureViewProjection(g.view().name(), features, null, alias, joinKeyMap));
    }
    return b.build();
  }

  private List<String> subset(List<String> names) {
    List<String> out = new ArrayList<>(names);
    Collections.shuffle(out, new Random(random.nextLong()));
    return out.subList(0, 1 + random.nextInt(out.size()));
  }

  /** A ttl in microseconds, saturated. */
  private static long ttlMicros(Duration ttl) {
    try {
      return Math.addExact(Math.multiplyExact(ttl.getSeconds(), 1_000_000L), ttl.getNano() / 1_000);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The entity-side key values of {@code view} in row {@code row}. */
  Object[] entityKeys(ViewPlan view, int row) {
    Object[] keys = new Object[view.joinKeys().size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = entityColumns.get(view.joinKeys().get(k).entityColumn()).get(row);
    }
    return keys;
  }

  /** A description for failure messages. */
  String describe() {
    StringJoiner out = new StringJoiner("\n");
    out.add("definitions: " + definitions.all());
    out.add("plan: " + plan);
    out.add("filter_by_created_timestamp: " + filterByCreated);
    entityColumns.values().forEach(c -> out.add("entity " + c));
    for (int i = 0; i < references.size(); i++) {
      out.add("view " + i + " rows:");
      for (PitReference.SourceRow r : references.get(i).rows()) {
        out.add(
            "  keys="
                + Arrays.toString(r.keys())
                + " ts="
                + r.ts()
                + " created="
                + r.created()
                + " file="
                + r.file()
                + " row="
                + r.row()
                + " features="
                + Arrays.toString(r.features()));
      }
    }
    return out.toString();
  }
}
