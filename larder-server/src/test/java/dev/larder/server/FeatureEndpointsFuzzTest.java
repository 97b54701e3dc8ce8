package dev.larder.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.larder.core.FeatureStore;
import dev.larder.core.FuzzVerdict;
import dev.larder.core.LarderException;
import dev.larder.core.access.Principal;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.repo.FeatureServerConfig;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the JSON bodies of the feature server's endpoints (DESIGN B7) against {@link ServedRepo}'s
 * repository (the sample repository with a push source, a ttl view and a feature service; here the
 * push source's batch source is a directory, so that offline pushes are taken), applied and
 * materialized once. An input is {@code <endpoint>\n<body>}: the first line names the endpoint
 * ({@code get-online-features}, {@code push}, {@code write-to-online-store}, {@code materialize},
 * {@code materialize-incremental}; another first line picks one by its hash), the rest is the body.
 *
 * <p>The endpoint is called as the server's workers call it, without HTTP: it must answer, or fail
 * with a {@code LarderException} with a message (within {@link FuzzVerdict#TIME_LIMIT}) whose
 * reply, as {@link ErrorMapping} writes it for the client, is not a 500 and shows none of {@link
 * ServedRepo#JAVA_TEXT} that the request did not hold. The endpoint's description of the request
 * for a 401 must never fail.
 */
class FeatureEndpointsFuzzTest {
  private record Endpoint(String name, Route.Endpoint handler, Route.Access access) {}

  private static Path work;
  private static FeatureStore store;
  private static List<Endpoint> endpoints;
  private static Path pushed;

  /** Offline pushes kept before they are removed, so that reading them stays fast. */
  private static final int MAX_PUSHED_FILES = 50;

  @BeforeAll
  static void applyAndMaterialize() throws IOException {
    work = Files.createTempDirectory("larder-fuzz-server");
    Path repo = work.resolve("repo");
    ClassificationRepoTemplate.init(repo, false);
    // as ServedRepo, but pushes offline go to a directory of Parquet files, so that they work
    String extra =
        ServedRepo.EXTRA.replace(
            "path: data/classification_data.parquet,\n", "path: data/pushed,\n");
    if (extra.equals(ServedRepo.EXTRA)) {
      throw new IllegalStateException("ServedRepo.EXTRA changed: point its push source here anew");
    }
    Files.writeString(repo.resolve("extra.yaml"), extra);
    pushed = Files.createDirectories(repo.resolve("data/pushed"));
    Files.copy(repo.resolve("data/classification_data.parquet"), pushed.resolve("base.parquet"));
    store = FeatureStore.open(repo, Principal.local());
    store.apply();
    store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
    FeatureEndpoints e = new FeatureEndpoints(new ServerMetrics(), FeatureServerConfig.defaults());
    endpoints =
        List.of(
            new Endpoint(
                "get-online-features",
                e::getOnlineFeatures,
                FeatureEndpoints::getOnlineFeaturesAccess),
            new Endpoint("push", e::push, FeatureEndpoints::pushAccess),
            new Endpoint(
                "write-to-online-store",
                e::writeToOnlineStore,
                FeatureEndpoints::writeToOnlineStoreAccess),
            new Endpoint("materialize", e::materialize, FeatureEndpoints::materializeAccess),
            new Endpoint(
                "materialize-incremental",
                e::materializeIncremental,
                FeatureEndpoints::materializeAccess));
  }

  @AfterAll
  static void close() throws IOException {
    try {
      store.close();
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/dev/larder/server/request_body.dict")
  void requestBody(byte[] input) throws Exception {
    int newline = indexOf(input, (byte) '\n');
    String first = new String(input, 0, Math.max(newline, 0), UTF_8);
    byte[] body = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
    Endpoint endpoint =
        endpoints.stream()
            .filter(e -> e.name().equals(first))
            .findFirst()
            .orElse(endpoints.get(Math.floorMod(first.hashCode(), endpoints.size())));
    String text = new String(input, UTF_8);
    FuzzVerdict.check(
        () -> {
          endpoint.access().describe(body);
          endpoint.handler().handle(store, body);
        },
        e -> requirePublicReply(text, e));
    removePushesPast(MAX_PUSHED_FILES);
  }

  private static void removePushesPast(int keep) throws IOException {
    List<Path> pushes;
    try (Stream<Path> files = Files.list(pushed)) {
      pushes = files.filter(p -> p.getFileName().toString().startsWith("push-")).toList();
    }
    if (pushes.size() > keep) {
      for (Path p : pushes) {
        Files.delete(p);
      }
    }
  }

  /** The reply to {@code e} is not a 500 and shows no Java text that the request did not hold. */
  private static void requirePublicReply(String input, LarderException e) {
    Reply reply = ErrorMapping.reply(e);
    String body = new String(reply.body(), UTF_8);
    if (reply.status() == 500) {
      throw new AssertionError("a 500 for a request: " + body, e);
    }
    Matcher java = ServedRepo.JAVA_TEXT.matcher(body);
    while (java.find()) {
      if (!input.contains(java.group())) {
        throw new AssertionError("the reply shows Java text '" + java.group() + "': " + body, e);
      }
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
