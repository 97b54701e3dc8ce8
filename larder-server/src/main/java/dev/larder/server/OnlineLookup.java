package dev.larder.server;

import dev.larder.core.FeatureStore;
import dev.larder.core.repo.FeatureServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code POST /get-online-features} as a call, for the web UI's lookup form: the same parsing,
 * limits, permission check ({@code read_online}, by the store acting as the caller), read and JSON
 * as the endpoint, and on failure the same status and {@code {"error": {"code", "message"}}} body
 * that the endpoint answers. So the form shows exactly what the API returns.
 */
public final class OnlineLookup {
  private OnlineLookup() {}

  /**
   * What the endpoint answers.
   *
   * @param status 200, or the error's HTTP status
   * @param json the answer's body
   */
  public record Answer(int status, String json) {
    public Answer {
      Objects.requireNonNull(json, "json");
    }

    /** Whether the read succeeded. */
    public boolean ok() {
      return status == 200;
    }
  }

  /**
   * The endpoint's answer to the request body {@code body} (DESIGN B7) from {@code store}, which
   * acts as the caller, within {@code limits}.
   */
  public static Answer answer(FeatureStore store, byte[] body, FeatureServerConfig limits) {
    byte[] out;
    int status;
    try {
      out = FeatureEndpoints.onlineFeatures(store, body, limits, nanos -> {});
      status = 200;
    } catch (RuntimeException e) {
      Reply reply = ErrorMapping.reply(e);
      out = reply.body();
      status = reply.status();
    }
    return new Answer(status, new String(out, StandardCharsets.UTF_8));
  }
}
