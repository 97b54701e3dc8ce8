package dev.larder.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's Prometheus metrics (DESIGN B7), in a registry of its own (two servers in one JVM do
 * not mix their counts), and their text exposition for {@code GET /metrics}:
 *
 * <ul>
 *   <li>{@code larder_http_requests_total{endpoint, status}}: requests answered;
 *   <li>{@code larder_http_request_duration_seconds{endpoint}}: from the request's arrival to its
 *       reply being handed to the connection;
 *   <li>{@code larder_online_read_duration_seconds}: the feature store's online read alone;
 *   <li>the JVM and the process, under the Prometheus client's standard names: heap and other
 *       memory ({@code jvm_memory_used_bytes{area="heap"}}, …), direct buffers ({@code
 *       jvm_buffer_pool_used_bytes{pool="direct"}}), threads ({@code jvm_threads_current}), garbage
 *       collections ({@code jvm_gc_collection_seconds}), resident memory ({@code
 *       process_resident_memory_bytes}) and open files ({@code process_open_fds}), read when {@code
 *       /metrics} is asked for, so that memory or connections that grow show.
 * </ul>
 *
 * The endpoint label is the route's path, or {@code other} for paths that are no endpoint, so the
 * label's values stay few.
 */
final class ServerMetrics {
  /** The label of requests to paths that are no endpoint. */
  static final String OTHER = "other";

  /** Bucket bounds, seconds: fine below a millisecond (online reads), coarse up to a minute. */
  private static final double[] BUCKETS = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
    2.5, 5, 10, 30, 60
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram durations;
  private final Histogram onlineReads;

  ServerMetrics() {
    requests =
        Counter.builder()
            .name("larder_http_requests_total")
            .help("HTTP requests answered, by endpoint and status")
            .labelNames("endpoint", "status")
            .register(registry);
    durations =
        Histogram.builder()
            .name("larder_http_request_duration_seconds")
            .help("Time from a request's arrival to its reply, by endpoint")
            .labelNames("endpoint")
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .register(registry);
    onlineReads =
        Histogram.builder()
            .name("larder_online_read_duration_seconds")
            .help("Time of the feature store's online read of one request")
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .register(registry);
    // Read at each scrape from the JVM's beans; none of them installs a listener, so a server
    // started and stopped in a test leaves nothing behind.
    JvmMemoryMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmThreadsMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    ProcessMetrics.builder().register(registry);
  }

  /** Counts a request to {@code endpoint} answered with {@code status} after {@code nanos}. */
  void request(String endpoint, int status, long nanos) {
    requests.labelValues(endpoint, statusLabel(status)).inc();
    durations.labelValues(endpoint).observe(nanos / 1e9);
  }

  /** Records one online read of {@code nanos}. */
  void onlineRead(long nanos) {
    onlineReads.observe(nanos / 1e9);
  }

  /** The Prometheus text exposition of every metric. */
  Reply exposition() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to memory", e);
    }
    return new Reply(200, writer.getContentType(), out.toByteArray());
  }

  private static String statusLabel(int status) {
    return switch (status) {
      case 200 -> "200";
      case 400 -> "400";
      case 404 -> "404";
      default -> Integer.toString(status);
    };
  }
}
