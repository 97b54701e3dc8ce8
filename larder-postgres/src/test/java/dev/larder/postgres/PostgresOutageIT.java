package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.BackendException;
import dev.larder.core.ErrorCode;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.Lease;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.registry.RegistryStore;
import dev.larder.testkit.TcpProxy;
import dev.larder.testkit.TestDefinitions;
import dev.larder.testkit.TestRuns;
import dev.larder.testkit.TestSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL going away under an open registry store (issue #9 item 5), made with a {@link
 * TcpProxy} in front of the shared test PostgreSQL, which is never stopped: the store's URL names
 * the proxy's port.
 *
 * <ul>
 *   <li>Cut as a stopped server ({@code REFUSE}) or one that accepts and never answers ({@code
 *       HANG}): every operation of the store fails within {@link #BOUND} with a {@link
 *       BackendException} that names PostgreSQL and the URL without its secret; the revision probe
 *       fails within {@link #PROBE_BOUND}. Restored: the same store works again within {@link
 *       #RECOVERY}, without being reopened (the pool drops the broken connections and makes new
 *       ones).
 *   <li>Frozen ({@code FREEZE}: connections stay open, no byte moves, the case only the client's
 *       own timeouts end): reads end after the read timeout, not the 30 s statement timeout, and
 *       the probe after its own.
 *   <li>The change notices: the listener hears that they stopped, the thread reconnects by itself
 *       after the restore, and a later commit (made straight to PostgreSQL) is heard.
 * </ul>
 *
 * Each measured time is printed.
 */
class PostgresOutageIT {
  /** The longest any operation may take to fail while the proxy is cut. */
  static final Duration BOUND = PostgresRegistryStore.CONNECT_TIMEOUT.plusSeconds(2);

  /** The longest the revision probe may take to fail. */
  static final Duration PROBE_BOUND = Duration.ofMillis(2_500);

  /** How soon after the restore the store must work again. */
  static final Duration RECOVERY = Duration.ofSeconds(5);

  private static final String SECRET = "larder-outage-secret";

  private final String schema = TestPostgres.newSchema("outage");
  private final String project = TestPostgres.newProject("outage");
  private final List<RegistryStore> stores = new ArrayList<>();
  private TcpProxy proxy;
  private PostgresRegistryStore store;
  private String shownUrl;

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  @BeforeEach
  void openThroughProxy() {
    PostgresUrl direct = TestPostgres.url();
    proxy = TcpProxy.start(direct.host(), direct.port());
    PostgresUrl through =
        PostgresUrl.parse(
            TestPostgres.urlThrough(proxy.host(), proxy.port(), schema) + "&sslpassword=" + SECRET);
    shownUrl = through.toString();
    store = new PostgresRegistryStore(through, project, Duration.ofSeconds(1));
    stores.add(store);
    store.commit(0, TestSnapshots.of(project, 1, TestDefinitions.classification(), Instant.now()));
    store.recordRun(TestRuns.run("before", Instant.now()));
  }

  @AfterEach
  void closeAll() {
    stores.forEach(RegistryStore::close);
    proxy.close();
    TestPostgres.dropSchema(schema);
  }

  /** The store's operations, each run once, by name. */
  private Map<String, Runnable> operations() {
    Instant now = Instant.now();
    Lease lease = Lease.claim("materialize", "outage-test", now, Duration.ofMinutes(1));
    MaterializationInterval interval =
        new MaterializationInterval(now.minusSeconds(60), now, Instant.now());
    Map<String, Runnable> ops = new LinkedHashMap<>();
    ops.put("currentRevision", store::currentRevision);
    ops.put("load", store::load);
    ops.put("history", store::history);
    ops.put(
        "commit",
        () -> store.commit(1, TestSnapshots.of(project, 2, TestDefinitions.classification(), now)));
    ops.put("recordRun", () -> store.recordRun(TestRuns.run("during", now)));
    ops.put("runs", store::runs);
    ops.put("run", () -> store.run("before"));
    ops.put(
        "appendMaterialization",
        () -> store.appendMaterialization(TestDefinitions.VIEW, 1, interval));
    ops.put("clearMaterializations", store::clearMaterializations);
    ops.put(
        "appendAudit",
        () ->
            store.appendAudit(
                new AuditEntry(
                    now, "ana", List.of(), "apply", List.of(), AuditOutcome.OK, "outage test")));
    ops.put("audit", () -> store.audit(null));
    ops.put("claimLease", () -> store.claimLease(lease, held -> false));
    ops.put("renewLease", () -> store.renewLease(lease, now.plusSeconds(120)));
    ops.put("releaseLease", () -> store.releaseLease(lease));
    ops.put("export", store::export);
    return ops;
  }

