package dev.larder.core.online;

import dev.larder.core.BackendException;
import dev.larder.core.FaultPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writing side of a {@link SqliteOnlineStore}: one connection, opened (and the file and its
 * schema created) by the first write, with the upsert of each table prepared once. Its methods are
 * synchronized, so writes of one store run one at a time; each is one {@code BEGIN IMMEDIATE}
 * transaction.
 */
final class SqliteOnlineWriter {
  private static final String TABLE_COLUMNS =
      " (entity_key BLOB NOT NULL PRIMARY KEY, event_ts INTEGER NOT NULL, created_ts INTEGER,"
          + " feature_values BLOB NOT NULL) WITHOUT ROWID";

  /**
   * Rows per upsert statement. sqlite-jdbc crosses JNI for each bound value, but resets, steps and
   * counts changes once per statement: bare inserts of 2M rows took about 15% less CPU with 64 rows
   * a statement than with one.
   */
  static final int ROWS_PER_STATEMENT = 64;

  /**
   * The WAL size, in pages, past which a commit copies it into the database: 4,000 pages (64 MB of
   * 16 KiB pages) rather than SQLite's 1,000. Fewer, larger checkpoints copy a page rewritten by
   * several transactions once: 10M rows were materialized in about 19.6 s against 20.3 s (three
   * runs each, alternating); 8,000 pages gained nothing more.
   */
  static final int WAL_AUTOCHECKPOINT_PAGES = 4_000;

  private final SqliteOnlineStore store;

  /** Upserts by row count and table ({@code "64 \"shop:stats\""}). */
  private final Map<String, PreparedStatement> upserts = new HashMap<>();

  private final Set<Integer> storedLayouts = new HashSet<>();
  private Connection connection;
  private boolean closed;

  SqliteOnlineWriter(SqliteOnlineStore store) {
    this.store = store;
  }

