package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.FeatureStore;
import dev.larder.core.online.RepoFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests that Feast's documentation and its own HTTP clients (the {@code remote} online
 * store, {@code sdk/python/feast/infra/online_stores/remote.py}) send, byte for byte in shape, to a
 * running server over real HTTP; and what they parse in the answers.
 */
class FeastClientsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Feast's {@code driver} template, as far as these requests need it. */
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - name: driver_stats_push_source
          type: push
          batch_source: {name: driver_stats_source, type: file, path: data/driver_stats,
                         timestamp_field: event_timestamp, created_timestamp_column: created}
        - {name: profile_source, type: file, path: data/profile.parquet,
           timestamp_field: event_timestamp}
      feature_views:
        - name: driver_hourly_stats
          entities: [driver]
          source: driver_stats_push_source
          schema:
            - {name: conv_rate, dtype: Float32}
            - {name: acc_rate, dtype: Float32}
            - {name: avg_daily_trips, dtype: Int64}
        - name: driver_profile
          entities: [driver]
          source: profile_source
          schema:
            - {name: last_seen, dtype: UnixTimestamp}
            - {name: seen_at, dtype: Array(UnixTimestamp)}
        - name: driver_docs
          entities: [driver]
          source: profile_source
          schema:
            - {name: tags, dtype: Map}
            - {name: doc, dtype: Json}
      """;

  @TempDir static Path repo;
  static FeatureStore store;
  static FeatureServer server;
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void serve() {
    RepoFixture.write(repo, DEFINITIONS);
    RepoFixture.parquet(
        repo.resolve("data/driver_stats/base.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, created TIMESTAMPTZ, conv_rate FLOAT,"
            + " acc_rate FLOAT, avg_daily_trips BIGINT",
        "(1000, '2022-05-01 00:00:00+00', NULL, 0.5, 0.5, 10)");
    RepoFixture.parquet(
        repo.resolve("data/profile.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, last_seen TIMESTAMPTZ,"
            + " seen_at TIMESTAMPTZ[], tags MAP(VARCHAR, BIGINT), doc JSON",
        "(1000, '2022-05-01 00:00:00+00', '2022-04-30 12:00:00.75+00',"
            + " ['2022-04-29 00:00:00+00'::TIMESTAMPTZ], MAP {'trips': 3, 'stars': 5},"
            + " '{\"langs\": [\"fr\"]}')");
    store = RepoFixture.applied(repo);
    server = FeatureServer.start(store, ServerConfig.defaults().withPort(0));
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  record Answer(int status, JsonNode json, String body) {}

  /** A POST as {@code curl -d} sends it: no JSON content type (form encoding). */
  static Answer post(String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), JSON.readTree(r.body()), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode column(Answer a, String name) {
    JsonNode names = a.json().path("metadata").path("feature_names");
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).asText().equals(name)) {
        return a.json().path("results").get(i);
      }
    }
    throw new AssertionError("no column " + name + " in " + a.body());
  }

  @Test
  void thePushBodyOfFeastsDocumentationIsTakenAndServed() throws IOException {
    // docs/reference/feature-servers/python-feature-server.md, "curl -X POST .../push -d '…'"
    Answer push =
        post(
            "/push",
            """
            {
                "push_source_name": "driver_stats_push_source",
                "df": {
                        "driver_id": [1001],
                        "event_timestamp": ["2022-05-13 10:59:42+00:00"],
                        "created": ["2022-05-13 10:59:42"],
                        "conv_rate": [1.0],
                        "acc_rate": [1.0],
                        "avg_daily_trips": [1000]
                },
                "to": "online_and_offline"
              }""");
    assertThat(push.status()).as(push.body()).isEqualTo(200);
    try (Stream<Path> files = Files.list(repo.resolve("data/driver_stats"))) {
      assertThat(files.count()).as("the offline part: a new Parquet file").isEqualTo(2);
    }

    // read back by the entity's name, with a column that is no join key (Feast ignores it)
    Answer read =
        post(
            "/get-online-features",
            """
            {"features": ["driver_hourly_stats:conv_rate", "driver_hourly_stats:avg_daily_trips"],
             "entities": {"driver": [1001], "rider_id": [7]}}""");
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().path("metadata").path("feature_names"))
        .extracting(JsonNode::asText)
        .containsExactly("driver_id", "conv_rate", "avg_daily_trips");
    assertThat(column(read, "driver_id").path("values").get(0).asLong()).isEqualTo(1001);
    JsonNode trips = column(read, "avg_daily_trips");
    assertThat(trips.path("values").get(0).isIntegralNumber()).isTrue();
    assertThat(trips.path("values").get(0).asLong()).isEqualTo(1000);
    assertThat(trips.path("statuses").get(0).asText()).isEqualTo("PRESENT");
    assertThat(trips.path("event_timestamps").get(0).asText()).isEqualTo("2022-05-13T10:59:42Z");
    assertThat(column(read, "conv_rate").path("values").get(0).asDouble()).isEqualTo(1.0);
  }

  @Test
  void theRemoteOnlineStoreClientsWriteAndReadWork() {
    // RemoteOnlineStore.online_write_batch: join keys, features, naive ISO event times with
    // microseconds, "created" (null when the row has none), allow_registry_cache
    Answer write =
        post(
            "/write-to-online-store",
            """
            {"feature_view_name": "driver_hourly_stats",
             "df": {"driver_id": [1002, 1003], "conv_rate": [0.25, 0.75], "acc_rate": [0.5, 1.0],
                    "avg_daily_trips": [12, 13],
                    "event_timestamp": ["2022-05-14T08:00:00.250000", "2022-05-14T08:00:00"],
                    "created": [null, "2022-05-14T09:00:00"]},
             "allow_registry_cache": false}""");
    assertThat(write.status()).as(write.body()).isEqualTo(200);
    // RemoteOnlineStore.online_read: "view:feature" references and the join key's values
    Answer read =
        post(
            "/get-online-features",
            """
            {"features": ["driver_hourly_stats:conv_rate", "driver_hourly_stats:avg_daily_trips"],
             "entities": {"driver_id": [1002, 1003, 4242]}}""");
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    JsonNode conv = column(read, "conv_rate");
    assertThat(conv.path("values").get(0).asDouble()).isEqualTo(0.25);
    assertThat(conv.path("values").get(1).asDouble()).isEqualTo(0.75);
    assertThat(conv.path("values").get(2).isNull()).isTrue();
    assertThat(conv.path("statuses"))
        .extracting(JsonNode::asText)
        .containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
    assertThat(conv.path("event_timestamps"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "2022-05-14T08:00:00.250Z", "2022-05-14T08:00:00Z", "1970-01-01T00:00:00Z");
  }

  @Test
  void unixTimestampValuesAreWholeEpochSecondsOnTheWireBothWays() {
    Answer materialized =
        post(
            "/materialize",
            """
            {"start_ts": "2021-01-01T00:00:00", "end_ts": 1767225600,
             "feature_views": ["driver_profile"]}""");
    assertThat(materialized.status()).as(materialized.body()).isEqualTo(200);
    String read =
        """
        {"features": ["driver_profile:last_seen", "driver_profile:seen_at"],
         "entities": {"driver_id": [1000, 1004]}}""";
    Answer before = post("/get-online-features", read);
    assertThat(before.status()).as(before.body()).isEqualTo(200);
    JsonNode lastSeen = column(before, "last_seen").path("values");
    assertThat(lastSeen.get(0).isIntegralNumber()).as(before.body()).isTrue();
    // 2022-04-30T12:00:00.75Z: the fraction is dropped, as Feast's int64 seconds drop it
    assertThat(lastSeen.get(0).asLong()).isEqualTo(1651320000L);
    assertThat(column(before, "seen_at").path("values").get(0).get(0).asLong())
        .isEqualTo(1651190400L);

    // Feast's remote client sends them as integers, and a null "created" column even when the
    // source has no created timestamp column; event times may be numbers too
    Answer write =
        post(
            "/write-to-online-store",
            """
            {"feature_view_name": "driver_profile",
             "df": {"driver_id": [1004], "last_seen": [1652439582], "seen_at": [[1652439582, 0]],
                    "event_timestamp": [1652439582.5], "created": [null]}}""");
    assertThat(write.status()).as(write.body()).isEqualTo(200);
    Answer after = post("/get-online-features", read);
    assertThat(column(after, "last_seen").path("values").get(1).asLong()).isEqualTo(1652439582L);
    assertThat(column(after, "seen_at").path("values").get(1))
        .extracting(JsonNode::asLong)
        .containsExactly(1652439582L, 0L);
    assertThat(column(after, "last_seen").path("event_timestamps").get(1).asText())
        .isEqualTo("2022-05-13T10:59:42.500Z");
  }

  @Test
  void aTimeInNoAcceptedFormIsA400ShowingAnAcceptedExample() {
    Answer bad =
        post(
            "/materialize-incremental",
            "{\"end_ts\": \"13/05/2022 10:59\", \"feature_views\": null}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").path("message").asText())
        .startsWith("field 'end_ts' is not an ISO-8601 time: '13/05/2022 10:59'")
        .contains("2022-05-13 10:59:42+00:00");
    Answer pushed =
        post(
            "/push",
            """
            {"push_source_name": "driver_stats_push_source", "to": "online",
             "df": {"driver_id": [1], "event_timestamp": [true], "created": [null],
                    "conv_rate": [1.0], "acc_rate": [1.0], "avg_daily_trips": [1]}}""");
    assertThat(pushed.status()).isEqualTo(400);
    assertThat(pushed.json().path("error").path("message").asText())
        .contains("event_timestamp")
        .contains("2022-05-13 10:59:42+00:00");
  }

  @Test
  void mapValuesAreObjectsAndJsonValuesTextAsFeastsFeatureServerWritesThem() throws IOException {
    Answer materialized =
        post(
            "/materialize",
            "{\"start_ts\": \"2022-01-01\", \"end_ts\": \"2023-01-01\","
                + " \"feature_views\": [\"driver_docs\"]}");
    assertThat(materialized.status()).as(materialized.body()).isEqualTo(200);
    // a Map value pushed as an object and as JSON text (as Feast's remote client sends it)
    Answer write =
        post(
            "/write-to-online-store",
            """
            {"feature_view_name": "driver_docs",
             "df": {"driver_id": [1005, 1006],
                    "tags": [{"trips": 1, "rate": 0.5, "name": "x", "ok": true, "none": null},
                             "{\\"trips\\": 2}"],
                    "doc": ["[1, 2]", {"nested": {"a": [true]}}],
                    "event_timestamp": ["2022-05-13 10:59:42+00:00", "2022-05-13"],
                    "created": [null, null]}}""");
    assertThat(write.status()).as(write.body()).isEqualTo(200);
    Answer read =
        post(
            "/get-online-features",
            """
            {"features": ["driver_docs:tags", "driver_docs:doc"],
             "entities": {"driver_id": [1000, 1005, 1006, 1]}}""");
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    JsonNode tags = column(read, "tags").path("values");
    assertThat(tags.get(0)).isEqualTo(JSON.readTree("{\"trips\": 3, \"stars\": 5}"));
    assertThat(tags.get(1))
        .isEqualTo(
            JSON.readTree(
                "{\"trips\": 1, \"rate\": 0.5, \"name\": \"x\", \"ok\": true, \"none\": null}"));
    assertThat(tags.get(2)).isEqualTo(JSON.readTree("{\"trips\": 2}"));
    assertThat(tags.get(3).isNull()).isTrue();
    JsonNode docs = column(read, "doc").path("values");
    assertThat(docs.get(0).isTextual()).as(read.body()).isTrue();
    assertThat(JSON.readTree(docs.get(0).asText()))
        .isEqualTo(JSON.readTree("{\"langs\": [\"fr\"]}"));
    assertThat(docs.get(1).asText()).isEqualTo("[1, 2]");
    assertThat(JSON.readTree(docs.get(2).asText()))
        .isEqualTo(JSON.readTree("{\"nested\": {\"a\": [true]}}"));
    Answer nested =
        post(
            "/write-to-online-store",
            """
            {"feature_view_name": "driver_docs",
             "df": {"driver_id": [1], "tags": [{"deep": {"x": 1}}], "doc": [null],
                    "event_timestamp": ["2022-05-13"]}}""");
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.json().path("error").path("message").asText()).contains("key 'deep'");
  }
}
