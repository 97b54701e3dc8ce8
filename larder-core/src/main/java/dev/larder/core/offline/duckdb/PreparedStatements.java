package dev.larder.core.offline.duckdb;

import dev.larder.core.Activity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements an engine prepared, by key (the query text and the state of the files it reads),
 * the {@value #CAPACITY} most recently used kept open, so that a query asked again is not planned
 * again. Not thread-safe: the engine uses it under its own lock.
 */
final class PreparedStatements implements AutoCloseable {
  /** How many statements stay prepared. */
  static final int CAPACITY = 16;

  private final Connection connection;
  private final Map<String, Entry> statements = new LinkedHashMap<>(16, 0.75f, true);

  /** A prepared statement and the SQL it was prepared from. */
  private record Entry(String sql, PreparedStatement statement) {}

  PreparedStatements(Connection connection) {
    this.connection = connection;
  }

  /**
   * The statement prepared from {@code sql} under {@code key}; prepared now if it is not kept. A
   * key names one query text: {@code sql} must be the same for the same key.
   */
  PreparedStatement get(String sql, String key) throws SQLException {
    Entry known = statements.get(key);
    if (known != null) {
      return known.statement();
    }
    PreparedStatement prepared = connection.prepareStatement(sql);
    if (Activity.enabled()) {
      Activity.log(PreparedStatements.class, "duckdb prepared: {}", Activity.oneLine(sql));
    }
    statements.put(key, new Entry(sql, prepared));
    if (statements.size() > CAPACITY) {
      Iterator<Entry> eldest = statements.values().iterator();
      PreparedStatement evicted = eldest.next().statement();
      eldest.remove();
      evicted.close();
    }
    return prepared;
  }

  /** How many statements are kept, for tests. */
  int size() {
    return statements.size();
  }

  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (Entry e : statements.values()) {
      try {
        e.statement().close();
      } catch (SQLException ex) {
        if (failure == null) {
          failure = ex;
        } else {
          failure.addSuppressed(ex);
        }
      }
    }
    statements.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
