package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.KeyCoercion;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.StoredRow;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link OnlineStore} contract, written once: every online store backend's test extends this
 * class and says, in {@link #open}, how to open a store of a project at one location of its own
 * (the SQLite store's in this module's tests; another backend's in its own module, which depends on
 * larder-testkit at test scope).
 *
 * <p>What the subclass provides: each test starts from a location where nothing was ever written;
 * every {@link #open} call returns a new store on that same location, as another process would.
 * Stores opened through {@link #store} are closed after each test. Everything is checked through
 * the store's own read API, never through its storage, so the same checks hold for any backend.
 *
 * <p>Atomicity is checked with the interruptions that the API allows in one process: a write whose
 * rows fail part-way, or hold a value or a row that cannot be stored, or whose thread is
 * interrupted. After each, every key holds its row from before the write or its row from the write,
 * whole (values and times), and the store keeps working. Crashes of the writing process are checked
 * by larder-core's {@code MaterializeKillTest} and {@code FaultPointsIT}.
 */
public abstract class OnlineStoreContract {
  protected static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
  protected static final Instant T2 = Instant.parse("2024-01-02T00:00:00.123456Z");
  protected static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");
  protected static final List<Field> FIELDS =
      List.of(field("conv_rate", "Float64"), field("trips", "Int64"), field("city", "String"));
  protected static final List<String> FEATURES = List.of("conv_rate", "trips", "city");
  protected static final OnlineViewSchema.KeyField DRIVER_ID =
      new OnlineViewSchema.KeyField("driver_id", ValueType.INT64);

  private final List<OnlineStore> opened = new ArrayList<>();

  /** A store of {@code project} at this test's location; every call reaches the same data. */
  protected abstract OnlineStore open(String project);

  /** Asserts that nothing was created at this test's location (no file, no keys). */
  protected abstract void assertNothingCreated();

  protected OnlineStore store() {
    return store("shop");
  }

  protected OnlineStore store(String project) {
    OnlineStore s = open(project);
    opened.add(s);
    return s;
  }

  @AfterEach
  public void closeStores() {
    opened.forEach(OnlineStore::close);
    opened.clear();
  }

  protected static JoinKey key(String name, ValueType type) {
    return new JoinKey(name, name, name, type, "e_" + name);
  }

  protected static Field field(String name, String dtype) {
    return Field.of(name, dtype);
  }

  /** View {@code name} keyed by {@link #DRIVER_ID}, with {@link #FIELDS}. */
  protected static OnlineViewSchema view(String name) {
    return view(name, FIELDS);
  }

  /** View {@code name} keyed by {@link #DRIVER_ID}, with {@code fields}. */
  protected static OnlineViewSchema view(String name, List<Field> fields) {
    return new OnlineViewSchema(name, List.of(DRIVER_ID), fields);
  }

  protected static EntityKey driver(long id) {
    return EntityKey.of(List.of(DRIVER_ID.name()), id);
  }

  protected static OnlineRow row(EntityKey key, Instant event, Instant created, Object... values) {
    return new OnlineRow(key, Arrays.asList(values), event, created);
  }

  /** The values of {@code row}, in order, or {@code null} for a missing row. */
  protected static List<Object> values(StoredRow row) {
    if (row == null) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      out.add(row.has(i) ? row.value(i) : "<absent>");
    }
    return out;
  }

  private List<Object> read(OnlineStore s, String view, EntityKey key) {
    return values(s.read(view(view), List.of(key)).get(0));
  }

  @Test
  public void readsAndDeletesBeforeAnyWriteFindNothingAndCreateNothing() {
    OnlineStore s = store();
    assertThat(s.read(view("driver_stats"), List.of(driver(1), driver(2))))
        .containsExactly(null, null);
    s.deleteView(view("driver_stats"));
    s.deleteProject();
    s.write(view("driver_stats"), List.of());
    assertNothingCreated();
  }

  @Test
  public void aWrittenRowReadsBackWithItsTimesAndTypedValues() {
    OnlineViewSchema typed =
        view(
            "v",
            List.of(
                field("i", "Int64"),
                field("d", "Float64"),
                field("s", "String"),
                field("b", "Bool"),
                field("bytes", "Bytes"),
                field("t", "UnixTimestamp"),
                field("list", "Array(Int64)"),
                field("none", "Float64"),
                field("neg", "Int64"),
                field("text_list", "Array(String)")));
    Object[] values = {
      7L,
      0.1,
      "naïve ☃",
      true,
      new byte[] {0, -1, 2},
      T2,
      List.of(1L, 2L),
      null,
      -12345678901L,
      Arrays.asList("a", null)
    };
    store().write(typed, List.of(new OnlineRow(driver(1), Arrays.asList(values), T2, T1)));
    StoredRow row = store().read(typed, List.of(driver(1))).get(0);
    assertThat(row.eventTimestamp()).isEqualTo(T2);
    assertThat(row.createdTimestamp()).isEqualTo(T1);
    assertThat(values(row)).usingRecursiveComparison().isEqualTo(Arrays.asList(values));
    assertThat(row.value(4)).isEqualTo(new byte[] {0, -1, 2});
  }

  @Test
  public void mapAndJsonValuesReadBackAsMapsAndText() {
    OnlineViewSchema docs =
        view("docs", List.of(field("m", "Map"), field("j", "Json"), field("empty", "Map")));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", 1L);
    map.put("a", 0.5);
    map.put("s", "naïve ☃");
    map.put("b", false);
    map.put("n", null);
    Object[] values = {map, "{\"deep\": [1, {\"x\": null}]}", Map.of()};
    store().write(docs, List.of(new OnlineRow(driver(1), Arrays.asList(values), T2, T1)));
    StoredRow row = store().read(docs, List.of(driver(1))).get(0);
    assertThat(row.value(0)).isEqualTo(map);
    assertThat(List.copyOf(((Map<?, ?>) row.value(0)).keySet()))
        .isEqualTo(List.of("z", "a", "s", "b", "n"));
    assertThat(row.value(1)).isEqualTo(values[1]);
    assertThat(row.value(2)).isEqualTo(Map.of());
  }

  @Test
  public void aNewerRowReplacesTheWholeRowAndAnOlderOneIsIgnored() {
    OnlineStore s = store();
    s.write(view("v"), List.of(row(driver(1), T2, null, 0.2, 20L, "b")));
    s.write(view("v"), List.of(row(driver(1), T1, T3, 0.1, 10L, "a")));
    assertThat(read(s, "v", driver(1))).containsExactly(0.2, 20L, "b");
    s.write(view("v"), List.of(row(driver(1), T3, null, null, 30L, null)));
    assertThat(read(s, "v", driver(1))).containsExactly(null, 30L, null);
    assertThat(s.read(view("v"), List.of(driver(1))).get(0).eventTimestamp()).isEqualTo(T3);
  }

  @Test
  public void onAnEventTieTheCreationTimeDecidesWithNullLowestAndEqualRowsReplace() {
    OnlineStore s = store();
    s.write(view("v"), List.of(row(driver(1), T2, T2, 1.0, 1L, "created T2")));
    s.write(view("v"), List.of(row(driver(1), T2, T1, 2.0, 2L, "created T1")));
    s.write(view("v"), List.of(row(driver(1), T2, null, 3.0, 3L, "created null")));
    assertThat(read(s, "v", driver(1))).containsExactly(1.0, 1L, "created T2");
    s.write(view("v"), List.of(row(driver(1), T2, T2, 4.0, 4L, "same times")));
    assertThat(read(s, "v", driver(1))).containsExactly(4.0, 4L, "same times");
    s.write(view("v"), List.of(row(driver(1), T2, T3, 5.0, 5L, "created T3")));
    assertThat(read(s, "v", driver(1))).containsExactly(5.0, 5L, "created T3");

    s.write(view("v"), List.of(row(driver(2), T2, null, 1.0, 1L, "null")));
    s.write(view("v"), List.of(row(driver(2), T2, null, 2.0, 2L, "null again")));
    assertThat(read(s, "v", driver(2))).containsExactly(2.0, 2L, "null again");
    s.write(view("v"), List.of(row(driver(2), T2, T1, 3.0, 3L, "T1 beats null")));
    assertThat(read(s, "v", driver(2))).containsExactly(3.0, 3L, "T1 beats null");
  }

  @Test
  public void withinOneBatchTheNewestRowOfAKeyWinsWhateverItsPlace() {
    OnlineStore s = store();
    s.write(
        view("v"),
        List.of(
            row(driver(1), T3, null, 3.0, 3L, "newest"),
            row(driver(1), T1, null, 1.0, 1L, "oldest"),
            row(driver(2), T1, null, 1.0, 1L, "oldest"),
            row(driver(2), T3, null, 3.0, 3L, "newest")));
    assertThat(read(s, "v", driver(1))).containsExactly(3.0, 3L, "newest");
    assertThat(read(s, "v", driver(2))).containsExactly(3.0, 3L, "newest");
  }

  @Test
  public void aLargeShuffledBatchKeepsPerKeyTheNewestRowAndOfEqualRowsTheLater() {
    // Enough rows, with a key's repeats close together and far apart, that a store writing in
    // chunks or multi-row statements meets a key twice within one and across two.
    Instant[] created = {null, T1, T2};
    java.util.Random random = new java.util.Random(7);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      ids.add(i < 100 ? i / 2 : (long) random.nextInt(200));
    }
    java.util.Collections.shuffle(ids.subList(100, ids.size()), random);
    List<OnlineRow> rows = new ArrayList<>();
    java.util.Map<Long, OnlineRow> expected = new java.util.HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      Instant event = random.nextBoolean() ? T1 : T2;
      OnlineRow r =
          row(driver(ids.get(i)), event, created[random.nextInt(3)], i * 1.0, (long) i, "r" + i);
      rows.add(r);
      expected.merge(ids.get(i), r, (old, now) -> notOlder(now, old) ? now : old);
    }
    OnlineStore s = store();
    s.write(view("v"), rows);
    for (java.util.Map.Entry<Long, OnlineRow> e : expected.entrySet()) {
      assertThat(read(s, "v", driver(e.getKey())))
          .as("driver %d", e.getKey())
          .isEqualTo(e.getValue().values());
    }
  }

  /**
   * Whether {@code a}'s (event, created) is not older than {@code b}'s; a null created is lowest.
   */
  private static boolean notOlder(OnlineRow a, OnlineRow b) {
    int byEvent = a.eventTimestamp().compareTo(b.eventTimestamp());
    if (byEvent != 0) {
      return byEvent > 0;
    }
    if (a.createdTimestamp() == null) {
      return b.createdTimestamp() == null;
    }
    return b.createdTimestamp() == null
        || a.createdTimestamp().compareTo(b.createdTimestamp()) >= 0;
  }

  @Test
  public void keysAreTypedIntAndLongAlikeTextApartAndOrderedByName() {
    OnlineStore s = store();
    JoinKey id = key("driver_id", ValueType.INT64);
    Object fromInt = KeyCoercion.value(1, id, () -> "int");
    Object fromText = KeyCoercion.value("+1", id, () -> "text");
    assertThat(view("v").key(fromInt)).isEqualTo(driver(1)).isEqualTo(view("v").key(fromText));
    OnlineViewSchema byName =
        new OnlineViewSchema(
            "v", List.of(new OnlineViewSchema.KeyField("driver_id", ValueType.STRING)), FIELDS);

    s.write(view("v"), List.of(row(driver(1), T1, null, 1.0, 1L, "long key")));
    s.write(byName, List.of(row(byName.key("1"), T1, null, 2.0, 2L, "text key")));
    assertThat(read(s, "v", view("v").key(fromInt))).containsExactly(1.0, 1L, "long key");
    assertThat(values(s.read(byName, List.of(byName.key("1"))).get(0)))
        .containsExactly(2.0, 2L, "text key");

    OnlineViewSchema ab =
        new OnlineViewSchema(
            "w",
            List.of(
                new OnlineViewSchema.KeyField("a", ValueType.INT64),
                new OnlineViewSchema.KeyField("b", ValueType.STRING)),
            FIELDS);
    OnlineViewSchema ba =
        new OnlineViewSchema("w", List.of(ab.joinKeys().get(1), ab.joinKeys().get(0)), FIELDS);
    s.write(ab, List.of(row(ab.key(5L, "x"), T1, null, 3.0, 3L, "a=5 b=x")));
    assertThat(values(s.read(ba, List.of(ba.key("x", 5L), ba.key("y", 5L))).get(0)))
        .containsExactly(3.0, 3L, "a=5 b=x");
    assertThat(s.read(ba, List.of(ba.key("y", 5L))).get(0)).isNull();

    OnlineViewSchema entityless = new OnlineViewSchema("totals", List.of(), FIELDS);
    s.write(entityless, List.of(row(entityless.key(), T1, null, 4.0, 4L, "no entity")));
    assertThat(values(s.read(entityless, List.of(entityless.key())).get(0)))
        .containsExactly(4.0, 4L, "no entity");
  }

  @Test
  public void viewsAndProjectsDoNotMixAndDeletesRemoveOnlyTheirRows() {
    OnlineStore shop = store("shop");
    OnlineStore other = store("other");
    shop.write(view("a"), List.of(row(driver(1), T1, null, 1.0, 1L, "shop a")));
    shop.write(view("b"), List.of(row(driver(1), T1, null, 2.0, 2L, "shop b")));
    other.write(view("a"), List.of(row(driver(1), T1, null, 3.0, 3L, "other a")));
    assertThat(read(shop, "a", driver(1))).containsExactly(1.0, 1L, "shop a");
    assertThat(read(shop, "b", driver(1))).containsExactly(2.0, 2L, "shop b");
    assertThat(read(other, "a", driver(1))).containsExactly(3.0, 3L, "other a");

    shop.deleteView(view("a"));
    assertThat(read(shop, "a", driver(1))).isNull();
    assertThat(read(shop, "b", driver(1))).containsExactly(2.0, 2L, "shop b");
    shop.write(view("a"), List.of(row(driver(1), T1, null, 4.0, 4L, "again")));
    assertThat(read(store("shop"), "a", driver(1))).containsExactly(4.0, 4L, "again");

    shop.deleteProject();
    assertThat(read(shop, "a", driver(1))).isNull();
    assertThat(read(store("shop"), "b", driver(1))).isNull();
    assertThat(read(other, "a", driver(1))).containsExactly(3.0, 3L, "other a");
  }

  /**
   * What a breaking apply relies on: once one instance deletes a view, every instance finds none of
   * its rows, an older row is accepted again (the not-older rule starts afresh), and the view takes
   * another feature list with other types; other views keep theirs.
   */
  @Test
  public void aDeletedViewStartsAfreshWithOtherFeaturesAndTypesForEveryInstance() {
    OnlineStore reader = store();
    reader.write(view("v"), List.of(row(driver(1), T3, null, 1.0, 1L, "old")));
    reader.write(view("w"), List.of(row(driver(1), T3, null, 2.0, 2L, "kept")));
    assertThat(read(reader, "v", driver(1))).containsExactly(1.0, 1L, "old");

    store().deleteView(view("v"));

    assertThat(read(reader, "v", driver(1))).isNull();
    OnlineViewSchema retyped =
        view("v", List.of(field("trips", "Float64"), field("rating", "String")));
    store().write(retyped, List.of(row(driver(1), T1, null, 1.5, "five")));
    assertThat(values(reader.read(retyped, List.of(driver(1))).get(0)))
        .containsExactly(1.5, "five");
    assertThat(read(reader, "w", driver(1))).containsExactly(2.0, 2L, "kept");
  }

  @Test
  public void manyKeysReadInOneCallInTheirOrderWithMissesAndDuplicates() {
    OnlineStore s = store();
    List<OnlineRow> rows = new ArrayList<>();
    for (long id = 0; id < 600; id += 2) {
      rows.add(row(driver(id), T1, null, id * 0.5, id, "d" + id));
    }
    s.write(view("v"), rows);
    List<EntityKey> keys = new ArrayList<>();
    for (long id = 599; id >= 0; id--) {
      keys.add(driver(id));
    }
    keys.add(driver(4));
    keys.add(driver(5));
    List<StoredRow> read = s.read(view("v"), keys);
    assertThat(read).hasSize(602);
    for (int i = 0; i < 600; i++) {
      long id = 599 - i;
      assertThat(values(read.get(i)))
          .isEqualTo(id % 2 == 0 ? List.of(id * 0.5, id, "d" + id) : null);
    }
    assertThat(values(read.get(600))).containsExactly(2.0, 4L, "d4");
    assertThat(read.get(601)).isNull();
    assertThat(s.read(view("v"), List.of())).isEmpty();
  }

  @Test
  public void readsTakeAnyFeaturesInAnyOrderAndMarkFeaturesTheRowLacks() {
    OnlineStore s = store();
    s.write(view("v"), List.of(row(driver(1), T1, null, 0.5, 5L, "x")));
    Field added = field("added_later", "Bool");
    StoredRow row =
        s.read(view("v", List.of(FIELDS.get(2), added, FIELDS.get(0))), List.of(driver(1))).get(0);
    assertThat(values(row)).containsExactly("x", "<absent>", 0.5);
    assertThat(row.has(1)).isFalse();
    assertThat(row.value(1)).isNull();

    s.write(
        view("v", List.of(FIELDS.get(2), added, FIELDS.get(1), FIELDS.get(0))),
        List.of(row(driver(1), T2, null, "y", true, 6L, 0.6)));
    assertThat(read(s, "v", driver(1))).containsExactly(0.6, 6L, "y");
  }

  @Test
  public void concurrentReadersSeeEachRowWhole() throws Exception {
    OnlineStore s = store();
    int keys = 50;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int round = 1; round <= 40; round++) {
                  List<OnlineRow> rows = new ArrayList<>();
                  Instant t = T1.plusSeconds(round);
                  for (long id = 0; id < keys; id++) {
                    rows.add(row(driver(id), t, null, (double) round, (long) round, "r" + round));
                  }
                  s.write(view("v"), rows);
                }
              });
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  List<EntityKey> all = new ArrayList<>();
                  for (long id = 0; id < keys; id++) {
                    all.add(driver(id));
                  }
                  while (!writer.isDone()) {
                    for (StoredRow row : s.read(view("v"), all)) {
                      if (row != null) {
                        long round = (Long) row.value(1);
                        assertThat(values(row)).containsExactly((double) round, round, "r" + round);
                        assertThat(row.eventTimestamp()).isEqualTo(T1.plusSeconds(round));
                      }
                    }
                  }
                }));
      }
      writer.get(60, TimeUnit.SECONDS);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(read(s, "v", driver(0))).containsExactly(40.0, 40L, "r40");
  }

  // ---------------------------------------------------------------------------------------------
  // Atomicity: writes interrupted part-way

  /** The features of the interrupted writes; {@code history} is a list, between scalars. */
  protected static final List<Field> HISTORY_FIELDS =
      List.of(
          field("conv_rate", "Float64"),
          field("history", "Array(Int64)"),
          field("trips", "Int64"),
          field("city", "String"));

  /** View {@code name} keyed by {@link #DRIVER_ID}, with {@link #HISTORY_FIELDS}. */
  protected static OnlineViewSchema historyView(String name) {
    return view(name, HISTORY_FIELDS);
  }

  /** Keys {@code 0 .. OLD_KEYS - 1} hold a row before the interrupted write; the rest do not. */
  protected static final int OLD_KEYS = 400;

  /** Keys in an interrupted write (in shuffled order), of which {@code OLD_KEYS} held a row. */
  protected static final int BATCH_KEYS = 500;

  /**
   * Where the write is interrupted: past several chunks of rows, as a store that writes a large
   * batch in pieces (statements of 64 rows, pipelines) would cut it.
   */
  protected static final int INTERRUPTED_AT = 300;

  /** Key {@code id}'s row before the interrupted write. */
  protected static OnlineRow oldRow(long id) {
    return row(driver(id), T1, null, id * 1.0, List.of(id), id, "old");
  }

  /** Key {@code id}'s row in the interrupted write: newer, every value different. */
  protected static OnlineRow newRow(long id) {
    return row(driver(id), T2, T3, id * 2.0, List.of(id, id + 1), id * 10, "new " + id);
  }

  /** The keys of the interrupted write, in the order of its rows: not the keys' order. */
  protected static final List<Long> BATCH_ORDER = batchOrder();

  private static List<Long> batchOrder() {
    List<Long> ids = new ArrayList<>();
    for (long id = 0; id < BATCH_KEYS; id++) {
      ids.add(id);
    }
    Collections.shuffle(ids, new Random(11));
    return List.copyOf(ids);
  }

  /** The interrupted write's rows: every key's new row, in {@link #BATCH_ORDER}. */
  protected static List<OnlineRow> newRows() {
    return BATCH_ORDER.stream().map(OnlineStoreContract::newRow).toList();
  }

  /** Writes every old row to {@code view} and returns the store. */
  private OnlineStore withOldRows(String view) {
    OnlineStore s = store();
    List<OnlineRow> rows = new ArrayList<>();
    for (long id = 0; id < OLD_KEYS; id++) {
      rows.add(oldRow(id));
    }
    s.write(historyView(view), rows);
    return s;
  }

  /** {@code rows}, throwing {@code e} when a row at or after {@code at} is read. */
  protected static List<OnlineRow> failingFrom(List<OnlineRow> rows, int at, RuntimeException e) {
    return new AbstractList<>() {
      @Override
      public OnlineRow get(int i) {
        if (i >= at) {
          throw e;
        }
        return rows.get(i);
      }

      @Override
      public int size() {
        return rows.size();
      }
    };
  }

  /** A row as its times and values, for comparing a stored row with a written one. */
  private static List<Object> whole(OnlineRow row) {
    List<Object> out =
        new ArrayList<>(List.of(row.eventTimestamp(), String.valueOf(row.createdTimestamp())));
    out.addAll(row.values());
    return out;
  }

  private static List<Object> whole(StoredRow row) {
    if (row == null) {
      return null;
    }
    List<Object> out =
        new ArrayList<>(List.of(row.eventTimestamp(), String.valueOf(row.createdTimestamp())));
    out.addAll(values(row));
    return out;
  }

  /**
   * Checks, through the store's reads, that every key of the interrupted write holds its old row
   * (none for a key that had none) or its new row, whole; keys in {@code untouched} hold their old
   * row. Returns how many hold the new one.
   */
  protected static int assertEachKeyOldOrNew(OnlineStore s, String view, Set<Long> untouched) {
    List<EntityKey> keys = new ArrayList<>();
    for (long id = 0; id < BATCH_KEYS; id++) {
      keys.add(driver(id));
    }
    List<StoredRow> read = s.read(historyView(view), keys);
    int newer = 0;
    for (int id = 0; id < BATCH_KEYS; id++) {
      List<Object> before = id < OLD_KEYS ? whole(oldRow(id)) : null;
      List<Object> after = whole(newRow(id));
      List<Object> actual = whole(read.get(id));
      if (untouched.contains((long) id)) {
        assertThat(actual).as("key %d, whose new row the write never took", id).isEqualTo(before);
      } else {
        assertThat(actual).as("key %d holds its old or its new row, whole", id).isIn(before, after);
      }
      newer += Objects.equals(actual, after) ? 1 : 0;
    }
    return newer;
  }

  /**
   * After an interrupted write, the store is still usable: the same write, whole, leaves every key
   * at its new row.
   */
  private void assertTheWholeWriteStillSucceeds(String view) {
    OnlineStore again = store();
    again.write(historyView(view), newRows());
    assertThat(assertEachKeyOldOrNew(again, view, Set.of())).isEqualTo(BATCH_KEYS);
  }

  /** Whether {@code failure} is {@code e} or among its causes. */
  private static boolean causedBy(Throwable e, Throwable failure) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t == failure) {
        return true;
      }
    }
    return false;
  }

  /** The keys of the rows at or after {@code at} in the interrupted write. */
  private static Set<Long> keysFrom(int at) {
    return Set.copyOf(BATCH_ORDER.subList(at, BATCH_KEYS));
  }

  /** The key of the row at which the write is interrupted. */
  private static Set<Long> interruptedKey() {
    return Set.of(BATCH_ORDER.get(INTERRUPTED_AT));
  }

  /**
   * A write whose rows fail to be read part-way (the caller's source broke): the failure reaches
   * the caller, rows the store never got leave their keys at their old rows, and every other key
   * holds its old or its new row, whole.
   */
  @Test
  public void aWriteWhoseRowsFailPartWayLeavesEveryKeyWithItsOldOrItsNewRow() {
    OnlineStore s = withOldRows("v");
    List<OnlineRow> rows = newRows();
    RuntimeException failure = new IllegalStateException("the source broke");
    assertThatThrownBy(() -> s.write(historyView("v"), failingFrom(rows, INTERRUPTED_AT, failure)))
        .as("the failure reaches the caller")
        .satisfies(e -> assertThat(causedBy(e, failure)).as("%s", e).isTrue());
    assertEachKeyOldOrNew(store(), "v", keysFrom(INTERRUPTED_AT));
    assertTheWholeWriteStillSucceeds("v");
  }

  /**
   * A value that no feature type has, part-way through a write, is refused with an {@link
   * IllegalArgumentException}; its row's key keeps its old row and every key holds its old or its
   * new row, whole.
   */
  @Test
  public void aWriteWithAValueNoFeatureHasPartWayLeavesEveryKeyWithItsOldOrItsNewRow() {
    OnlineStore s = withOldRows("v");
    List<OnlineRow> rows = new ArrayList<>(newRows());
    OnlineRow bad = rows.get(INTERRUPTED_AT);
    List<Object> values = new ArrayList<>(bad.values());
    values.set(2, new Object());
    rows.set(INTERRUPTED_AT, new OnlineRow(bad.key(), values, T2, T3));
    assertThatThrownBy(() -> s.write(historyView("v"), rows))
        .isInstanceOf(IllegalArgumentException.class);
    assertEachKeyOldOrNew(store(), "v", interruptedKey());
    assertTheWholeWriteStillSucceeds("v");
  }

  /**
   * A row with fewer values than features, part-way through a write, is refused with an {@link
   * IllegalArgumentException}; its key keeps its old row and every key holds its old or its new
   * row, whole.
   */
  @Test
  public void aWriteWithAShortRowPartWayLeavesEveryKeyWithItsOldOrItsNewRow() {
    OnlineStore s = withOldRows("v");
    List<OnlineRow> rows = new ArrayList<>(newRows());
    OnlineRow bad = rows.get(INTERRUPTED_AT);
    rows.set(INTERRUPTED_AT, new OnlineRow(bad.key(), bad.values().subList(0, 3), T2, T3));
    assertThatThrownBy(() -> s.write(historyView("v"), rows))
        .isInstanceOf(IllegalArgumentException.class);
    assertEachKeyOldOrNew(store(), "v", interruptedKey());
    assertTheWholeWriteStillSucceeds("v");
  }

  /**
   * A write interrupted in the middle of a row: a list value whose elements fail to be read after
   * the first, with the row's first feature already taken and its last two not. The failure reaches
   * the caller; that key keeps its old row, never part of the new one.
   */
  @Test
  public void aWriteInterruptedInsideARowNeverStoresPartOfIt() {
    OnlineStore s = withOldRows("v");
    List<OnlineRow> rows = new ArrayList<>(newRows());
    OnlineRow bad = rows.get(INTERRUPTED_AT);
    RuntimeException failure = new IllegalStateException("the value's source broke");
    List<Object> brokenList =
        new AbstractList<>() {
          @Override
          public Object get(int i) {
            if (i >= 1) {
              throw failure;
            }
            return BATCH_ORDER.get(INTERRUPTED_AT);
          }

          @Override
          public int size() {
            return 2;
          }
        };
    List<Object> values = new ArrayList<>(bad.values());
    values.set(1, brokenList);
    rows.set(INTERRUPTED_AT, new OnlineRow(bad.key(), values, T2, T3));
    assertThatThrownBy(() -> s.write(historyView("v"), rows))
        .satisfies(e -> assertThat(causedBy(e, failure)).as("%s", e).isTrue());
    assertEachKeyOldOrNew(store(), "v", interruptedKey());
    assertTheWholeWriteStillSucceeds("v");
  }

  /**
   * A write whose thread is interrupted while the store reads its rows either completes or fails;
   * either way every key holds its old or its new row, whole, and the store keeps working (for this
   * thread too, once the interrupt is cleared).
   */
  @Test
  public void aWriteWhoseThreadIsInterruptedLeavesEveryKeyWithItsOldOrItsNewRow() {
    OnlineStore s = withOldRows("v");
    List<OnlineRow> rows = newRows();
    List<OnlineRow> interrupting =
        new AbstractList<>() {
          @Override
          public OnlineRow get(int i) {
            if (i == INTERRUPTED_AT) {
              Thread.currentThread().interrupt();
            }
            return rows.get(i);
          }

          @Override
          public int size() {
            return rows.size();
          }
        };
    try {
      s.write(historyView("v"), interrupting);
    } catch (RuntimeException e) {
      // allowed: an interrupted write may give up, as long as no key is left half-written
    } finally {
      Thread.interrupted();
    }
    assertEachKeyOldOrNew(store(), "v", Set.of());
    assertTheWholeWriteStillSucceeds("v");
  }
}
