package dev.larder.core.repo;

import dev.larder.core.InvalidDefinitionException;
import java.util.List;

/**
 * The {@code feature_server} section of {@code feature_store.yaml}: how much one request may ask of
 * {@code larder serve}, and how much work it takes on at once. Every key is optional:
 *
 * <pre>
 * feature_server:
 *   max_body_bytes: 10485760          # a request body, decoded; more is 413 (--max-body-size wins)
 *   max_request_values: 1000000       # entity rows × features of one online read; more is 413
 *   max_response_bytes: 67108864      # the JSON of one reply; more is 413
 *   max_concurrent_requests: 4        # requests worked on at once; others wait in a queue
 *   max_queued_requests: 64           # requests waiting for a worker; more is 503
 *   max_buffered_body_bytes: 268435456  # bodies being received, all connections together; more is 503
 *   min_body_bytes_per_second: 16384  # after 5 s a body must have come at least this fast; else 408
 * </pre>
 *
 * <p>The defaults let a Feast-style batch read of 1,000,000 values (say 47,000 keys × 21 features)
 * through and keep the memory of everything in flight within a few hundred megabytes.
 *
 * @param maxBodyBytes the largest request body accepted, counted after decoding
 * @param maxRequestValues the most entity rows × features one online read may ask for
 * @param maxResponseBytes the largest reply body
 * @param maxConcurrentRequests requests parsed and answered at once
 * @param maxQueuedRequests requests waiting for one of those workers
 * @param maxBufferedBodyBytes request bodies held in memory while they arrive, all together
 * @param minBodyBytesPerSecond the slowest average rate a body may arrive at after the first {@link
 *     #BODY_GRACE_SECONDS} seconds
 */
public record FeatureServerConfig(
    long maxBodyBytes,
    long maxRequestValues,
    long maxResponseBytes,
    int maxConcurrentRequests,
    int maxQueuedRequests,
    long maxBufferedBodyBytes,
    long minBodyBytesPerSecond) {

  /** The key of the section in {@code feature_store.yaml}. */
  public static final String SECTION = "feature_server";

  /** How long a request body may take before its rate is checked. */
  public static final int BODY_GRACE_SECONDS = 5;

  /** The keys the section may hold. */
  static final List<String> KEYS =
      List.of(
          "max_body_bytes",
          "max_request_values",
          "max_response_bytes",
          "max_concurrent_requests",
          "max_queued_requests",
          "max_buffered_body_bytes",
          "min_body_bytes_per_second");

  public FeatureServerConfig {
    positive("max_body_bytes", maxBodyBytes);
    positive("max_request_values", maxRequestValues);
    positive("max_response_bytes", maxResponseBytes);
    positive("max_concurrent_requests", maxConcurrentRequests);
    if (maxQueuedRequests < 0) {
      throw new InvalidDefinitionException(
          "feature_server.max_queued_requests is " + maxQueuedRequests + "; it must be 0 or more");
    }
    positive("max_buffered_body_bytes", maxBufferedBodyBytes);
    positive("min_body_bytes_per_second", minBodyBytesPerSecond);
    if (maxBufferedBodyBytes < maxBodyBytes) {
      throw new InvalidDefinitionException(
          "feature_server.max_buffered_body_bytes ("
              + maxBufferedBodyBytes
              + ") is below max_body_bytes ("
              + maxBodyBytes
              + "), so no request of the largest size could ever be received",
          "Raise max_buffered_body_bytes or lower max_body_bytes");
    }
  }

  /** The defaults described above. */
  public static FeatureServerConfig defaults() {
    return new FeatureServerConfig(
        10L * 1024 * 1024, 1_000_000, 64L * 1024 * 1024, 4, 64, 256L * 1024 * 1024, 16 * 1024);
  }

  /** This configuration with a body limit of {@code bytes} (the buffered total grows with it). */
  public FeatureServerConfig withMaxBodyBytes(long bytes) {
    return new FeatureServerConfig(
        bytes,
        maxRequestValues,
        maxResponseBytes,
        maxConcurrentRequests,
        maxQueuedRequests,
        Math.max(maxBufferedBodyBytes, bytes),
        minBodyBytesPerSecond);
  }

  /** This configuration with at most {@code values} entity rows × features per online read. */
  public FeatureServerConfig withMaxRequestValues(long values) {
    return new FeatureServerConfig(
        maxBodyBytes,
        values,
        maxResponseBytes,
        maxConcurrentRequests,
        maxQueuedRequests,
        maxBufferedBodyBytes,
        minBodyBytesPerSecond);
  }

  /** This configuration with replies of at most {@code bytes}. */
  public FeatureServerConfig withMaxResponseBytes(long bytes) {
    return new FeatureServerConfig(
        maxBodyBytes,
        maxRequestValues,
        bytes,
        maxConcurrentRequests,
        maxQueuedRequests,
        maxBufferedBodyBytes,
        minBodyBytesPerSecond);
  }

  /** This configuration with {@code workers} requests at once and {@code queued} waiting. */
  public FeatureServerConfig withConcurrency(int workers, int queued) {
    return new FeatureServerConfig(
        maxBodyBytes,
        maxRequestValues,
        maxResponseBytes,
        workers,
        queued,
        maxBufferedBodyBytes,
        minBodyBytesPerSecond);
  }

  /** This configuration with bodies required to arrive at {@code bytesPerSecond} or faster. */
  public FeatureServerConfig withMinBodyBytesPerSecond(long bytesPerSecond) {
    return new FeatureServerConfig(
        maxBodyBytes,
        maxRequestValues,
        maxResponseBytes,
        maxConcurrentRequests,
        maxQueuedRequests,
        maxBufferedBodyBytes,
        bytesPerSecond);
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new InvalidDefinitionException(
          SECTION + "." + key + " is " + value + "; it must be a positive number");
    }
  }
}
