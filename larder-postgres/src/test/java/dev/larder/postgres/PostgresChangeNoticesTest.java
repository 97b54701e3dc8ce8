package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.registry.RegistryStore;
import dev.larder.testkit.TestDefinitions;
import dev.larder.testkit.TestSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change notices (issue #9 item 2): a commit from another store reaches a listener in under a
 * second by {@code LISTEN/NOTIFY}; a listener hears only its own schema and project; when its
 * backend is terminated ({@code pg_terminate_backend} of that one connection) it is told the
 * notices stopped, reconnects by itself and hears later commits. Through the facade: a server's
 * cached snapshot follows another process's {@code apply} in under a second although its {@code
 * cache_ttl_seconds} is an hour, also after its notice connection was killed.
 */
class PostgresChangeNoticesTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final String schema = TestPostgres.newSchema("notices");
  private final String project = TestPostgres.newProject("notices");
  private final List<RegistryStore> stores = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  @AfterEach
  void dropSchema() {
    stores.forEach(RegistryStore::close);
    TestPostgres.dropSchema(schema);
  }

  private PostgresRegistryStore store(String project, String schema) {
    PostgresRegistryStore store =
        new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), project);
    stores.add(store);
    return store;
  }

  /** What a listener heard: {@code flowing}, {@code stopped} or {@code committed N}. */
  private static BlockingQueue<String> listen(RegistryStore store) {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    store
        .capability(RegistryChangeNotices.class)
        .orElseThrow()
        .subscribe(
            new RegistryChangeNotices.Listener() {
              @Override
              public void committed(long revision) {
                heard.add("committed " + revision);
              }

              @Override
              public void flowing() {
                heard.add("flowing");
              }

              @Override
              public void stopped() {
                heard.add("stopped");
              }
            });
    return heard;
  }

  private static String next(BlockingQueue<String> heard, Duration within)
      throws InterruptedException {
    String event = heard.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event within %s", within).isNotNull();
    return event;
  }

  private static void terminate(long pid) throws SQLException {
    assertThat(pid).as("the listener's backend").isPositive();
    try (Connection c = TestPostgres.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT pg_terminate_backend(CAST(? AS integer))")) {
      s.setLong(1, pid);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertThat(r.getBoolean(1)).as("terminated backend %d", pid).isTrue();
      }
    }
  }

  @Test
  void aListenerHearsACommitOfAnotherStoreInUnderASecondAndOnlyItsOwnProjectsAndSchemas()
      throws Exception {
    PostgresRegistryStore listening = store(project, schema);
    BlockingQueue<String> heard = listen(listening);
    assertThat(next(heard, Duration.ofSeconds(10))).isEqualTo("flowing");

    String otherSchema = TestPostgres.newSchema("notices_other");
    try {
      store("other", schema)
          .commit(0, TestSnapshots.of("other", 1, TestDefinitions.classification(), Instant.now()));
      store(project, otherSchema)
          .commit(0, TestSnapshots.of(project, 1, TestDefinitions.classification(), Instant.now()));
      RegistryStore writer = store(project, schema);
      writer.commit(
          0, TestSnapshots.of(project, 1, TestDefinitions.classification(), Instant.now()));
      long committed = System.nanoTime();
      assertThat(next(heard, SECOND))
          .as("the first notice heard is of this project and schema")
          .isEqualTo("committed 1");
      Duration took = Duration.ofNanos(System.nanoTime() - committed);
      System.out.println("a commit was heard " + took.toMillis() + " ms after it returned");
      assertThat(took).isLessThan(SECOND);

      writer.recordRun(dev.larder.testkit.TestRuns.run("r", Instant.now()));
      writer.commit(
          1, TestSnapshots.of(project, 2, TestDefinitions.classification(), Instant.now()));
      assertThat(next(heard, SECOND)).as("runs send no notice").isEqualTo("committed 2");
    } finally {
      TestPostgres.dropSchema(otherSchema);
    }
  }

  @Test
  void whenItsConnectionIsKilledTheListenerIsToldReconnectsAndHearsLaterCommits() throws Exception {
    PostgresRegistryStore listening = store(project, schema);
    BlockingQueue<String> heard = listen(listening);
    assertThat(next(heard, Duration.ofSeconds(10))).isEqualTo("flowing");
    RegistryStore writer = store(project, schema);

    for (long revision = 1; revision <= 2; revision++) {
      long pid = listening.noticeBackendPid();
      terminate(pid);
      assertThat(next(heard, Duration.ofSeconds(5))).isEqualTo("stopped");
      assertThat(next(heard, Duration.ofSeconds(5)))
          .as("reconnected by itself")
          .isEqualTo("flowing");
      assertThat(listening.noticeBackendPid()).isNotEqualTo(pid).isPositive();

      writer.commit(
          revision - 1,
          TestSnapshots.of(project, revision, TestDefinitions.classification(), Instant.now()));
      assertThat(next(heard, SECOND)).isEqualTo("committed " + revision);
    }
  }

  /**
   * The backend pid of this test's listening connection, found by its application name, which the
   * notices follow with {@code " notices"}.
   */
  private static long listeningBackend(String applicationName) throws SQLException {
    try (Connection c = TestPostgres.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName + " notices");
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }

  private static void await(BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** How long after {@code apply} returns the server's snapshot is at {@code revision}. */
  private static Duration seen(FeatureStore server, Runnable apply, long revision)
      throws InterruptedException {
    apply.run();
    long applied = System.nanoTime();
    await(
        () -> server.recentSnapshot().revision() == revision,
        Duration.ofSeconds(10),
        "revision " + revision);
    return Duration.ofNanos(System.nanoTime() - applied);
  }

  @Test
  void aServersSnapshotFollowsAnotherProcesssApplyInUnderASecondWithoutAskingEveryRead()
      throws Exception {
    String applicationName = "larder_test_" + project;
    String url = TestPostgres.url(schema) + "&ApplicationName=" + applicationName;
    String features = PostgresRepos.drivers("driver_stats", "conv_rate", "trips");
    Path cliRepo = PostgresRepos.write(dir.resolve("cli"), project, url, 3600, features);
    Path serverRepo = PostgresRepos.write(dir.resolve("server"), project, url, 3600, features);
    try (FeatureStore cli = FeatureStore.open(cliRepo);
        FeatureStore server = FeatureStore.open(serverRepo)) {
      cli.apply();
      assertThat(server.recentSnapshot().revision()).isEqualTo(1);
      await(() -> listening(applicationName) > 0, Duration.ofSeconds(10), "the server to listen");

      List<Duration> took = new ArrayList<>();
      took.add(seen(server, () -> apply(cli, cliRepo, "conv_rate"), 2));

      long pid = listening(applicationName);
      terminate(pid);
      await(
          () -> listening(applicationName) > 0 && listening(applicationName) != pid,
          Duration.ofSeconds(10),
          "the server to listen again");
      took.add(seen(server, () -> apply(cli, cliRepo, "trips"), 3));
      System.out.println("the server saw each apply after " + took);
      assertThat(took).allSatisfy(t -> assertThat(t).isLessThan(SECOND));
    }
  }

  private static long listening(String applicationName) {
    try {
      return listeningBackend(applicationName);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void apply(FeatureStore cli, Path repo, String feature) {
    try {
      Files.writeString(
          repo.resolve("features.yaml"), PostgresRepos.drivers("driver_stats", feature));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    cli.apply(dev.larder.core.registry.ApplyOptions.ALLOW_BREAKING);
  }
}