  /** Upserts {@code rows} into their table (created if missing), in their order. */
  synchronized void write(SqliteBatch rows) {
    Connection c = connection();
    try {
      transaction(
          c,
          () -> {
            SqliteOnlineStore.execute(
                c, "CREATE TABLE IF NOT EXISTS " + rows.table + TABLE_COLUMNS);
            storeLayout(c, rows.layout);
            int n = rows.size();
            int full = n - n % ROWS_PER_STATEMENT;
            if (full > 0) {
              PreparedStatement many = upsert(c, rows.table, ROWS_PER_STATEMENT);
              for (int i = 0; i < full; i += ROWS_PER_STATEMENT) {
                for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                  bind(many, r, rows, i + r);
                }
                many.addBatch();
              }
              many.executeBatch();
            }
            if (full < n) {
              PreparedStatement one = upsert(c, rows.table, 1);
              for (int i = full; i < n; i++) {
                bind(one, 0, rows, i);
                one.addBatch();
              }
              one.executeBatch();
            }
            FaultPoint.ONLINE_BATCH_BEFORE_COMMIT.reach();
          });
    } catch (SQLException e) {
      throw store.failure("write to", e);
    }
  }

  /** Binds row {@code i} of {@code rows} to the {@code slot}-th row of the upsert {@code s}. */
  private static void bind(PreparedStatement s, int slot, SqliteBatch rows, int i)
      throws SQLException {
    int p = slot * 4;
    s.setBytes(p + 1, rows.keys[i]);
    s.setLong(p + 2, rows.eventMicros[i]);
    if (rows.createdNull[i]) {
      s.setNull(p + 3, Types.INTEGER);
    } else {
      s.setLong(p + 3, rows.createdMicros[i]);
    }
    s.setBytes(p + 4, rows.values[i]);
  }

  /** The quoted names of the tables whose names start with {@code prefix}. */
  synchronized List<String> tables(String prefix) {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?")) {
      s.setInt(1, prefix.length());
      s.setString(2, prefix);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          tables.add("\"" + rs.getString(1) + "\"");
        }
      }
    } catch (SQLException e) {
      throw store.failure("list the tables of", e);
    }
    return tables;
  }

  /** Drops {@code tables} (quoted names) in one transaction. */
  synchronized void drop(List<String> tables) {
    Connection c = connection();
    try {
      closeUpserts();
      transaction(
          c,
          () -> {
            for (String table : tables) {
              SqliteOnlineStore.execute(c, "DROP TABLE IF EXISTS " + table);
            }
          });
    } catch (SQLException e) {
      throw store.failure("delete from", e);
    }
  }

  synchronized void close() throws SQLException {
    closed = true;
    closeUpserts();
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  /** A body of SQL run inside a transaction. */
  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  private static void transaction(Connection c, SqlWork work) throws SQLException {
    SqliteOnlineStore.execute(c, "BEGIN IMMEDIATE");
    boolean committed = false;
    try {
      work.run();
      SqliteOnlineStore.execute(c, "COMMIT");
      committed = true;
    } finally {
      if (!committed) {
        try {
          SqliteOnlineStore.execute(c, "ROLLBACK");
        } catch (SQLException e) {
          // The failed statement ended the transaction already; nothing is left to undo.
        }
      }
    }
  }

  /** The upsert of {@code rowCount} rows into {@code table}, prepared once per connection. */
  private PreparedStatement upsert(Connection c, String table, int rowCount) throws SQLException {
    String name = rowCount + " " + table;
    PreparedStatement known = upserts.get(name);
    if (known != null) {
      return known;
    }
    // Rows of one statement are upserted in order, so a later row of a key sees an earlier one.
    PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (entity_key, event_ts, created_ts, feature_values) VALUES (?, ?, ?, ?)"
                + ", (?, ?, ?, ?)".repeat(rowCount - 1)
                + " ON CONFLICT (entity_key) DO UPDATE SET event_ts = excluded.event_ts,"
                + " created_ts = excluded.created_ts, feature_values = excluded.feature_values"
                + " WHERE excluded.event_ts > event_ts OR (excluded.event_ts = event_ts AND"
                + " coalesce(excluded.created_ts, -9223372036854775808)"
                + " >= coalesce(created_ts, -9223372036854775808))");
    upserts.put(name, s);
    return s;
  }

  private void closeUpserts() throws SQLException {
    for (PreparedStatement s : upserts.values()) {
      s.close();
    }
    upserts.clear();
  }

  /** Records {@code layout} in the file, once per connection; refuses an id collision. */
  private void storeLayout(Connection c, Layout layout) throws SQLException {
    if (storedLayouts.contains(layout.id())) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT OR IGNORE INTO larder_online_layouts (id, features) VALUES (?, ?)")) {
      insert.setInt(1, layout.id());
      insert.setString(2, layout.text());
      insert.executeUpdate();
    }
    String stored = SqliteOnlineStore.storedLayoutText(c, layout.id());
    if (!layout.text().equals(stored)) {
      throw new BackendException(
          "feature layout id "
              + layout.id()
              + " of ["
              + layout.text()
              + "] is already taken by ["
              + stored
              + "] in "
              + store.location(),
          "Rename a feature of one of the two views; their name lists hash alike");
    }
    storedLayouts.add(layout.id());
  }

  /** The connection, opening (and creating) the file and its schema on first use. */
  private Connection connection() {
    if (closed) {
      throw new BackendException(
          "the online store " + store.location() + " was closed while this request used it",
          "The feature store is shutting down; run the request again once it is back");
    }
    if (connection != null) {
      return connection;
    }
    Path path = store.path();
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new BackendException(
          "cannot create the online store's folder " + path.getParent() + ": " + e.getMessage(),
          "Check online_store.path in feature_store.yaml and the folder's permissions",
          e);
    }
    Connection c = null;
    try {
      c = store.connect(true);
      checkSchema(c);
      // Only a new file takes the page size; an existing one keeps its own.
      SqliteOnlineStore.execute(c, "PRAGMA page_size = " + SqliteOnlineStore.PAGE_SIZE);
      SqliteOnlineStore.execute(c, "PRAGMA journal_mode = WAL");
      SqliteOnlineStore.execute(c, "PRAGMA cache_size = -65536");
      SqliteOnlineStore.execute(c, "PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
      Connection created = c;
      transaction(
          c,
          () -> {
            SqliteOnlineStore.execute(
                created,
                "CREATE TABLE IF NOT EXISTS larder_online_schema (version INTEGER NOT NULL)");
            SqliteOnlineStore.execute(
                created,
                "INSERT INTO larder_online_schema (version) SELECT "
                    + SqliteOnlineStore.SCHEMA_VERSION
                    + " WHERE NOT EXISTS (SELECT 1 FROM larder_online_schema)");
            SqliteOnlineStore.execute(
                created,
                "CREATE TABLE IF NOT EXISTS larder_online_layouts (id INTEGER PRIMARY KEY,"
                    + " features TEXT NOT NULL)");
          });
    } catch (SQLException | RuntimeException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof SQLException sql) {
        throw store.failure("create", sql);
      }
      throw (RuntimeException) e;
    }
    connection = c;
    return c;
  }

  /** Refuses a file that is another database, or of a newer schema, before changing anything. */
  private void checkSchema(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (r.next()) {
        tables.add(r.getString(1));
      }
    }
    if (tables.isEmpty()) {
      return;
    }
    if (!tables.contains("larder_online_schema")) {
      throw new BackendException(
          store.location()
              + " is a SQLite database but not a Larder online store (its tables: "
              + tables
              + ")",
          "Point online_store.path in feature_store.yaml at another file");
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT max(version) FROM larder_online_schema")) {
      int version = r.next() ? r.getInt(1) : 0;
      if (version > SqliteOnlineStore.SCHEMA_VERSION) {
        throw new BackendException(
            "the online store "
                + store.location()
                + " has schema version "
                + version
                + ", newer than this Larder writes ("
                + SqliteOnlineStore.SCHEMA_VERSION
                + ")",
            "Upgrade Larder, or point online_store.path at another file");
      }
    }
  }
}
