package dev.larder.core.online;

import dev.larder.core.BackendException;
import dev.larder.core.model.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The online store in a SQLite file (default {@code data/online_store.db} in the repository),
 * created by the first write; reads before it exists find nothing and create nothing. The file is
 * in WAL mode with {@code synchronous = NORMAL}: readers never wait for the writer, and a crash
 * loses at most the last transactions, never part of one.
 *
 * <p>Schema (version {@value #SCHEMA_VERSION}):
 *
 * <pre>
 * larder_online_schema (version INTEGER NOT NULL)
 * larder_online_layouts (id INTEGER PRIMARY KEY, features TEXT NOT NULL)   -- see {@link Layout}
 * "&lt;project&gt;:&lt;view&gt;" (                                           -- one table per view
 *   entity_key     BLOB PRIMARY KEY,    -- {@link EntityKeyFormat}
 *   event_ts       INTEGER NOT NULL,    -- microseconds since the epoch, UTC
 *   created_ts     INTEGER,             -- microseconds, or NULL
 *   feature_values BLOB NOT NULL        -- 0x01, layout id (4 bytes LE), the values ({@link ValueEncoding})
 * ) WITHOUT ROWID
 * </pre>
 *
 * <p>A write is one {@code BEGIN IMMEDIATE} transaction of a batched upsert whose {@code DO UPDATE
 * … WHERE} keeps the stored row unless the new one is not older by {@code (event_ts, created_ts)},
 * a null creation time ranking lowest. Its rows go in key order (a stable sort, and materialization
 * delivers them sorted), since upserts in index order touch each page once where random ones touch
 * a page per row; the writer keeps a 64 MB page cache. Reads of many keys are one {@code IN (…)}
 * query per 256 keys, through statements prepared once per view and size class (1, 2, 4, … 256
 * keys, padded by repeating a key); each reading thread borrows a connection of its own.
 */
public final class SqliteOnlineStore implements OnlineStore {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** How long a writer waits for another process's write to finish. */
  public static final int BUSY_TIMEOUT_MILLIS = 30_000;

  static final int ROW_FORMAT = 1;

  private final Path path;
  private final String project;
  private final Object writeLock = new Object();
  private final Map<Integer, Layout> layouts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<SqliteReadSession> idle = new ConcurrentLinkedDeque<>();
  private final Set<SqliteReadSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong generation = new AtomicLong();
  private final ValueEncoding.Output output = new ValueEncoding.Output();
  private final Map<String, PreparedStatement> upserts = new HashMap<>();
  private final Set<Integer> storedLayouts = new HashSet<>();
  private Connection writer;
  private volatile boolean exists;
  private volatile boolean closed;

  /** The store of {@code project} in the SQLite file at {@code path}. */
  public SqliteOnlineStore(Path path, String project) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    this.project = Names.require("project", project);
  }

  /** The file. */
  public Path path() {
    return path;
  }

  @Override
  public String location() {
    return path.toString();
  }

  /** The table of {@code view}, quoted. Names hold only letters, digits and _, never a quote. */
  String table(String view) {
    if (!Names.isValid(view)) {
      throw new IllegalArgumentException("'" + view + "' is not a valid feature view name");
    }
    return "\"" + project + ":" + view + "\"";
  }

  @Override
  public void write(String view, List<String> features, List<OnlineRow> rows) {
    String table = table(view);
    if (rows.isEmpty()) {
      return;
    }
    for (String feature : features) {
      if (!Names.isValid(feature)) {
        throw new IllegalArgumentException("'" + feature + "' is not a valid feature name");
      }
    }
    Layout layout = layout(features);
    for (OnlineRow row : rows) {
      if (row.values().size() != features.size()) {
        throw new IllegalArgumentException(
            "a row of " + row.values().size() + " values for " + features.size() + " features");
      }
    }
    synchronized (writeLock) {
      Connection c = writer();
      try {
        execute(c, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
          execute(
              c,
              "CREATE TABLE IF NOT EXISTS "
                  + table
                  + " (entity_key BLOB NOT NULL PRIMARY KEY, event_ts INTEGER NOT NULL,"
                  + " created_ts INTEGER, feature_values BLOB NOT NULL) WITHOUT ROWID");
          storeLayout(c, layout);
          PreparedStatement upsert = upsert(c, table);
          for (OnlineRow row : inKeyOrder(rows)) {
            upsert.setBytes(1, row.key().bytes());
            upsert.setLong(2, ValueEncoding.micros(row.eventTimestamp()));
            if (row.createdTimestamp() == null) {
              upsert.setNull(3, Types.INTEGER);
            } else {
              upsert.setLong(3, ValueEncoding.micros(row.createdTimestamp()));
            }
            upsert.setBytes(4, encode(layout, row.values()));
            upsert.addBatch();
          }
          upsert.executeBatch();
          execute(c, "COMMIT");
          committed = true;
        } finally {
          if (!committed) {
            rollback(c);
          }
        }
      } catch (SQLException e) {
        throw failure("write to", e);
      }
    }
  }

  /**
   * The rows sorted by key bytes, so that the upserts walk the table's B-tree in order; the sort is
   * stable, so that rows of one key keep their order (the later of two equal rows wins).
   */
  private static List<OnlineRow> inKeyOrder(List<OnlineRow> rows) {
    List<OnlineRow> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.key().bytes(), b.key().bytes()));
    return sorted;
  }

  private byte[] encode(Layout layout, List<Object> values) {
    output.reset();
    output.writeByte(ROW_FORMAT);
    output.writeIntLe(layout.id());
    for (Object v : values) {
      output.writeValue(v);
    }
    return output.toByteArray();
  }

  private PreparedStatement upsert(Connection c, String table) throws SQLException {
    PreparedStatement known = upserts.get(table);
    if (known != null) {
      return known;
    }
    PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (entity_key, event_ts, created_ts, feature_values) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (entity_key) DO UPDATE SET event_ts = excluded.event_ts,"
                + " created_ts = excluded.created_ts, feature_values = excluded.feature_values"
                + " WHERE excluded.event_ts > event_ts OR (excluded.event_ts = event_ts AND"
                + " coalesce(excluded.created_ts, -9223372036854775808)"
                + " >= coalesce(created_ts, -9223372036854775808))");
    upserts.put(table, s);
    return s;
  }

  /** Records {@code layout} in the file, once per writer connection; refuses an id collision. */
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
    String stored = storedLayoutText(c, layout.id());
    if (!layout.text().equals(stored)) {
      throw new BackendException(
          "feature layout id "
              + layout.id()
              + " of ["
              + layout.text()
              + "] is already taken by ["
              + stored
              + "] in "
              + path,
          "Rename a feature of one of the two views; their name lists hash alike");
    }
    storedLayouts.add(layout.id());
  }

  static String storedLayoutText(Connection c, int id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT features FROM larder_online_layouts WHERE id = ?")) {
      s.setInt(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The layout of {@code features}, shared by every connection. */
  Layout layout(List<String> features) {
    Layout layout = new Layout(features);
    Layout known = layouts.putIfAbsent(layout.id(), layout);
    return known != null && known.names().equals(layout.names()) ? known : layout;
  }

  /** The layout {@code id}, read through {@code c} when not cached; {@code null} if unknown. */
  Layout layout(Connection c, int id) throws SQLException {
    Layout known = layouts.get(id);
    if (known != null) {
      return known;
    }
    String text = storedLayoutText(c, id);
    if (text == null) {
      return null;
    }
    Layout layout = Layout.parse(text);
    layouts.putIfAbsent(id, layout);
    return layout;
  }

  @Override
  public List<StoredRow> read(String view, List<String> features, List<EntityKey> keys) {
    String table = table(view);
    StoredRow[] out = new StoredRow[keys.size()];
    if (!keys.isEmpty() && fileExists()) {
      SqliteReadSession session = borrow();
      boolean healthy = false;
      try {
        session.read(table, features, keys, out);
        healthy = true;
      } catch (SQLException e) {
        throw failure("read from", e);
      } finally {
        if (healthy) {
          idle.push(session);
        } else {
          sessions.remove(session);
          session.discard();
        }
      }
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  private boolean fileExists() {
    if (!exists && Files.exists(path)) {
      exists = true;
    }
    return exists;
  }

  private SqliteReadSession borrow() {
    if (closed) {
      throw new IllegalStateException("this online store is closed");
    }
    SqliteReadSession s = idle.poll();
    if (s == null) {
      try {
        s = new SqliteReadSession(this, connect(false));
      } catch (SQLException e) {
        throw failure("open", e);
      }
      sessions.add(s);
    }
    s.sync(generation.get());
    return s;
  }

  @Override
  public void deleteView(String view) {
    String table = table(view);
    dropTables(List.of(table));
  }

  @Override
  public void deleteProject() {
    if (!fileExists()) {
      return;
    }
    List<String> tables = new ArrayList<>();
    synchronized (writeLock) {
      try (PreparedStatement s =
          writer()
              .prepareStatement(
                  "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?")) {
        s.setInt(1, project.length() + 1);
        s.setString(2, project + ":");
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            tables.add("\"" + rs.getString(1) + "\"");
          }
        }
      } catch (SQLException e) {
        throw failure("list the tables of", e);
      }
    }
    dropTables(tables);
  }

  private void dropTables(List<String> tables) {
    if (!fileExists() || tables.isEmpty()) {
      return;
    }
    synchronized (writeLock) {
      Connection c = writer();
      try {
        for (PreparedStatement s : upserts.values()) {
          s.close();
        }
        upserts.clear();
        execute(c, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
          for (String table : tables) {
            execute(c, "DROP TABLE IF EXISTS " + table);
          }
          execute(c, "COMMIT");
          committed = true;
        } finally {
          if (!committed) {
            rollback(c);
          }
        }
      } catch (SQLException e) {
        throw failure("delete from", e);
      }
      generation.incrementAndGet();
    }
  }

  /** The write connection, opening (and creating) the file and its schema on first use. */
  private Connection writer() {
    if (closed) {
      throw new IllegalStateException("this online store is closed");
    }
    if (writer != null) {
      return writer;
    }
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
      c = connect(true);
      checkSchema(c);
      execute(c, "PRAGMA journal_mode = WAL");
      execute(c, "PRAGMA cache_size = -65536");
      execute(c, "BEGIN IMMEDIATE");
      execute(c, "CREATE TABLE IF NOT EXISTS larder_online_schema (version INTEGER NOT NULL)");
      execute(
          c,
          "INSERT INTO larder_online_schema (version) SELECT "
              + SCHEMA_VERSION
              + " WHERE NOT EXISTS (SELECT 1 FROM larder_online_schema)");
      execute(
          c,
          "CREATE TABLE IF NOT EXISTS larder_online_layouts (id INTEGER PRIMARY KEY,"
              + " features TEXT NOT NULL)");
      execute(c, "COMMIT");
    } catch (SQLException | RuntimeException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof SQLException sql) {
        throw failure("create", sql);
      }
      throw (RuntimeException) e;
    }
    writer = c;
    exists = true;
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
          path + " is a SQLite database but not a Larder online store (its tables: " + tables + ")",
          "Point online_store.path in feature_store.yaml at another file");
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT max(version) FROM larder_online_schema")) {
      int version = r.next() ? r.getInt(1) : 0;
      if (version > SCHEMA_VERSION) {
        throw new BackendException(
            "the online store "
                + path
                + " has schema version "
                + version
                + ", newer than this Larder writes ("
                + SCHEMA_VERSION
                + ")",
            "Upgrade Larder, or point online_store.path at another file");
      }
    }
  }

  Connection connect(boolean create) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    return DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void rollback(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      // No transaction is open any more; nothing to undo.
    }
  }

  BackendException failure(String action, SQLException e) {
    String hint = null;
    if (e instanceof SQLiteException s) {
      SQLiteErrorCode code = s.getResultCode();
      if (code == SQLiteErrorCode.SQLITE_BUSY) {
        hint = "Another process kept the online store locked; wait for it to finish and retry";
      } else if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
        hint = "Point online_store.path at another file, or delete this one and materialize again";
      }
    }
    return new BackendException(
        "cannot " + action + " the online store " + path + ": " + e.getMessage(), hint, e);
  }

  @Override
  public void close() {
    closed = true;
    List<SQLException> failures = new ArrayList<>();
    for (SqliteReadSession s : sessions) {
      s.discard();
    }
    sessions.clear();
    idle.clear();
    synchronized (writeLock) {
      try {
        for (PreparedStatement s : upserts.values()) {
          s.close();
        }
        upserts.clear();
        if (writer != null) {
          writer.close();
          writer = null;
        }
      } catch (SQLException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failure("close", failures.get(0));
    }
  }
}
