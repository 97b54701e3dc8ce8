package dev.larder.postgres;

import dev.larder.core.registry.RegistryChangeNotices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL registry's notices of commits ({@link RegistryChangeNotices}): every commit runs
 * {@code pg_notify('larder_registry', '{"schema":…,"project":…,"revision":…}')} in its own
 * transaction, so PostgreSQL delivers the notice if and only if the commit lands; a thread of the
 * store's ({@code larder-registry-notices}) holds a connection of its own (outside the pool, its
 * application name followed by {@code " notices"}) that {@code LISTEN}s on the channel and tells
 * the listeners of each notice of its schema and project.
 *
 * <p>The thread waits on the socket, not by asking PostgreSQL; when the connection has been quiet
 * for {@value #PING_MILLIS} ms it sends {@code SELECT 1}, so that a connection that died silently
 * is found: its connection gives up on PostgreSQL after {@link #SILENCE_TIMEOUT} without a byte
 * (its only statements are {@code LISTEN} and that ping), so a cut network or a hung server is
 * noticed within about ten seconds, a closed connection at once. When the connection drops
 * (PostgreSQL restarted, the backend terminated, the network gone) the listeners hear {@link
 * Listener#stopped}, and the thread connects again after 0.1 s, doubling up to {@value
 * #MAX_BACKOFF_MILLIS} ms; once it listens again they hear {@link Listener#flowing}. It starts with
 * the first subscription and ends when the store is closed.
 */
final class PostgresChangeNotices implements RegistryChangeNotices, AutoCloseable {
  /** How long one wait for notices lasts before the thread looks whether it was closed. */
  static final int WAIT_MILLIS = 250;

  /** How long the connection may be quiet before the thread checks that it is alive. */
  static final long PING_MILLIS = 5_000;

  /** How long the notice connection waits for PostgreSQL's answer to a statement. */
  static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(5);

  /** The longest pause between two attempts to connect again. */
  static final long MAX_BACKOFF_MILLIS = 5_000;

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeNotices.class);

  private final PostgresUrl url;
  private final String project;
  private final Supplier<Properties> properties;
  private final Supplier<String> schema;
  private final Duration pollInterval;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private Thread thread;
  private volatile boolean closed;
  private volatile long backendPid = -1;

  /**
   * @param properties the driver's properties of a connection
   * @param schema the schema the store's tables are in, made if missing (the notices' filter)
   * @param pollInterval {@code cache_ttl_seconds}
   */
  PostgresChangeNotices(
      PostgresUrl url,
      String project,
      Supplier<Properties> properties,
      Supplier<String> schema,
      Duration pollInterval) {
    this.url = Objects.requireNonNull(url, "url");
    this.project = Objects.requireNonNull(project, "project");
    this.properties = Objects.requireNonNull(properties, "properties");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public Subscription subscribe(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the registry store of " + url + " is closed");
      }
      listeners.add(listener);
      if (thread == null) {
        thread = new Thread(this::listen, "larder-registry-notices");
        thread.setDaemon(true);
        thread.start();
      }
    }
    return () -> listeners.remove(listener);
  }

  /** Ends the thread (within {@value #WAIT_MILLIS} ms) and its connection. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  /** The backend pid of the listening connection, -1 while there is none: for tests. */
  long backendPid() {
    return backendPid;
  }

  private void listen() {
    long backoff = FIRST_BACKOFF_MILLIS;
    boolean flowing = false;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), properties.get())) {
        String ownSchema = schema.get();
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
          s.execute(
              "SELECT set_config('application_name',"
                  + " left(current_setting('application_name') || ' notices', 63), false)");
          s.execute("LISTEN " + PostgresRegistryStore.CHANNEL);
        }
        backendPid = pg.getBackendPID();
        if (closed) {
          break;
        }
        if (backoff > FIRST_BACKOFF_MILLIS) {
          LOG.info("registry change notices from {} flow again", url);
        }
        backoff = FIRST_BACKOFF_MILLIS;
        flowing = true;
        tell(Listener::flowing);
        long quietSince = System.nanoTime();
        while (!closed) {
          PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
          if (notices != null && notices.length > 0) {
            quietSince = System.nanoTime();
            for (PGNotification n : notices) {
              PostgresNotice.parse(n.getParameter())
                  .filter(notice -> notice.isOf(ownSchema, project))
                  .ifPresent(notice -> tell(l -> l.committed(notice.revision())));
            }
          } else if (System.nanoTime() - quietSince > PING_MILLIS * 1_000_000) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1");
            }
            quietSince = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        backendPid = -1;
        if (closed) {
          break;
        }
        if (flowing) {
          flowing = false;
          tell(Listener::stopped);
        }
        if (backoff == FIRST_BACKOFF_MILLIS) {
          LOG.warn(
              "registry change notices from {} stopped ({}); checking the registry every {} s"
                  + " until they flow again",
              url,
              url.scrub(e.getMessage()),
              pollInterval.toSeconds());
        }
        pause(backoff);
        backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
      } finally {
        backendPid = -1;
      }
    }
  }

  private void tell(Consumer<Listener> event) {
    for (Listener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("a listener of registry change notices failed", e);
      }
    }
  }

  private void pause(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    while (!closed && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(50, millis));
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
