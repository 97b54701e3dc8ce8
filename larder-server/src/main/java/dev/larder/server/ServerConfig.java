package dev.larder.server;

import dev.larder.core.repo.FeatureServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FeatureServer} listens, and how much it takes on.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} (the default) or {@code 0.0.0.0}
 * @param port the port; {@code 0} picks a free one ({@link FeatureServer#port()} tells which)
 * @param accessLog a file to append an access log line per request to (NCSA extended format), or
 *     {@code null} for none (the default)
 * @param shutdownTimeout how long a stop waits for requests in flight
 * @param limits the bounds of one request and of the work in flight ({@code feature_server} in
 *     {@code feature_store.yaml})
 */
public record ServerConfig(
    String host, int port, Path accessLog, Duration shutdownTimeout, FeatureServerConfig limits) {
  /** Feast's default port. */
  public static final int DEFAULT_PORT = 6566;

  /** The default body limit: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = FeatureServerConfig.defaults().maxBodyBytes();

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdown timeout " + shutdownTimeout + " is negative");
    }
  }

  /**
   * 127.0.0.1:6566, no access log, 10 s to finish requests on shutdown, the default limits of
   * {@link FeatureServerConfig#defaults()}.
   */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1", DEFAULT_PORT, null, Duration.ofSeconds(10), FeatureServerConfig.defaults());
  }

  /** The largest request body accepted, after decoding. */
  public long maxBodyBytes() {
    return limits.maxBodyBytes();
  }

  public ServerConfig withHost(String value) {
    return new ServerConfig(value, port, accessLog, shutdownTimeout, limits);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(host, value, accessLog, shutdownTimeout, limits);
  }

  public ServerConfig withMaxBodyBytes(long value) {
    return withLimits(limits.withMaxBodyBytes(value));
  }

  public ServerConfig withAccessLog(Path value) {
    return new ServerConfig(host, port, value, shutdownTimeout, limits);
  }

  public ServerConfig withShutdownTimeout(Duration value) {
    return new ServerConfig(host, port, accessLog, value, limits);
  }

  public ServerConfig withLimits(FeatureServerConfig value) {
    return new ServerConfig(host, port, accessLog, shutdownTimeout, value);
  }
}