  /** Runs {@code op}, which must fail as a backend error naming the URL; returns how long. */
  private Duration failure(String name, Runnable op) {
    long began = System.nanoTime();
    Throwable thrown = null;
    try {
      op.run();
    } catch (RuntimeException e) {
      thrown = e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    assertThat(thrown).as(name + " while PostgreSQL is away").isInstanceOf(BackendException.class);
    BackendException e = (BackendException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    assertThat(e.getMessage()).as(name).contains("PostgreSQL").contains(shownUrl);
    assertThat(e.hint()).as(name).isNotBlank();
    assertThat(e.getMessage() + e.hint()).as(name).doesNotContain(SECRET);
    return took;
  }

  @ParameterizedTest
  @EnumSource(
      value = TcpProxy.Cut.class,
      names = {"REFUSE", "HANG"})
  void everyOperationFailsSoonWhileCutAndTheSameStoreWorksAgainOnceRestored(TcpProxy.Cut how)
      throws Exception {
    proxy.cut(how);
    Map<String, Duration> took = new LinkedHashMap<>();
    operations().forEach((name, op) -> took.put(name, failure(name, op)));
    System.out.println(how + ": each operation failed after (ms) " + millis(took));
    assertThat(took.get("currentRevision")).as("the probe").isLessThan(PROBE_BOUND);
    assertThat(took).allSatisfy((name, t) -> assertThat(t).as(name).isLessThan(BOUND));
    assertThat(failure("the probe again", store::currentRevision)).isLessThan(PROBE_BOUND);
    try {
      store.history();
    } catch (BackendException e) {
      System.out.println(how + ": " + e.getMessage() + " / " + e.hint());
    }

    proxy.restore();
    long restored = System.nanoTime();
    Duration recovered = untilWorks(restored);
    System.out.println(how + ": the store worked again " + recovered.toMillis() + " ms after");
    Map<String, Runnable> again = operations();
    again.forEach((name, op) -> op.run());
    assertThat(store.currentRevision()).isEqualTo(2);
    assertThat(store.runs()).as("the run before the cut and the one after").hasSize(2);
  }

  @Test
  void frozenConnectionsEndWithTheReadTimeoutNotTheStatementTimeout() throws Exception {
    store.load(); // a pooled connection, just used: taken again without a check
    proxy.cut(TcpProxy.Cut.FREEZE);
    Map<String, Duration> took = new LinkedHashMap<>();
    took.put("load", failure("load", store::load));
    took.put("currentRevision", failure("currentRevision", store::currentRevision));
    took.put("history", failure("history", store::history));
    System.out.println("FREEZE: reads failed after (ms) " + millis(took));
    assertThat(took.get("currentRevision")).isLessThan(PROBE_BOUND);
    assertThat(took.values())
        .allSatisfy(
            t ->
                assertThat(t)
                    .isLessThan(PostgresRegistryStore.READ_TIMEOUT.plus(Duration.ofSeconds(2))));

    proxy.restore();
    Duration recovered = untilWorks(System.nanoTime());
    System.out.println("FREEZE: the store worked again " + recovered.toMillis() + " ms after");
    assertThat(store.load()).isPresent();
  }

  @Test
  void changeNoticesStopWhenCutAndFlowAgainAfterTheRestoreByThemselves() throws Exception {
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
    assertThat(next(heard, Duration.ofSeconds(10))).isEqualTo("flowing");
    PostgresRegistryStore direct =
        new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), project);
    stores.add(direct);

    for (TcpProxy.Cut how : List.of(TcpProxy.Cut.REFUSE, TcpProxy.Cut.HANG)) {
      proxy.cut(how);
      assertThat(next(heard, Duration.ofSeconds(2))).as(how.name()).isEqualTo("stopped");
      long revision = direct.currentRevision();
      direct.commit(
          revision,
          TestSnapshots.of(project, revision + 1, TestDefinitions.classification(), Instant.now()));
      assertThat(heard.poll(1, TimeUnit.SECONDS)).as("nothing heard while cut").isNull();

      proxy.restore();
      long restored = System.nanoTime();
      assertThat(next(heard, RECOVERY.plusSeconds(5))).isEqualTo("flowing");
      System.out.println(
          how
              + ": notices flowed again "
              + Duration.ofNanos(System.nanoTime() - restored).toMillis()
              + " ms after the restore");
      direct.commit(
          revision + 1,
          TestSnapshots.of(project, revision + 2, TestDefinitions.classification(), Instant.now()));
      assertThat(next(heard, Duration.ofSeconds(1))).isEqualTo("committed " + (revision + 2));
    }
  }

  /** Asks for the revision until it answers; how long after {@code since} (at most RECOVERY). */
  private Duration untilWorks(long since) throws InterruptedException {
    while (true) {
      try {
        store.currentRevision();
        return Duration.ofNanos(System.nanoTime() - since);
      } catch (BackendException e) {
        assertThat(Duration.ofNanos(System.nanoTime() - since))
            .as("still failing: " + e.getMessage())
            .isLessThan(RECOVERY);
        Thread.sleep(50);
      }
    }
  }

  private static String next(BlockingQueue<String> heard, Duration within)
      throws InterruptedException {
    String event = heard.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event within %s", within).isNotNull();
    return event;
  }

  private static Map<String, Long> millis(Map<String, Duration> took) {
    Map<String, Long> out = new LinkedHashMap<>();
    took.forEach((k, v) -> out.put(k, v.toMillis()));
    return out;
  }
}
