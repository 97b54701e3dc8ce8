package dev.larder.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.core.access.Principal;
import dev.larder.core.repo.FeatureServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature server against hostile and oversized requests (the hardening issue): slow bodies,
 * reads too large for memory, a full worker pool, stops with requests in flight, repeated headers,
 * duplicate JSON keys, compressed bodies, {@code HEAD}. Every reply body is checked for Java's
 * names for things when the server closes ({@link ServedRepo#close()}).
 */
class ServerHardeningTest {
  @TempDir Path work;
  @TempDir static Path shared;
  static ServedRepo defaults;

  private final List<ServedRepo> served = new ArrayList<>();

  @BeforeAll
  static void serveDefaults() throws IOException {
    defaults = new ServedRepo(shared.resolve("repo"), ServerConfig.defaults());
  }

  @AfterAll
  static void stopDefaults() {
    defaults.close();
  }

  /** A route that holds its worker until released, then answers {@code size} bytes of JSON. */
  private static final class Blocking {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final int size;

    Blocking(int size) {
      this.size = size;
    }

    Route route() {
      return Route.post(
          "/test/block",
          (store, body) -> {
            started.countDown();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] json = new byte[size];
            java.util.Arrays.fill(json, (byte) ' ');
            json[0] = '{';
            json[size - 1] = '}';
            return Reply.json(json);
          },
          body -> "a test");
    }
  }

  private ServedRepo serve(String name, ServerConfig config, Route... extra) throws IOException {
    ServedRepo s =
        new ServedRepo(work.resolve(name), config, Principal.local(), dir -> {}, List.of(extra));
    served.add(s);
    return s;
  }

  @AfterEach
  void close() {
    for (ServedRepo s : served) {
      s.close();
    }
  }

  private static String read(String entities) {
    return FeatureServerTest.read("\"classification_features:feature_0\"", entities);
  }

  private static long healthMillis(ServedRepo s) {
    long start = System.nanoTime();
    ServedRepo.Answer health =
        s.send(
            HttpRequest.newBuilder(s.uri("/health")).timeout(Duration.ofSeconds(5)).GET().build());
    assertThat(health.status()).isEqualTo(200);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void slowBodiesNeitherHoldThreadsNorStopHealthAndEndIn408() throws Exception {
    ServedRepo s = defaults;
    List<RawHttp> attackers = new ArrayList<>();
    try {
      // More slow bodies than Jetty has threads: read with blocking reads, they took every thread.
      for (int i = 0; i < 250; i++) {
        attackers.add(
            RawHttp.connect(s.server.uri())
                .send(
                    "POST /get-online-features HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"));
      }
      for (int i = 0; i < 5; i++) {
        assertThat(healthMillis(s)).isLessThan(2_000);
        Thread.sleep(200);
      }
      assertThat(s.post("/get-online-features", read("\"sample_index\": [1]")).status())
          .isEqualTo(200);
      // After the grace, a body that has not come at the minimum rate is a 408, and the
      // connection is closed.
      RawHttp.Reply reply = attackers.get(0).timeout(20_000).read();
      assertThat(reply.status()).isEqualTo(408);
      assertThat(reply.headers()).containsEntry("connection", "close");
      assertThat(reply.text()).contains("REQUEST_TIMEOUT").contains("min_body_bytes_per_second");
      s.record(reply.text());
    } finally {
      attackers.forEach(RawHttp::close);
    }
  }

  @Test
  void aReadOfMoreValuesThanTheLimitIs413NamingTheLimitAndTheSetting() throws IOException {
    ServedRepo s = defaults;
    // 50,000 keys × 21 features = 1,050,000 values: over the default of 1,000,000.
    String keys =
        IntStream.range(0, 50_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
    StringBuilder features = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      features.append("\"classification_features:feature_").append(i).append("\",");
    }
    features.append("\"classification_features:target\"");
    ServedRepo.Answer big =
        s.post(
            "/get-online-features",
            FeatureServerTest.read(features.toString(), "\"sample_index\": [" + keys + "]"));
    assertThat(big.status()).as(big.body()).isEqualTo(413);
    JsonNode error = big.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("TOO_LARGE");
    assertThat(error.get("message").asText())
        .contains("50,000 entity rows × 21 features = 1,050,000 values")
        .contains("limit of 1,000,000")
        .contains("feature_server.max_request_values")
        .contains("47,619 entity rows");
  }

  @Test
  void theValueLimitIsConfigurableAndAReadWithinItIsAnswered() throws IOException {
    ServedRepo s =
        serve(
            "limit",
            ServerConfig.defaults()
                .withLimits(FeatureServerConfig.defaults().withMaxRequestValues(2_100)));
    StringBuilder features = new StringBuilder("\"classification_features:target\"");
    for (int i = 0; i < 20; i++) {
      features.append(",\"classification_features:feature_").append(i).append('"');
    }
    String at =
        IntStream.range(0, 100).mapToObj(Integer::toString).collect(Collectors.joining(","));
    assertThat(
            s.post(
                    "/get-online-features",
                    FeatureServerTest.read(features.toString(), "\"sample_index\": [" + at + "]"))
                .status())
        .isEqualTo(200);
    ServedRepo.Answer over =
        s.post(
            "/get-online-features",
            FeatureServerTest.read(features.toString(), "\"sample_index\": [" + at + ", 100]"));
    assertThat(over.status()).isEqualTo(413);
    assertThat(over.json().get("error").get("message").asText())
        .contains("101 entity rows × 21 features = 2,121 values")
        .contains("at most 100 entity rows");
  }

  @Test
  void aReplyOverTheResponseLimitIs413() throws IOException {
    ServedRepo s =
        serve(
            "response",
            ServerConfig.defaults()
                .withLimits(FeatureServerConfig.defaults().withMaxResponseBytes(4_000)));
    String keys =
        IntStream.range(0, 200).mapToObj(Integer::toString).collect(Collectors.joining(","));
    ServedRepo.Answer big =
        s.post("/get-online-features", read("\"sample_index\": [" + keys + "]"));
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().get("error").get("message").asText())
        .contains("limit of 4000 bytes")
        .contains("feature_server.max_response_bytes");
    assertThat(s.post("/get-online-features", read("\"sample_index\": [1]")).status())
        .isEqualTo(200);
  }

  @Test
  void whenEveryWorkerIsBusyTheServerSheds503AndHealthStillAnswers() throws Exception {
    Blocking blocking = new Blocking(16);
    ServedRepo s =
        serve(
            "busy",
            ServerConfig.defaults()
                .withLimits(FeatureServerConfig.defaults().withConcurrency(1, 0)),
            blocking.route());
    CompletableFuture<HttpResponse<String>> first =
        s.client.sendAsync(
            HttpRequest.newBuilder(s.uri("/test/block"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(blocking.started.await(10, TimeUnit.SECONDS)).isTrue();
    ServedRepo.Answer shed = s.post("/get-online-features", read("\"sample_index\": [1]"));
    assertThat(shed.status()).isEqualTo(503);
    assertThat(shed.json().get("error").get("message").asText())
        .contains("busy")
        .contains("max_concurrent_requests");
    assertThat(healthMillis(s)).isLessThan(2_000);
    blocking.release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(s.post("/get-online-features", read("\"sample_index\": [1]")).status())
        .isEqualTo(200);
  }

  @Test
  void aStopLetsRequestsInFlightFinishWholeAndSaysSo() throws Exception {
    Blocking blocking = new Blocking(1_000_000);
    ServedRepo s = serve("stop", ServerConfig.defaults(), blocking.route());
    CompletableFuture<HttpResponse<byte[]>> inFlight =
        s.client.sendAsync(
            HttpRequest.newBuilder(s.uri("/test/block"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(blocking.started.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(s.server::stop);
    Thread.sleep(300);
    blocking.release.countDown();
    HttpResponse<byte[]> reply = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).hasSize(1_000_000);
    assertThat(stopped.get(15, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aReplyCutOffByAStopIsVisiblyBrokenAndTheStopStillReturns() throws Exception {
    Blocking blocking = new Blocking(64 * 1024 * 1024 - 16);
    ServedRepo s =
        serve(
            "cut",
            ServerConfig.defaults()
                .withShutdownTimeout(Duration.ofMillis(500))
                .withLimits(FeatureServerConfig.defaults().withMaxResponseBytes(1L << 30)),
            blocking.route());
    blocking.release.countDown();
    try (RawHttp client = RawHttp.connect(s.server.uri())) {
      // The client sends its request and reads nothing, so the 64 MB reply stalls in the socket.
      client.send("POST /test/block HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
      assertThat(blocking.started.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(500);
      assertThat(s.server.stop()).isFalse();
      RawHttp.Reply reply = client.read();
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers())
          .containsEntry("content-length", Integer.toString(64 * 1024 * 1024 - 16));
      assertThat(reply.complete()).isFalse();
      assertThat(reply.body().length).isLessThan(64 * 1024 * 1024 - 16);
    }
  }

  /**
   * A large reply is handed to the socket in slices: written whole, the JDK copies the heap buffer
   * into a temporary direct buffer of its size at every partial write and keeps one per thread, so
   * each thread that wrote part of a 20 MB reply held 20 MB of native memory (the soak saw the
   * server's direct buffers reach 150 MB after a dozen 22 MB online reads).
   */
  @Test
  void aLargeReplyTakesNoNativeMemoryOfItsSize() throws Exception {
    int size = 16 * 1024 * 1024;
    Route big =
        Route.post(
            "/test/big",
            (store, body) -> {
              byte[] json = new byte[size];
              java.util.Arrays.fill(json, (byte) ' ');
              json[0] = '{';
              json[size - 1] = '}';
              return Reply.json(json);
            },
            body -> "a test");
    ServedRepo s = serve("big", ServerConfig.defaults(), big);
    BufferPoolMXBean direct =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(p -> p.getName().equals("direct"))
            .findFirst()
            .orElseThrow();
    long before = direct.getMemoryUsed();
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> reply =
          s.client.send(
              HttpRequest.newBuilder(s.uri("/test/big"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.body()).hasSize(size);
    }
    assertThat(direct.getMemoryUsed() - before)
        .as("direct buffer bytes kept after three 16 MB replies")
        .isLessThan(4L * 1024 * 1024);
  }

  @Test
  void aRequestStillRunningWhenTheStopTimesOutGetsNoReplyAndTheStopReturns() throws Exception {
    Blocking blocking = new Blocking(1024);
    ServedRepo s =
        serve(
            "stuck",
            ServerConfig.defaults().withShutdownTimeout(Duration.ofMillis(500)),
            blocking.route());
    try (RawHttp client = RawHttp.connect(s.server.uri())) {
      client.send("POST /test/block HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
      assertThat(blocking.started.await(10, TimeUnit.SECONDS)).isTrue();
      // The handler never finishes: the stop gives up after its timeout, says so, and the client
      // sees its connection end without any reply rather than a well-formed one.
      assertThat(s.server.stop()).isFalse();
      RawHttp.Reply reply = client.read();
      assertThat(reply.status()).isEqualTo(-1);
      assertThat(reply.complete()).isFalse();
    } finally {
      blocking.release.countDown();
    }
  }

  @Test
  void twoAuthorizationHeadersAre400() throws IOException {
    ServedRepo s = defaults;
    ServedRepo.Answer two =
        s.send(
            HttpRequest.newBuilder(s.uri("/get-online-features"))
                .header("Authorization", "Bearer a")
                .header("Authorization", "Bearer b")
                .POST(HttpRequest.BodyPublishers.ofString(read("\"sample_index\": [1]")))
                .build());
    assertThat(two.status()).isEqualTo(400);
    assertThat(two.json().get("error").get("message").asText())
        .contains("2 Authorization headers")
        .contains("exactly one");
  }

  @Test
  void duplicateJsonKeysAre400() throws IOException {
    ServedRepo s = defaults;
    ServedRepo.Answer twice =
        s.post(
            "/get-online-features",
            "{\"features\": [\"classification_features:feature_0\"],"
                + " \"features\": [\"classification_features:feature_1\"],"
                + " \"entities\": {\"sample_index\": [1]}}");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.json().get("error").get("message").asText())
        .contains("Duplicate field 'features'");
    ServedRepo.Answer nested =
        s.post(
            "/get-online-features",
            "{\"features\": [\"classification_features:feature_0\"],"
                + " \"entities\": {\"sample_index\": [1], \"sample_index\": [2]}}");
    assertThat(nested.status()).isEqualTo(400);
    // Unknown top-level fields stay ignored, as Feast ignores them.
    assertThat(
            s.post(
                    "/get-online-features",
                    "{\"features\": [\"classification_features:feature_0\"],"
                        + " \"entities\": {\"sample_index\": [1]}, \"allow_cache\": true}")
                .status())
        .isEqualTo(200);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  private static ServedRepo.Answer postEncoded(ServedRepo s, String encoding, byte[] body) {
    return s.send(
        HttpRequest.newBuilder(s.uri("/get-online-features"))
            .header("Content-Encoding", encoding)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  @Test
  void gzipBodiesAreDecodedWithinTheLimitAndOtherEncodingsAre415() throws IOException {
    ServedRepo s = serve("gzip", ServerConfig.defaults().withMaxBodyBytes(64 * 1024));
    ServedRepo.Answer zipped =
        postEncoded(s, "gzip", gzip(read("\"sample_index\": [1, 2]").getBytes(UTF_8)));
    assertThat(zipped.status()).as(zipped.body()).isEqualTo(200);
    assertThat(zipped.json().get("results").get(0).get("values").toString()).isEqualTo("[1,2]");

    // A small bomb: 1 KB compressed, 10 MB decoded, over the 64 KB limit.
    byte[] zeros = new byte[10 * 1024 * 1024];
    ServedRepo.Answer bomb = postEncoded(s, "gzip", gzip(zeros));
    assertThat(bomb.status()).isEqualTo(413);
    assertThat(bomb.json().get("error").get("message").asText()).contains("decodes to more than");

    ServedRepo.Answer broken = postEncoded(s, "gzip", "not gzip".getBytes(UTF_8));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.json().get("error").get("message").asText()).contains("not valid gzip");

    ServedRepo.Answer brotli = postEncoded(s, "br", new byte[] {1, 2, 3});
    assertThat(brotli.status()).isEqualTo(415);
    assertThat(brotli.json().get("error").get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    assertThat(brotli.json().get("error").get("message").asText()).contains("'br'");
    assertThat(postEncoded(s, "gzip, gzip", new byte[] {1}).status()).isEqualTo(415);
  }

  @Test
  void headWorksWhereverGetDoes() throws IOException {
    ServedRepo s = defaults;
    for (String path : List.of("/health", "/metrics")) {
      ServedRepo.Answer get = s.get(path);
      HttpResponse<String> head;
      try {
        head =
            s.client.send(
                HttpRequest.newBuilder(s.uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      assertThat(head.statusCode()).as(path).isEqualTo(get.status());
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("Content-Type")).hasValue(get.contentType());
      assertThat(head.headers().firstValueAsLong("Content-Length").orElse(-1)).isPositive();
    }
    ServedRepo.Answer headPost =
        s.send(
            HttpRequest.newBuilder(s.uri("/push"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(headPost.status()).isEqualTo(405);
  }

  @Test
  void errorTextNeverShowsJavaNames() {
    assertThat(ErrorMapping.publicText("cannot read x: java.io.IOException: disk gone"))
        .isEqualTo("cannot read x: disk gone");
    assertThat(ErrorMapping.publicText("Conversion Error: could not convert 'x'"))
        .isEqualTo("Conversion error: could not convert 'x'");
    assertThat(ErrorMapping.publicText("bad file: MalformedInputException: Input length = 1"))
        .isEqualTo("bad file: Input length = 1");
    assertThat(ErrorMapping.quote("a\nb" + "x".repeat(500)))
        .startsWith("a\\u000ab")
        .endsWith("(503 characters in all)")
        .hasSizeLessThan(200);
  }
}
