package dev.larder.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop HTTP load generator, run as its own JVM by {@link HttpBenchmark}: requests are sent
 * at a fixed rate on a schedule, spread round-robin over keep-alive connections (one thread each),
 * and each latency is measured from the request's <em>scheduled</em> time to the end of its
 * response, so a slow response delays and charges the requests queued behind it (no coordinated
 * omission). Latencies go into an HdrHistogram with microsecond resolution.
 *
 * <p>Usage: {@code LoadGenerator URL RATE SECONDS CONNECTIONS [BODY_FILE…]}: POST the bodies in
 * turn (GET without any). Prints one line: {@code requests=… errors=… rate=… p50_us=… p99_us=…
 * p999_us=… max_us=…}.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    double rate = Double.parseDouble(args[1]);
    double seconds = Double.parseDouble(args[2]);
    int connections = Integer.parseInt(args[3]);
    List<byte[]> requests = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      requests.add(request(url, Files.readAllBytes(Path.of(args[i]))));
    }
    if (requests.isEmpty()) {
      requests.add(request(url, null));
    }
    long total = (long) (rate * seconds);
    long periodNanos = (long) (1e9 / rate);
    long start = System.nanoTime() + 50_000_000L;
    AtomicLong errors = new AtomicLong();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Histogram h = new Histogram(60_000_000L, 3);
      histograms.add(h);
      int first = c;
      Thread t =
          new Thread(
              () -> {
                try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                  socket.setTcpNoDelay(true);
                  OutputStream out = socket.getOutputStream();
                  InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                  for (long j = first; j < total; j += connections) {
                    long due = start + j * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                    out.write(requests.get((int) (j % requests.size())));
                    out.flush();
                    if (readResponse(in) != 200) {
                      errors.incrementAndGet();
                    }
                    h.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                  System.err.println("connection failed: " + e);
                }
              },
              "load-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Histogram all = new Histogram(60_000_000L, 3);
    histograms.forEach(all::add);
    System.out.printf(
        Locale.ROOT,
        "requests=%d errors=%d rate=%.1f p50_us=%d p99_us=%d p999_us=%d max_us=%d%n",
        all.getTotalCount(),
        errors.get(),
        all.getTotalCount() / elapsed,
        all.getValueAtPercentile(50),
        all.getValueAtPercentile(99),
        all.getValueAtPercentile(99.9),
        all.getMaxValue());
  }

  private static byte[] request(URI url, byte[] body) {
    String head =
        (body == null ? "GET " : "POST ")
            + url.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + url.getHost()
            + ":"
            + url.getPort()
            + "\r\n"
            + (body == null
                ? ""
                : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
            + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    if (body == null) {
      return h;
    }
    byte[] out = new byte[h.length + body.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  /** Reads one response with a Content-Length body; returns its status. */
  private static int readResponse(InputStream in) throws IOException {
    String status = line(in);
    int length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(header.substring(colon + 1).trim());
      }
    }
    in.skipNBytes(length);
    return Integer.parseInt(status.substring(9, 12));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder(64);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }
}
