package dev.larder.server;

import dev.larder.core.Echo;
import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineReader;
import dev.larder.core.online.PushMode;
import dev.larder.core.repo.FeatureServerConfig;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The feature store's endpoints (DESIGN B7): each parses its JSON body, makes one call on the
 * {@link FeatureStore} acting as the request's caller (which checks the permissions) and renders
 * the reply. Failures propagate to {@link ErrorMapping}. The {@code …Access} functions name what a
 * request asks for, for the 401 answer of a request without a valid key.
 */
final class FeatureEndpoints {
  private final ServerMetrics metrics;
  private final FeatureServerConfig limits;

  FeatureEndpoints(ServerMetrics metrics, FeatureServerConfig limits) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * {@code POST /get-online-features}: {@code {"features": [...] | "feature_service": "...",
   * "entities": {...}, "full_feature_names": false}} → the JSON of {@link OnlineFeaturesJson}.
   */
  Reply getOnlineFeatures(FeatureStore store, byte[] body) {
    return Reply.json(onlineFeatures(store, body, limits, metrics::onlineRead));
  }

  /**
   * The body of {@code POST /get-online-features}'s 200 answer to {@code body}, or the exception
   * that becomes its error answer: the one code path of the endpoint and the web UI's lookup form
   * ({@link OnlineLookup}).
   *
   * @param readNanos told how long the store's read took
   */
  static byte[] onlineFeatures(
      FeatureStore store, byte[] body, FeatureServerConfig limits, LongConsumer readNanos) {
    // A read over the limit is refused before its keys take memory (a service's features are
    // counted by the store, against the same limit).
    JsonBody.Requested requested = JsonBody.requested(body);
    OnlineReader.checkValueLimit(requested.rows(), requested.features(), limits.maxRequestValues());
    JsonBody json = JsonBody.parse(body);
    FeatureSelection selection = selection(json);
    Map<String, List<Object>> entities = json.requiredColumns("entities");
    boolean full = json.optionalBoolean("full_feature_names", false);
    long start = System.nanoTime();
    OnlineFeatures features =
        store.getOnlineFeatures(selection, entities, full, limits.maxRequestValues());
    readNanos.accept(System.nanoTime() - start);
    return OnlineFeaturesJson.toBytes(features, limits.maxResponseBytes());
  }

  /**
   * {@code POST /push}: {@code {"push_source_name": "...", "df": {column: [values]}, "to": "online"
   * | "offline" | "online_and_offline"}} ({@code to} defaults to {@code online}, as in Feast) →
   * {@code {"rows": n}}.
   */
  Reply push(FeatureStore store, byte[] body) {
    JsonBody json = JsonBody.parse(body);
    String source = json.requiredText("push_source_name");
    Map<String, List<Object>> df = json.requiredColumns("df");
    String to = json.optionalText("to");
    int rows = store.push(source, df, to == null ? PushMode.ONLINE : PushMode.parse(to));
    return rows(rows);
  }

  /**
   * {@code POST /write-to-online-store}: {@code {"feature_view_name": "...", "df": {...}}} → {@code
   * {"rows": n}}.
   */
  Reply writeToOnlineStore(FeatureStore store, byte[] body) {
    JsonBody json = JsonBody.parse(body);
    String view = json.requiredText("feature_view_name");
    Map<String, List<Object>> df = json.requiredColumns("df");
    return rows(store.writeToOnlineStore(view, df));
  }

  /**
   * {@code POST /materialize}: {@code {"start_ts": iso, "end_ts": iso, "feature_views": [...] |
   * null}} → {@code {"feature_views": [{"name", "start_ts", "end_ts", "rows"}, ...]}}.
   */
  Reply materialize(FeatureStore store, byte[] body) {
    JsonBody json = JsonBody.parse(body);
    Instant start = json.requiredTime("start_ts");
    Instant end = json.requiredTime("end_ts");
    List<String> views = json.optionalTexts("feature_views");
    return materialized(store.materialize(start, end, views, MaterializeProgress.NONE));
  }

