package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.core.BackendException;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.StoredRow;
import dev.larder.core.repo.RepoConfig;
import dev.larder.testkit.TestRedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The connection string's options on servers of this class's own ({@link TestRedisServer}; the
 * shared Redis is never reconfigured): a password ({@code --requirepass}), a user of Redis's ACLs,
 * a database, and TLS with a certificate made here by the JDK's {@code keytool}.
 */
class RedisServerOptionsIT {
  private static final String PASSWORD = "pa55-w0rd-of-the-it";

  private static TestRedisServer locked;
  private static TestRedisServer open;

  @BeforeAll
  static void startServers() {
    TestRedisServer.requireBinary();
    locked = TestRedisServer.builder().options("--requirepass", PASSWORD).start();
    open = TestRedisServer.start();
  }

  @AfterAll
  static void stopServers() {
    for (TestRedisServer s : new TestRedisServer[] {locked, open}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static RedisOnlineStore store(String connection) {
    return RedisOnlineStoreFactory.open(RedisConnectionString.parse(connection), "opts", 0);
  }

  /** Writes a row, reads it back and deletes the view, through {@code s}. */
  private static void roundTrip(RedisOnlineStore s) {
    OnlineViewSchema v = view("v");
    s.write(v, List.of(row(driver(1), T1, null, 0.5, 5L, "x")));
    assertThat(values(s.read(v, List.of(driver(1))).get(0))).containsExactly(0.5, 5L, "x");
    s.deleteView(v);
    assertThat(s.read(v, List.of(driver(1)))).containsOnlyNulls();
  }

  @Test
  void thePasswordIsSentAndNeverShown() {
    try (RedisOnlineStore s = store(locked.address() + ",password=" + PASSWORD)) {
      roundTrip(s);
      assertThat(s.location())
          .isEqualTo("redis://" + locked.address() + "/0 (project opts)")
          .doesNotContain(PASSWORD);
    }
  }

  /** The password from the environment, through feature_store.yaml, as a deployment gives it. */
  @Test
  void aPasswordFromTheEnvironmentOpensTheServer(@TempDir Path repo) throws IOException {
    Files.writeString(
        repo.resolve(RepoConfig.FILE),
        "project: opts\nregistry: data/registry.db\nonline_store:\n  type: redis\n"
            + "  connection_string: \""
            + locked.address()
            + ",password=${LARDER_IT_REDIS_PASSWORD}\"\n");
    RepoConfig config = RepoConfig.load(repo, Map.of("LARDER_IT_REDIS_PASSWORD", PASSWORD)::get);
    try (RedisOnlineStore s = (RedisOnlineStore) OnlineStore.open(config)) {
      roundTrip(s);
      assertThat(s.location()).doesNotContain(PASSWORD);
    }
    RepoConfig wrong = RepoConfig.load(repo, Map.of("LARDER_IT_REDIS_PASSWORD", "env-wr0ng")::get);
    try (OnlineStore s = OnlineStore.open(wrong)) {
      assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("WRONGPASS")
          .hasMessageNotContaining("env-wr0ng");
    }
  }

  @Test
  void aWrongPasswordIsAClearErrorWithoutIt() {
    try (RedisOnlineStore s = store(locked.address() + ",password=wrong-s3cret")) {
      assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
          .isInstanceOf(BackendException.class)
          .hasMessageStartingWith(
              "cannot read from the Redis online store at redis://"
                  + locked.address()
                  + "/0 (project opts): ")
          .hasMessageContaining("WRONGPASS")
          .hasMessageNotContaining("wrong-s3cret")
          .hasMessageNotContaining(PASSWORD)
          .satisfies(e -> assertThat(hint(e)).startsWith("Check the password (and username)"));
    }
  }

  @Test
  void noPasswordIsAClearErrorNamingTheFix() {
    try (RedisOnlineStore s = store(locked.address())) {
      assertThatThrownBy(() -> s.write(view("v"), List.of(row(driver(1), T1, null, 1.0, 1L, "x"))))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("NOAUTH")
          .satisfies(e -> assertThat(hint(e)).startsWith("Check the password (and username)"));
    }
  }

  @Test
  void aUserOfRedisAclsLogsInWithItsOwnPassword() {
    try (Jedis admin = TestRedis.jedis(open)) {
      admin.aclSetUser("larder_it", "on", ">user-s3cret", "~*", "+@all");
    }
    try (RedisOnlineStore s = store(open.address() + ",username=larder_it,password=user-s3cret")) {
      roundTrip(s);
      assertThat(s.location())
          .isEqualTo("redis://larder_it@" + open.address() + "/0 (project opts)");
    }
    try (RedisOnlineStore s = store(open.address() + ",username=larder_it,password=not-it")) {
      assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("WRONGPASS")
          .hasMessageNotContaining("not-it");
    }
  }

  @Test
  void rowsGoToTheDatabaseNamed() {
    try (RedisOnlineStore s = store(open.address() + ",db=3");
        Jedis raw = TestRedis.jedis(open)) {
      s.write(view("v"), List.of(row(driver(1), T1, null, 1.0, 1L, "in db 3")));
      byte[] key = s.redisKey(view("v"), driver(1));
      assertThat(raw.exists(key)).isFalse();
      raw.select(3);
      assertThat(raw.exists(key)).isTrue();
      s.deleteProject();
      assertThat(raw.exists(key)).isFalse();
    }
  }

  @Test
  void aServerThatIsNoClusterNodeNamedAsAClusterIsAnErrorNamingTheFix() {
    try (RedisOnlineStore s =
        RedisOnlineStoreFactory.open(
            RedisConnectionString.parse(open.address()), true, "opts", 0)) {
      assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("cluster support disabled")
          .satisfies(e -> assertThat(hint(e)).contains("set redis_type: redis"));
    }
  }

  /**
   * {@code ssl=true}: the store speaks TLS and checks the server's certificate. Against a server
   * whose certificate it trusts (a test CA, given as the socket factory) it works; with the JVM's
   * default trust it refuses that certificate; without {@code ssl=true} the TLS server does not
   * understand it.
   */
  @Test
  void sslTrueSpeaksTlsAndChecksTheCertificate(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "redis",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate("redis");
    Path certPem = dir.resolve("cert.pem");
    Path keyPem = dir.resolve("key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(
        keyPem, pem("PRIVATE KEY", ks.getKey("redis", "changeit".toCharArray()).getEncoded()));

    TestRedisServer tls;
    try {
      tls =
          TestRedisServer.builder()
              .tls()
              .options(
                  "--tls-cert-file", certPem.toString(),
                  "--tls-key-file", keyPem.toString(),
                  "--tls-ca-cert-file", certPem.toString(),
                  "--tls-auth-clients", "no")
              .start();
    } catch (IllegalStateException e) {
      String reason = "this redis-server does not start with TLS: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(reason);
      }
      System.out.println("skipping the TLS test: " + reason);
      assumeTrue(false, reason);
      return;
    }
    try (tls) {
      RedisConnectionString withTls = RedisConnectionString.parse(tls.address() + ",ssl=true");
      try (RedisOnlineStore s =
          RedisOnlineStoreFactory.open(withTls, false, "opts", 0, trusting(cert))) {
        roundTrip(s);
        assertThat(s.location()).isEqualTo("rediss://" + tls.address() + "/0 (project opts)");
      }
      try (RedisOnlineStore s = RedisOnlineStoreFactory.open(withTls, "opts", 0)) {
        assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
            .isInstanceOf(BackendException.class)
            .hasMessageContaining("certification path");
      }
      try (RedisOnlineStore s = store(tls.address())) {
        assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
            .isInstanceOf(BackendException.class)
            .hasMessageStartingWith(
                "cannot read from the Redis online store at redis://" + tls.address() + "/0");
      }
    }
  }

  private static String hint(Throwable e) {
    return ((BackendException) e).hint();
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** TLS sockets that trust {@code cert} alone. */
  private static SSLSocketFactory trusting(Certificate cert)
      throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("redis", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");

  private static OnlineViewSchema view(String name) {
    return new OnlineViewSchema(
        name,
        List.of(new OnlineViewSchema.KeyField("driver_id", ValueType.INT64)),
        List.of(
            Field.of("conv_rate", "Float64"),
            Field.of("trips", "Int64"),
            Field.of("city", "String")));
  }

  private static EntityKey driver(long id) {
    return EntityKey.of(List.of("driver_id"), id);
  }

  private static OnlineRow row(EntityKey key, Instant event, Instant created, Object... values) {
    return new OnlineRow(key, Arrays.asList(values), event, created);
  }

  private static List<Object> values(StoredRow row) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      out.add(row.value(i));
    }
    return out;
  }
}
