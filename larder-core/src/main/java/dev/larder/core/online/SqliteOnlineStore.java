package dev.larder.core.online;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.model.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 *   entity_key     BLOB PRIMARY KEY,    -- {@link SqliteKeyFormat}
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
 * a page per row; the writer keeps a 64 MB page cache and checkpoints the WAL at 4,000 pages, and a
 * new file gets {@value #PAGE_SIZE}-byte pages. Rows are checked and encoded before the transaction
 * starts, by {@link #prepare} or {@link #newBatch} (which a materialization fills on its reading
 * thread, see {@link PreparedWrites}). Reads of many keys are one {@code IN (…)} query per 256
 * keys, through statements prepared once per view and size class (1, 2, 4, … 256 keys, padded by
 * repeating a key); each reading thread borrows a connection of its own.
 */
public final class SqliteOnlineStore implements OnlineStore, PreparedWrites {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** How long a writer waits for another process's write to finish. */
  public static final int BUSY_TIMEOUT_MILLIS = 30_000;

  static final int ROW_FORMAT = 1;

  /**
   * The page size of a new file: 16 KiB rather than SQLite's 4 KiB. A row of 20 doubles takes about
   * 230 bytes, so a 4 KiB page holds some 16 rows, and bulk writes pay per page (WAL frames,
   * checkpoint copies, B-tree balancing, system calls): bare inserts of 2M such rows ran about 1.3
   * times as fast with 16 KiB pages, while random one-key reads of them went from 9 to 10 us at the
   * median and 13.5 to 16 us at p99. 64 KiB pages wrote faster still but tripled that p99.
   */
  static final int PAGE_SIZE = 16_384;

  private final Path path;
  private final String project;
  private final SqliteOnlineWriter writer = new SqliteOnlineWriter(this);
  private final Map<Integer, Layout> layouts = new ConcurrentHashMap<>();
  private final Map<List<OnlineViewSchema.KeyField>, SqliteKeyFormat> keyFormats =
      new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<SqliteReadSession> idle = new ConcurrentLinkedDeque<>();
  private final Set<SqliteReadSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong generation = new AtomicLong();
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
      throw new IllegalArgumentException(Echo.of(view) + " is not a valid feature view name");
    }
    return "\"" + project + ":" + view + "\"";
  }

  /** How keys of {@code view}'s join keys are serialized, made once per list of join keys. */
  SqliteKeyFormat keyFormat(OnlineViewSchema view) {
    return keyFormats.computeIfAbsent(view.joinKeys(), SqliteKeyFormat::new);
  }

  @Override
  public void write(OnlineViewSchema view, List<OnlineRow> rows) {
    write(prepare(view, rows));
  }

  @Override
  public PreparedWrites.Batch prepare(OnlineViewSchema view, List<OnlineRow> rows) {
    PreparedWrites.RowBatch batch = newBatch(view);
    for (OnlineRow row : rows) {
      batch.startRow(row.key(), row.eventTimestamp(), row.createdTimestamp());
      row.values().forEach(batch::objectValue);
      batch.endRow();
    }
    return batch.build();
  }

  @Override
  public PreparedWrites.RowBatch newBatch(OnlineViewSchema view) {
    return new SqliteBatch.Builder(
        this, table(view.view()), layout(view.featureNames()), keyFormat(view));
  }

  @Override
  public void write(PreparedWrites.Batch batch) {
    if (!(batch instanceof SqliteBatch rows) || rows.store != this) {
      throw new IllegalArgumentException("a batch prepared by another online store");
    }
    if (rows.size() == 0) {
      return;
    }
    writer.write(rows);
    exists = true;
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
  public List<StoredRow> read(OnlineViewSchema view, List<EntityKey> keys) {
    String table = table(view.view());
    StoredRow[] out = new StoredRow[keys.size()];
    if (!keys.isEmpty() && fileExists()) {
      SqliteKeyFormat format = keyFormat(view);
      byte[][] encoded = new byte[keys.size()][];
      for (int i = 0; i < encoded.length; i++) {
        encoded[i] = format.encode(keys.get(i));
      }
      SqliteReadSession session = borrow();
      boolean healthy = false;
      try {
        session.read(table, view.featureNames(), encoded, out);
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
      throw new BackendException(
          "the online store " + location() + " was closed while this request used it",
          "The feature store is shutting down; run the request again once it is back");
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
  public void deleteView(OnlineViewSchema view) {
    dropTables(List.of(table(view.view())));
  }

  @Override
  public void deleteProject() {
    if (fileExists()) {
      dropTables(writer.tables(project + ":"));
    }
  }

  private void dropTables(List<String> tables) {
    if (!fileExists() || tables.isEmpty()) {
      return;
    }
    writer.drop(tables);
    generation.incrementAndGet();
  }

  Connection connect(boolean create) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    // SQLite's driver itself, not DriverManager, which would first load and initialise every
    // JDBC driver in the jar (DuckDB's starts a JFR memory monitor): start-up time.
    return config.createConnection("jdbc:sqlite:" + path);
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
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
    try {
      writer.close();
    } catch (SQLException e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      throw failure("close", failures.get(0));
    }
  }
}
