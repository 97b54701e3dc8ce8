package dev.larder.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FeatureServer} listens.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} (the default) or {@code 0.0.0.0}
 * @param port the port; {@code 0} picks a free one ({@link FeatureServer#port()} tells which)
 * @param maxBodyBytes the largest request body accepted; longer ones get 413
 * @param accessLog a file to append an access log line per request to (NCSA extended format), or
 *     {@code null} for none (the default)
 * @param shutdownTimeout how long a stop waits for requests in flight
 */
public record ServerConfig(
    String host, int port, long maxBodyBytes, Path accessLog, Duration shutdownTimeout) {
  /** Feast's default port. */
  public static final int DEFAULT_PORT = 6566;

  /** The default body limit: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("body limit " + maxBodyBytes + " is not positive");
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdown timeout " + shutdownTimeout + " is negative");
    }
  }

  /** 127.0.0.1:6566, 10 MiB bodies, no access log, 10 s to finish requests on shutdown. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, null, Duration.ofSeconds(10));
  }

  public ServerConfig withHost(String value) {
    return new ServerConfig(value, port, maxBodyBytes, accessLog, shutdownTimeout);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(host, value, maxBodyBytes, accessLog, shutdownTimeout);
  }

  public ServerConfig withMaxBodyBytes(long value) {
    return new ServerConfig(host, port, value, accessLog, shutdownTimeout);
  }

  public ServerConfig withAccessLog(Path value) {
    return new ServerConfig(host, port, maxBodyBytes, value, shutdownTimeout);
  }

  public ServerConfig withShutdownTimeout(Duration value) {
    return new ServerConfig(host, port, maxBodyBytes, accessLog, value);
  }
}
