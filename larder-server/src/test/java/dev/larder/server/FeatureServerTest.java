package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.core.FeatureSelection;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.online.OnlineFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature server over real HTTP on an ephemeral port (DESIGN B7). */
class FeatureServerTest {
  static final String EPOCH = "1970-01-01T00:00:00Z";

  @TempDir static Path work;
  static ServedRepo served;

  @BeforeAll
  static void serve() throws IOException {
    served =
        new ServedRepo(work.resolve("repo"), ServerConfig.defaults().withMaxBodyBytes(64 * 1024));
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static String read(String features, String entities) {
    return "{\"features\": [" + features + "], \"entities\": {" + entities + "}}";
  }

  @Test
  void answersTheExactShapeWithJoinKeysFirstThenFeaturesInRequestOrder() {
    ServedRepo.Answer a =
        served.post(
            "/get-online-features",
            read(
                "\"classification_features:target\", \"classification_features:feature_0\"",
                "\"sample_index\": [1, 2, 999999]"));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.body())
        .startsWith(
            "{\"metadata\":{\"feature_names\":[\"sample_index\",\"target\",\"feature_0\"]},"
                + "\"results\":[{\"values\":[1,2,999999],"
                + "\"statuses\":[\"PRESENT\",\"PRESENT\",\"PRESENT\"],"
                + "\"event_timestamps\":[\""
                + EPOCH
                + "\",\""
                + EPOCH
                + "\",\""
                + EPOCH
                + "\"]},{\"values\":[");
    JsonNode json = a.json();
    assertThat(json.fieldNames()).toIterable().containsExactly("metadata", "results");
    JsonNode target = json.get("results").get(1);
    assertThat(target.get("values").get(0).isIntegralNumber()).isTrue();
    assertThat(target.get("values").get(2).isNull()).isTrue();
    assertThat(texts(target.get("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
    List<String> times = texts(target.get("event_timestamps"));
    assertThat(times.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3,9})?Z");
    assertThat(times.get(2)).isEqualTo(EPOCH);
    JsonNode feature0 = json.get("results").get(2);
    assertThat(feature0.get("values").get(0).isDouble()).isTrue();

    OnlineFeatures inProcess =
        served.store.getOnlineFeatures(
            FeatureSelection.of(
                "classification_features:target", "classification_features:feature_0"),
            Map.of("sample_index", List.of(1L, 2L, 999999L)));
    assertThat(a.body()).isEqualTo(new String(OnlineFeaturesJson.toBytes(inProcess)));
  }

  @Test
  void valuesEqualPointInTimeRetrievalAtTheMaterializedTime() {
    long[] keys = {1, 2, 3, 500, 999};
    StringBuilder list = new StringBuilder();
    for (long k : keys) {
      list.append(list.length() == 0 ? "" : ",").append(k);
    }
    JsonNode json =
        served
            .post(
                "/get-online-features",
                read("\"classification_features:feature_0\"", "\"sample_index\": [" + list + "]"))
            .json();
    Instant[] at = new Instant[keys.length];
    java.util.Arrays.fill(at, served.materializedTo);
    TrainingFrame offline =
        served.store.getHistoricalFeatures(
            EntityRows.builder()
                .longs("sample_index", keys)
                .timestamps("event_timestamp", at)
                .build(),
            FeatureSelection.of("classification_features:feature_0"),
            RetrievalOptions.DEFAULT);
    for (int i = 0; i < keys.length; i++) {
      assertThat(json.get("results").get(1).get("values").get(i).doubleValue())
          .isEqualTo(offline.column("feature_0").getDouble(i));
    }
  }

  @Test
  void featureServiceAndFullFeatureNames() {
    JsonNode json =
        served
            .post(
                "/get-online-features",
                "{\"feature_service\": \"classifier\", \"entities\": {\"sample_index\": [7]},"
                    + " \"full_feature_names\": true}")
            .json();
    assertThat(texts(json.get("metadata").get("feature_names")))
        .containsExactly(
            "sample_index",
            "classification_features__feature_0",
            "classification_features__feature_1");
  }

  @Test
  void writtenRowsShowNullValueAndOutsideMaxAge() {
    Instant now = Instant.now();
    ServedRepo.Answer write =
        served.post(
            "/write-to-online-store",
            "{\"feature_view_name\": \"recent_features\", \"df\": {"
                + "\"sample_index\": [5, 6],"
                + " \"event_timestamp\": [\"2020-01-01T00:00:00Z\", \""
                + now
                + "\"],"
                + " \"created_timestamp\": [null, null],"
                + " \"feature_0\": [0.5, null], \"feature_1\": [1.5, 2.5]}}");
    assertThat(write.status()).as(write.body()).isEqualTo(200);
    assertThat(write.json().get("rows").asInt()).isEqualTo(2);
    JsonNode json =
        served
            .post(
                "/get-online-features",
                read(
                    "\"recent_features:feature_0\", \"recent_features:feature_1\"",
                    "\"sample_index\": [5, 6, 7]"))
            .json();
    JsonNode f0 = json.get("results").get(1);
    assertThat(texts(f0.get("statuses")))
        .containsExactly("OUTSIDE_MAX_AGE", "NULL_VALUE", "NOT_FOUND");
    assertThat(f0.get("values").get(0).doubleValue()).isEqualTo(0.5);
    assertThat(f0.get("event_timestamps").get(0).asText()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(texts(json.get("results").get(2).get("statuses")))
        .containsExactly("OUTSIDE_MAX_AGE", "PRESENT", "NOT_FOUND");
  }

  @Test
  void pushedRowsAreReadBackOnline() {
    ServedRepo.Answer push =
        served.post(
            "/push",
            "{\"push_source_name\": \"classification_push\", \"to\": \"online\", \"df\": {"
                + "\"sample_index\": [123456], \"event_timestamp\": [\"2030-01-01T00:00:00Z\"],"
                + " \"created_timestamp\": [null], \"feature_0\": [42.25], \"target\": [1]}}");
    assertThat(push.status()).as(push.body()).isEqualTo(200);
    JsonNode json =
        served
            .post(
                "/get-online-features",
                read(
                    "\"pushed_features:feature_0\", \"pushed_features:target\"",
                    "\"sample_index\": [123456]"))
            .json();
    assertThat(json.get("results").get(1).get("values").get(0).doubleValue()).isEqualTo(42.25);
    assertThat(json.get("results").get(2).get("values").get(0).longValue()).isEqualTo(1L);
    assertThat(json.get("results").get(1).get("event_timestamps").get(0).asText())
        .isEqualTo("2030-01-01T00:00:00Z");

    ServedRepo.Answer unknown =
        served.post("/push", "{\"push_source_name\": \"nope\", \"df\": {\"a\": [1]}}");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
  }

  @Test
  void aTimeBeyondWhatTheStoresHoldIsA400NotA500() {
    // found by FeatureEndpointsFuzzTest: the microseconds of year -999999999 overflowed (500)
    ServedRepo.Answer a =
        served.post(
            "/materialize",
            "{\"start_ts\": \"-999999999-01-01T00:00:00Z\", \"end_ts\": \"2025-01-01\"}");
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.json().get("error").get("message").asText())
        .contains("outside the years 0001 to 9999");
  }

  @Test
  void materializeEndpointsReportEachView() {
    ServedRepo.Answer a =
        served.post(
            "/materialize",
            "{\"start_ts\": \"2025-01-01\", \"end_ts\": \"2025-02-01T00:00:00Z\","
                + " \"feature_views\": [\"classification_features\"]}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode view = a.json().get("feature_views").get(0);
    assertThat(view.get("name").asText()).isEqualTo("classification_features");
    assertThat(view.get("start_ts").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(view.get("rows").asLong()).isPositive();

    assertThat(served.post("/materialize", "{\"start_ts\": \"yesterday\", \"end_ts\": \"x\"}"))
        .extracting(ServedRepo.Answer::status)
        .isEqualTo(400);
    ServedRepo.Answer unknown =
        served.post(
            "/materialize-incremental",
            "{\"end_ts\": \"2025-02-01\", \"feature_views\": [\"classification_featurs\"]}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("classification_features");
  }

  @Test
  void concurrentClientsAllGetTheirOwnCorrectAnswers() throws Exception {
    int threads = 8;
    int requests = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        results.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  int ok = 0;
                  for (int i = 0; i < requests; i++) {
                    long key = random.nextInt(1000);
                    String body =
                        read(
                            "\"classification_features:feature_3\"",
                            "\"sample_index\": [" + key + "]");
                    String expected =
                        new String(
                            OnlineFeaturesJson.toBytes(
                                served.store.getOnlineFeatures(
                                    FeatureSelection.of("classification_features:feature_3"),
                                    Map.of("sample_index", List.of(key)))));
                    ServedRepo.Answer a = served.post("/get-online-features", body);
                    if (a.status() == 200 && a.body().equals(expected)) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(requests);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNewApplyIsServedWithinFiveSeconds() throws Exception {
    java.nio.file.Files.writeString(
        served.repo.resolve("late.yaml"),
        "feature_services:\n"
            + "  - name: late_service\n"
            + "    features:\n"
            + "      - {feature_view: classification_features, features: [feature_2]}\n");
    String body = "{\"feature_service\": \"late_service\", \"entities\": {\"sample_index\": [1]}}";
    assertThat(served.post("/get-online-features", body).status()).isEqualTo(404);
    try (dev.larder.core.FeatureStore other = dev.larder.core.FeatureStore.open(served.repo)) {
      other.apply();
    }
    long start = System.nanoTime();
    int status = 0;
    while (System.nanoTime() - start < 6_000_000_000L) {
      status = served.post("/get-online-features", body).status();
      if (status == 200) {
        break;
      }
      Thread.sleep(100);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(status).isEqualTo(200);
    assertThat(seconds).isLessThan(5.0);
  }

  private static JsonNode error(ServedRepo.Answer a) {
    JsonNode error = a.json().get("error");
    assertThat(error).as(a.body()).isNotNull();
    assertThat(a.json().size()).isEqualTo(1);
    return error;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
