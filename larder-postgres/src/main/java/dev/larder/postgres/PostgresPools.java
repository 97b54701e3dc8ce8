package dev.larder.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The connection pools of one JVM, one per database and user: every store on the same registry (a
 * feature server's, its permission checks', a test's many handles) shares one small pool instead of
 * opening its own, so that the connections a process holds stay few whatever it opens. A pool is
 * closed when the last store using it is.
 */
final class PostgresPools {
  /** What makes two connections interchangeable: the URL and the driver's properties. */
  private record Key(String jdbcUrl, Properties properties) {}

  private static final class Shared {
    final HikariDataSource pool;
    int users;

    Shared(HikariDataSource pool) {
      this.pool = pool;
    }
  }

  private static final Map<Key, Shared> POOLS = new HashMap<>();

  private PostgresPools() {}

  /**
   * The pool of {@code jdbcUrl} with {@code properties}, started with {@code config} if there is
   * none; each call must be matched by one {@link #release}. Before it starts a pool it connects
   * once, so that a registry that cannot be reached fails here at once with the driver's reason
   * (and no pool is kept), where the pool would retry until its timeout.
   */
  static synchronized HikariDataSource acquire(
      String jdbcUrl, Properties properties, Supplier<HikariConfig> config) throws SQLException {
    Key key = new Key(jdbcUrl, properties);
    Shared shared = POOLS.get(key);
    if (shared == null || shared.pool.isClosed()) {
      DriverManager.getConnection(jdbcUrl, properties).close();
      shared = new Shared(new HikariDataSource(config.get()));
      POOLS.put(key, shared);
    }
    shared.users++;
    return shared.pool;
  }

  /** Gives {@code pool} back; the last user closes it. */
  static synchronized void release(HikariDataSource pool) {
    for (var it = POOLS.entrySet().iterator(); it.hasNext(); ) {
      Shared shared = it.next().getValue();
      if (shared.pool == pool) {
        if (--shared.users == 0) {
          it.remove();
          pool.close();
        }
        return;
      }
    }
  }
}
