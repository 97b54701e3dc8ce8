package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite online store's own rules: its file, schema, row format, prepared batches and factory.
 * The online store contract that every backend passes runs on it in larder-testkit ({@code
 * SqliteOnlineStoreContractTest}).
 */
class SqliteOnlineStoreTest {
  static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant T2 = Instant.parse("2024-01-02T00:00:00.123456Z");
  static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");
  static final List<String> FEATURES = List.of("conv_rate", "trips", "city");
  static final List<Field> FIELDS =
      List.of(
          Field.of("conv_rate", "Float64"), Field.of("trips", "Int64"), Field.of("city", "String"));
  static final OnlineViewSchema.KeyField DRIVER_ID =
      new OnlineViewSchema.KeyField("driver_id", ValueType.INT64);

  @TempDir Path dir;
  private final List<OnlineStore> opened = new ArrayList<>();

  private Path file() {
    return dir.resolve("data/online_store.db");
  }

  private OnlineStore open(String project) {
    return new SqliteOnlineStore(file(), project);
  }

  private OnlineStore store() {
    OnlineStore s = open("shop");
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(OnlineStore::close);
  }

  private void assertNothingCreated() {
    assertThat(file()).doesNotExist();
    assertThat(file().getParent()).doesNotExist();
  }

  private static EntityKey driver(long id) {
    return EntityKey.of(List.of(DRIVER_ID.name()), id);
  }

  private static Field field(String name, String dtype) {
    return Field.of(name, dtype);
  }

  /** View {@code name} keyed by {@link #DRIVER_ID}, with {@link #FIELDS}. */
  private static OnlineViewSchema view(String name) {
    return view(name, FIELDS);
  }

  /** View {@code name} keyed by {@link #DRIVER_ID}, with {@code fields}. */
  private static OnlineViewSchema view(String name, List<Field> fields) {
    return new OnlineViewSchema(name, List.of(DRIVER_ID), fields);
  }

  private static OnlineRow row(EntityKey key, Instant event, Instant created, Object... values) {
    return new OnlineRow(key, Arrays.asList(values), event, created);
  }

