package dev.larder.core.online;

import dev.larder.core.BackendException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One reading connection of a {@link SqliteOnlineStore}, used by one thread at a time, with its
 * statements prepared once per table and size class.
 */
final class SqliteReadSession {
  /** The most keys one query reads. */
  static final int MAX_KEYS = 256;

  private static final int SIZE_CLASSES = Integer.numberOfTrailingZeros(MAX_KEYS) + 1;

  private final SqliteOnlineStore store;
  private final Connection connection;
  private final Map<String, PreparedStatement[]> statements = new HashMap<>();
  private final Set<String> tables = new HashSet<>();
  private long generation;

  SqliteReadSession(SqliteOnlineStore store, Connection connection) {
    this.store = store;
    this.connection = connection;
  }

  /** Forgets statements and tables if views were deleted since this session last ran. */
  void sync(long current) {
    if (current != generation) {
      closeStatements();
      generation = current;
    }
  }

  /** Reads {@code keys} of {@code table} into {@code out}; absent keys stay {@code null}. */
  void read(String table, List<String> features, byte[][] keys, StoredRow[] out)
      throws SQLException {
    if (!tables.contains(table)) {
      if (!tableExists(table)) {
        return;
      }
      tables.add(table);
    }
    try {
      readChunks(table, features, keys, out);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no such table")) {
        throw e;
      }
      closeStatements(); // the table was dropped by another connection
    }
  }

  private void readChunks(String table, List<String> features, byte[][] keys, StoredRow[] out)
      throws SQLException {
    for (int from = 0; from < keys.length; from += MAX_KEYS) {
      int to = Math.min(keys.length, from + MAX_KEYS);
      if (to - from == 1) {
        readOne(table, features, keys[from], from, out);
      } else {
        readMany(table, features, keys, from, to, out);
      }
    }
  }

  private void readOne(String table, List<String> features, byte[] key, int index, StoredRow[] out)
      throws SQLException {
    PreparedStatement s = statement(table, 0);
    s.setBytes(1, key);
    try (ResultSet rs = s.executeQuery()) {
      if (rs.next()) {
        out[index] = row(rs, features);
      }
    }
  }

  private void readMany(
      String table, List<String> features, byte[][] keys, int from, int to, StoredRow[] out)
      throws SQLException {
    int n = to - from;
    int sizeClass = 32 - Integer.numberOfLeadingZeros(n - 1);
    PreparedStatement s = statement(table, sizeClass);
    int slots = 1 << sizeClass;
    // ByteBuffer compares by content: a map key for a key's bytes.
    Map<ByteBuffer, Integer> first = new HashMap<>(n * 2);
    for (int i = 0; i < slots; i++) {
      byte[] key = keys[from + Math.min(i, n - 1)];
      s.setBytes(i + 1, key);
      if (i < n) {
        first.putIfAbsent(ByteBuffer.wrap(key), from + i);
      }
    }
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Integer index = first.get(ByteBuffer.wrap(rs.getBytes(1)));
        if (index != null) {
          out[index] = row(rs, features);
        }
      }
    }
    for (int i = from; i < to; i++) {
      if (out[i] == null) {
        Integer index = first.get(ByteBuffer.wrap(keys[i]));
        out[i] = out[index];
      }
    }
  }

  private StoredRow row(ResultSet rs, List<String> features) throws SQLException {
    long event = rs.getLong(2);
    long created = rs.getLong(3);
    boolean noCreated = rs.wasNull();
    byte[] blob = rs.getBytes(4);
    ValueEncoding.Input in = new ValueEncoding.Input(blob, 0);
    int format = in.readByte();
    if (format != SqliteOnlineStore.ROW_FORMAT) {
      throw new BackendException(
          "a row of the online store "
              + store.location()
              + " is in format "
              + format
              + ", which this Larder does not read",
          "Upgrade Larder, or delete the online store and materialize again");
    }
    int layoutId = in.readIntLe();
    Layout layout = store.layout(connection, layoutId);
    if (layout == null) {
      throw new BackendException(
          "the online store " + store.location() + " lacks feature layout " + layoutId,
          "Delete the online store and materialize again");
    }
    Layout.Projection p = layout.project(features);
    Object[] values = new Object[features.size()];
    int[] target = p.target();
    for (int position = 0; position < target.length; position++) {
      if (target[position] >= 0) {
        values[target[position]] = in.readValue();
      } else {
        in.skipValue();
      }
    }
    return new StoredRow(
        ValueEncoding.instant(event),
        noCreated ? null : ValueEncoding.instant(created),
        values,
        p.present());
  }

  private PreparedStatement statement(String table, int sizeClass) throws SQLException {
    PreparedStatement[] byClass =
        statements.computeIfAbsent(table, t -> new PreparedStatement[SIZE_CLASSES]);
    PreparedStatement s = byClass[sizeClass];
    if (s == null) {
      String select = "SELECT entity_key, event_ts, created_ts, feature_values FROM " + table;
      if (sizeClass == 0) {
        s = connection.prepareStatement(select + " WHERE entity_key = ?");
      } else {
        StringBuilder in = new StringBuilder(select).append(" WHERE entity_key IN (?");
        in.append(", ?".repeat((1 << sizeClass) - 1)).append(')');
        s = connection.prepareStatement(in.toString());
      }
      byClass[sizeClass] = s;
    }
    return s;
  }

  private boolean tableExists(String quoted) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, quoted.substring(1, quoted.length() - 1));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void closeStatements() {
    for (PreparedStatement[] byClass : statements.values()) {
      for (PreparedStatement s : byClass) {
        if (s != null) {
          try {
            s.close();
          } catch (SQLException e) {
            // The statement is dropped either way; the connection stays usable.
          }
        }
      }
    }
    statements.clear();
    tables.clear();
  }

  /** Closes the connection; the session is not used again. */
  void discard() {
    closeStatements();
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing more can be done with a connection that fails to close.
    }
  }
}