  /**
   * {@code POST /materialize-incremental}: {@code {"end_ts": iso, "feature_views": [...] | null}} →
   * as {@link #materialize}.
   */
  Reply materializeIncremental(FeatureStore store, byte[] body) {
    JsonBody json = JsonBody.parse(body);
    Instant end = json.requiredTime("end_ts");
    List<String> views = json.optionalTexts("feature_views");
    return materialized(store.materializeIncremental(end, views, MaterializeProgress.NONE));
  }

  private static FeatureSelection selection(JsonBody json) {
    List<String> features = json.optionalTexts("features");
    String service = json.optionalText("feature_service");
    boolean hasFeatures = features != null && !features.isEmpty();
    if (hasFeatures == (service != null)) {
      throw new InvalidArgumentException(
          "give either \"features\" or \"feature_service\", not "
              + (hasFeatures ? "both" : "neither"),
          "Send \"features\": [\"view:feature\", …] or \"feature_service\": \"name\"");
    }
    return hasFeatures ? FeatureSelection.of(features) : FeatureSelection.service(service);
  }

  private static Reply rows(int rows) {
    return Reply.json(
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("rows", rows);
          g.writeEndObject();
        });
  }

  private static Reply materialized(List<ViewMaterialization> done) {
    return Reply.json(
        200,
        g -> {
          g.writeStartObject();
          g.writeFieldName("feature_views");
          g.writeStartArray();
          for (ViewMaterialization m : done) {
            g.writeStartObject();
            g.writeStringField("name", m.view());
            g.writeStringField("start_ts", OnlineFeaturesJson.formatTime(m.start()));
            g.writeStringField("end_ts", OnlineFeaturesJson.formatTime(m.end()));
            g.writeNumberField("rows", m.rows());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  static String getOnlineFeaturesAccess(byte[] body) {
    return describe(
        body,
        json -> {
          String service = json.optionalText("feature_service");
          if (service != null) {
            return "read_online on feature service " + Echo.of(service);
          }
          Set<String> views = new LinkedHashSet<>();
          List<String> features = json.optionalTexts("features");
          for (String ref : features == null ? List.<String>of() : features) {
            views.add(FeatureReference.parse(ref).featureView());
          }
          return views.isEmpty()
              ? "read_online on the requested features"
              : "read_online on " + views(views);
        },
        "read_online on the requested features");
  }

  static String pushAccess(byte[] body) {
    return describe(
        body,
        json -> {
          String to = json.optionalText("to");
          PushMode mode = to == null ? PushMode.ONLINE : PushMode.parse(to);
          String actions =
              mode == PushMode.ONLINE_AND_OFFLINE
                  ? "write_online and write_offline"
                  : mode.online() ? "write_online" : "write_offline";
          return actions
              + " on the feature views fed by push source "
              + Echo.of(json.requiredText("push_source_name"));
        },
        "write_online or write_offline through a push source");
  }

  static String writeToOnlineStoreAccess(byte[] body) {
    return describe(
        body,
        json -> "write_online on feature view " + Echo.of(json.requiredText("feature_view_name")),
        "write_online on a feature view");
  }

  static String materializeAccess(byte[] body) {
    return describe(
        body,
        json -> {
          List<String> views = json.optionalTexts("feature_views");
          return "write_online on "
              + (views == null ? "every online feature view" : views(new LinkedHashSet<>(views)));
        },
        "write_online on the feature views to materialize");
  }

  private static String views(Set<String> names) {
    return (names.size() == 1 ? "feature view " : "feature views ")
        + String.join(", ", names.stream().map(n -> Echo.of(n)).toList());
  }

  /** {@code describe} of the parsed body, or {@code otherwise} when the body does not parse. */
  private static String describe(
      byte[] body, Function<JsonBody, String> describe, String otherwise) {
    try {
      return describe.apply(JsonBody.parse(body));
    } catch (RuntimeException e) {
      return otherwise;
    }
  }
}