  /** The values of {@code row}, in order, or {@code null} for a missing row. */
  private static List<Object> values(StoredRow row) {
    if (row == null) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      out.add(row.has(i) ? row.value(i) : "<absent>");
    }
    return out;
  }

  private List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void theFileIsInWalModeWithOneRowPerKeyAndTheDocumentedRowFormat() throws SQLException {
    store().write(view("driver_stats"), List.of(row(driver(1), T2, T1, 0.5, -1L, "x")));
    store().write(view("driver_stats"), List.of(row(driver(1), T3, null, 0.5, -1L, "x")));
    assertThat(query("PRAGMA journal_mode")).containsExactly(List.of("wal"));
    assertThat(query("PRAGMA page_size")).containsExactly(List.of(SqliteOnlineStore.PAGE_SIZE));
    assertThat(query("SELECT version FROM larder_online_schema")).containsExactly(List.of(1));
    assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        .containsExactly(
            List.of("larder_online_layouts"),
            List.of("larder_online_schema"),
            List.of("shop:driver_stats"));
    assertThat(query("SELECT features FROM larder_online_layouts"))
        .containsExactly(List.of("conv_rate,trips,city"));
    List<List<Object>> rows =
        query("SELECT entity_key, event_ts, created_ts, feature_values FROM \"shop:driver_stats\"");
    assertThat(rows).hasSize(1);
    assertThat((byte[]) rows.get(0).get(0))
        .isEqualTo(new SqliteKeyFormat(List.of(DRIVER_ID)).encode(driver(1)));
    assertThat(rows.get(0).get(1)).isEqualTo(1_704_240_000_000_000L);
    assertThat(rows.get(0).get(2)).isNull();
    byte[] blob = (byte[]) rows.get(0).get(3);
    int layout = new Layout(FEATURES).id();
    assertThat(blob)
        .startsWith(1, layout, layout >>> 8, layout >>> 16, layout >>> 24)
        .hasSize(1 + 4 + 9 + 2 + 3);
    assertThat(blob[5]).isEqualTo((byte) ValueEncoding.DOUBLE);
    assertThat(blob[14]).isEqualTo((byte) ValueEncoding.INTEGER);
    assertThat(blob[15]).isEqualTo((byte) 1); // zigzag(-1)
    assertThat(new String(blob, 17, 2, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("\u0001x");
  }

  @Test
  void aPreparedBatchTouchesNothingUntilWrittenAndOnlyItsOwnStoreWritesIt() {
    SqliteOnlineStore s = (SqliteOnlineStore) store();
    PreparedWrites.Batch batch =
        s.prepare(view("v"), List.of(row(driver(2), T1, null, 0.5, 5L, "b")));
    assertThat(batch.size()).isEqualTo(1);
    assertNothingCreated();
    SqliteOnlineStore other = new SqliteOnlineStore(dir.resolve("other.db"), "shop");
    try {
      assertThatThrownBy(() -> other.write(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another online store");
    } finally {
      other.close();
    }
    s.write(batch);
    assertThat(values(s.read(view("v"), List.of(driver(2))).get(0))).containsExactly(0.5, 5L, "b");
  }

  @Test
  void aBatchFilledRowByRowStoresTheBytesThatPrepareWouldAndChecksEachRow() throws SQLException {
    List<dev.larder.core.model.Field> features =
        List.of(
            field("i", "Int64"),
            field("d", "Float64"),
            field("n", "Float64"),
            field("s", "String"),
            field("b", "Bool"),
            field("t", "UnixTimestamp"),
            field("bytes", "Bytes"),
            field("list", "Array(Int64)"));
    Object[] values = {-7L, 0.25, null, "x", true, T2, new byte[] {1, 2}, Arrays.asList(1L, null)};
    SqliteOnlineStore s = (SqliteOnlineStore) store();
    List<OnlineRow> rows = new ArrayList<>();
    PreparedWrites.RowBatch batch = s.newBatch(view("typed", features));
    for (long id : new long[] {3, 1, 2}) {
      rows.add(new OnlineRow(driver(id), Arrays.asList(values), T2, id == 2 ? null : T1));
      batch.startRow(driver(id), T2, id == 2 ? null : T1);
      batch.longValue(-7L);
      batch.doubleValue(0.25);
      batch.nullValue();
      for (int v = 3; v < values.length; v++) {
        batch.objectValue(values[v]);
      }
      batch.endRow();
    }
    assertThat(batch.size()).isEqualTo(3);
    s.write(batch.build());
    s.write(s.prepare(view("boxed", features), rows));
    assertThat(query("SELECT entity_key, event_ts, created_ts, feature_values FROM \"shop:typed\""))
        .usingRecursiveComparison()
        .isEqualTo(
            query("SELECT entity_key, event_ts, created_ts, feature_values FROM \"shop:boxed\""))
        .asList()
        .hasSize(3);

    PreparedWrites.RowBatch shortRow = s.newBatch(view("typed", features));
    shortRow.startRow(driver(4), T1, null);
    shortRow.doubleValue(1.0);
    assertThatThrownBy(shortRow::endRow)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 values for 8 features");
    assertThat(shortRow.size()).isZero();
    assertThatThrownBy(() -> shortRow.startRow(view("w").key("1"), T1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("join key 'driver_id' (INT64) needs a Long, got String");
    assertThatThrownBy(() -> view("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'bad name' is not a valid feature view name");
  }

  @Test
  void theEntityKeyBytesFollowFeastVersion3WithOrderPreservingIntegersAsExistingFilesHoldThem() {
    byte[] header = {
      1, 0, 0, 0, 2, 0, 0, 0, 9, 0, 0, 0, 'd', 'r', 'i', 'v', 'e', 'r', '_', 'i', 'd'
    };
    byte[] value = {4, 0, 0, 0, 8, 0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
    byte[] bytes = new SqliteKeyFormat(List.of(DRIVER_ID)).encode(driver(1));
    assertThat(Arrays.copyOfRange(bytes, 0, header.length)).isEqualTo(header);
    assertThat(Arrays.copyOfRange(bytes, header.length, bytes.length)).isEqualTo(value);
  }

  @Test
  void aReopenedStoreReadsWhatAnotherWrote() {
    store().write(view("v"), List.of(row(driver(3), T1, null, 1.5, 3L, "kept")));
    try (OnlineStore reopened = open("shop")) {
      assertThat(values(reopened.read(view("v"), List.of(driver(3))).get(0)))
          .containsExactly(1.5, 3L, "kept");
    }
  }

  @Test
  void aStoreReadingBeforeTheFileExistsSeesRowsWrittenLater() {
    OnlineStore reader = store();
    assertThat(reader.read(view("v"), List.of(driver(1)))).containsExactly((StoredRow) null);
    store().write(view("v"), List.of(row(driver(1), T1, null, 1.0, 1L, "later")));
    assertThat(values(reader.read(view("v"), List.of(driver(1))).get(0)))
        .containsExactly(1.0, 1L, "later");
    store().deleteView(view("v"));
    assertThat(reader.read(view("v"), List.of(driver(1)))).containsExactly((StoredRow) null);
  }

  @Test
  void anotherDatabaseIsRefusedBeforeAnythingIsWritten() throws Exception {
    Files.createDirectories(file().getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE mine (x INTEGER)");
    }
    assertThatThrownBy(
            () -> store().write(view("v"), List.of(row(driver(1), T1, null, 1.0, 1L, "x"))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("is a SQLite database but not a Larder online store")
        .hasMessageContaining("[mine]");
    assertThat(query("SELECT name FROM sqlite_master")).containsExactly(List.of("mine"));
  }

  @Test
  void theFactoryIsFoundByTypeAndUnknownTypesNameTheAvailableOnes() {
    RepoConfig config =
        new RepoConfig(
            dir,
            "shop",
            new StoreConfig("sqlite", Map.of("path", file().toString())),
            "local",
            new StoreConfig("sqlite", Map.of("path", file().toString())),
            StoreConfig.of("duckdb"),
            3,
            StoreConfig.of("none"));
    try (OnlineStore s = OnlineStore.open(config)) {
      assertThat(s).isInstanceOf(SqliteOnlineStore.class);
      assertThat(s.location()).isEqualTo(file().toString());
    }
    assertThatThrownBy(() -> OnlineStoreFactory.forType("redis"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage("online_store type 'redis' is not available; available: sqlite");
  }
}
