package dev.larder.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.larder.bench.SoakStats.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's clients, each on threads of its own, all against one server, until {@link #close}:
 *
 * <ul>
 *   <li>a <b>reader</b>: {@value #READ_THREADS} threads of small online reads (1–10 keys, the 20
 *       features of {@code classification_features} or the pushed view's 6), each at {@value
 *       #READ_RATE} per second on a fixed schedule, latency measured from the scheduled time (a
 *       slow reply delays and charges the reads behind it); and every {@value #BIG_READ_SECONDS} s
 *       one large read of {@value #BIG_READ_KEYS} keys × 21 features;
 *   <li>a <b>writer</b>: a push of 1–20 rows online every {@value #PUSH_MILLIS} ms, one of 50 rows
 *       online and offline (a new Parquet file) every 5 s, {@code /materialize-incremental} of
 *       every view every 20 s, and every 60 s a full {@code /materialize} of {@code
 *       classification_features} and an incremental one sent together, so that one may find the
 *       view held by the other (409, expected);
 *   <li>a <b>slow-client attacker</b>: {@value #SLOW_CLIENTS} connections that declare a body of
 *       10,000,000 bytes and send one byte a second (most with the reader's key, some with the
 *       writer's to {@code /push}, some with no key), and some that declare 50,000,000 bytes; each
 *       reconnects when refused. They must get 401, 408, 413 or 503;
 *   <li>a <b>health poller</b>: {@code GET /health} every {@value #HEALTH_MILLIS} ms.
 * </ul>
 *
 * Every request's outcome and latency go to {@link SoakStats}.
 */
final class SoakLoad implements AutoCloseable {
  static final int READ_THREADS = 2;
  static final int READ_RATE = 50;
  static final int BIG_READ_SECONDS = 15;
  static final int BIG_READ_KEYS = 20_000;
  static final int PUSH_MILLIS = 100;
  static final int SLOW_CLIENTS = 64;
  static final int HEALTH_MILLIS = 200;

  private static final int OFFLINE_PUSH_TICKS = 50; // 5 s
  private static final int INCREMENTAL_TICKS = 200; // 20 s
  private static final int CONCURRENT_TICKS = 600; // 60 s
  private static final String EARLIEST = "2000-01-01T00:00:00Z";

  private final URI base;
  private final SoakRepo repo;
  private final SoakStats stats;
  private final HttpClient client;
  private final HttpClient healthClient;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger slowConnections = new AtomicInteger();
  private final AtomicInteger bigReadsInFlight = new AtomicInteger();
  private final AtomicInteger materializationsInFlight = new AtomicInteger();
  private final long began = System.nanoTime();
  private volatile boolean running = true;

  SoakLoad(URI base, SoakRepo repo, SoakStats stats) {
    this.base = base;
    this.repo = repo;
    this.stats = stats;
    this.client = client();
    this.healthClient = client();
  }

  /** Starts every client. */
  SoakLoad start() {
    for (int i = 0; i < READ_THREADS; i++) {
      long seed = i;
      spawn("soak-reader-" + i, () -> reader(new Random(seed)));
    }
    spawn("soak-big-reader", this::bigReader);
    spawn("soak-writer", this::writer);
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      int n = i;
      spawn("soak-slow-" + i, () -> slowClient(n));
    }
    spawn("soak-health", this::healthPoller);
    return this;
  }

  /** The slow clients' connections open now. */
  int slowConnections() {
    return slowConnections.get();
  }

  /** Stops every client and waits for each to finish its request in flight. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(3));
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + " did not stop within 3 minutes");
      }
    }
  }

  private void spawn(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  // --- reader ---

  private void reader(Random random) {
    long period = TimeUnit.SECONDS.toNanos(1) / READ_RATE;
    long due = System.nanoTime();
    while (running) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int keys = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(9);
      String body =
          random.nextInt(5) == 0
              ? readBody(SoakRepo.PUSHED_VIEW, SoakRepo.PUSHED_FEATURES, keys, 0, random)
              : readBody("classification_features", 20, keys, -1, random);
      send(Kind.READ, post("/get-online-features", body, repo.readerKey(), 30), due);
      due += period;
    }
  }

  private void bigReader() {
    Random random = new Random(7);
    long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (running) {
      if (System.nanoTime() < next) {
        sleep(100);
        continue;
      }
      next += TimeUnit.SECONDS.toNanos(BIG_READ_SECONDS);
      String body = readBody("classification_features", 20, BIG_READ_KEYS, 1, random);
      bigReadsInFlight.incrementAndGet();
      try {
        send(Kind.BIG_READ, post("/get-online-features", body, repo.readerKey(), 120), 0);
      } finally {
        bigReadsInFlight.decrementAndGet();
      }
    }
  }

  /**
   * An online read of {@code keys} random keys and the first {@code features} features of {@code
   * view}, plus {@code target} when {@code withTarget} is not negative.
   */
  private static String readBody(
      String view, int features, int keys, int withTarget, Random random) {
    StringBuilder b = new StringBuilder(32 + keys * 6).append("{\"features\": [");
    for (int f = 0; f < features; f++) {
      b.append(f == 0 ? "" : ", ").append('"').append(view).append(":feature_").append(f);
      b.append('"');
    }
    if (withTarget >= 0) {
      b.append(", \"").append(view).append(":target\"");
    }
    b.append("], \"entities\": {\"sample_index\": [");
    int range = view.equals(SoakRepo.PUSHED_VIEW) ? SoakRepo.PUSHED_KEYS : BenchRepo.SAMPLES;
    for (int k = 0; k < keys; k++) {
      b.append(k == 0 ? "" : ",").append(random.nextInt(range));
    }
    return b.append("]}}").toString();
  }

  // --- writer ---

  private void writer() {
    Random random = new Random(11);
    long period = TimeUnit.MILLISECONDS.toNanos(PUSH_MILLIS);
    long due = System.nanoTime();
    for (long tick = 1; running; tick++) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      due += period;
      if (tick % CONCURRENT_TICKS == CONCURRENT_TICKS / 2) {
        materializationsInFlight.incrementAndGet();
        try {
          concurrentMaterializations();
        } finally {
          materializationsInFlight.decrementAndGet();
        }
      } else if (tick % INCREMENTAL_TICKS == 0) {
        materializationsInFlight.incrementAndGet();
        try {
          send(Kind.MATERIALIZE, incremental(), 0);
        } finally {
          materializationsInFlight.decrementAndGet();
        }
      } else if (tick % OFFLINE_PUSH_TICKS == 0) {
        send(Kind.PUSH, push(random, 50, "online_and_offline"), 0);
      } else {
        send(Kind.PUSH, push(random, 1 + random.nextInt(20), "online"), 0);
      }
      if (due < System.nanoTime() - TimeUnit.SECONDS.toNanos(1)) {
        due = System.nanoTime(); // after a long materialization: no burst of pushes to catch up
      }
    }
  }

  private HttpRequest push(Random random, int rows, String to) {
    List<Long> keys = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      keys.add((long) random.nextInt(SoakRepo.PUSHED_KEYS));
    }
    StringBuilder b = new StringBuilder(256 + rows * 64);
    b.append("{\"push_source_name\": \"").append(SoakRepo.PUSH_SOURCE).append("\", \"to\": \"");
    b.append(to).append("\", \"df\": {");
    boolean first = true;
    for (var column : SoakRepo.pushRows(keys, Instant.now()).entrySet()) {
      b.append(first ? "" : ", ").append('"').append(column.getKey()).append("\": [");
      first = false;
      boolean firstValue = true;
      for (Object v : column.getValue()) {
        b.append(firstValue ? "" : ",");
        firstValue = false;
        if (v == null) {
          b.append("null");
        } else if (v instanceof String s) {
          b.append('"').append(s).append('"');
        } else {
          b.append(v);
        }
      }
      b.append(']');
    }
    b.append("}}");
    return post("/push", b.toString(), repo.writerKey(), 60);
  }

  private HttpRequest incremental() {
    return post(
        "/materialize-incremental",
        "{\"end_ts\": \"" + Instant.now() + "\"}",
        repo.writerKey(),
        300);
  }

  /** A full materialization and an incremental one at once; either may find the view held (409). */
  private void concurrentMaterializations() {
    HttpRequest full =
        post(
            "/materialize",
            "{\"start_ts\": \""
                + EARLIEST
                + "\", \"end_ts\": \""
                + Instant.now()
                + "\", \"feature_views\": [\"classification_features\"]}",
            repo.writerKey(),
            300);
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> other =
        client.sendAsync(incremental(), HttpResponse.BodyHandlers.ofString());
    send(Kind.MATERIALIZE, full, 0);
    try {
      HttpResponse<String> r = other.get(300, TimeUnit.SECONDS);
      stats.record(Kind.MATERIALIZE, r.statusCode(), r.body(), micros(start));
    } catch (Exception e) {
      stats.record(Kind.MATERIALIZE, outcome(e), micros(start));
    }
  }

  // --- slow-client attacker ---

  private void slowClient(int n) {
    int flavour = n % 8;
    String path = flavour == 5 ? "/push" : "/get-online-features";
    String key =
        switch (flavour) {
          case 5 -> repo.writerKey();
          case 6 -> null;
          default -> repo.readerKey();
        };
    long declared = flavour == 7 ? 50_000_000 : 10_000_000;
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Length: "
                + declared
                + "\r\n\r\n{")
            .getBytes(ISO_8859_1);
    while (running) {
      long start = System.nanoTime();
      slowConnections.incrementAndGet();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        s.setSoTimeout(1_000);
        OutputStream out = s.getOutputStream();
        out.write(head);
        out.flush();
        String reply = trickle(s.getInputStream(), out);
        if (reply == null) {
          continue; // stopped
        }
        if (reply.length() < 12 || !reply.startsWith("HTTP/1.1 ")) {
          stats.record(Kind.SLOW, SoakStats.BROKEN, micros(start));
        } else {
          int status = Integer.parseInt(reply.substring(9, 12));
          int bodyAt = reply.indexOf("\r\n\r\n");
          stats.record(
              Kind.SLOW, status, bodyAt < 0 ? "" : reply.substring(bodyAt + 4), micros(start));
        }
      } catch (IOException e) {
        stats.record(Kind.SLOW, SoakStats.BROKEN, micros(start));
      } finally {
        slowConnections.decrementAndGet();
      }
      if (flavour == 7) {
        sleep(1_000); // refused at once: do not spin
      }
    }
  }

  /**
   * Sends a byte a second until a reply starts, then reads it to the end (or 5 s); null when the
   * soak stopped first.
   */
  private String trickle(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    while (running) {
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        try {
          out.write(' ');
          out.flush();
        } catch (IOException closed) {
          // the server closed its side: its reply, if it sent one, is still there to read
        }
        continue;
      }
      if (n < 0) {
        return reply.toString(ISO_8859_1);
      }
      reply.write(buffer, 0, n);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < end) {
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          continue;
        } catch (IOException e) {
          break; // reset after the reply: what came counts
        }
        if (n < 0) {
          break;
        }
        reply.write(buffer, 0, n);
      }
      return reply.toString(ISO_8859_1);
    }
    return null;
  }

  // --- health ---

  private void healthPoller() {
    HttpRequest health =
        HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build();
    while (running) {
      long start = System.nanoTime();
      boolean big = bigReadsInFlight.get() > 0;
      boolean materializing = materializationsInFlight.get() > 0;
      send(healthClient, Kind.HEALTH, health, 0);
      long spentNanos = System.nanoTime() - start;
      if (spentNanos > TimeUnit.MILLISECONDS.toNanos(100)) {
        big |= bigReadsInFlight.get() > 0;
        materializing |= materializationsInFlight.get() > 0;
        stats.slowHealth(
            (start - began) / 1e9,
            spentNanos / 1e6,
            big && materializing
                ? "big read and materialization"
                : big ? "big read" : materializing ? "materialization" : "neither");
      }
      long spent = TimeUnit.NANOSECONDS.toMillis(spentNanos);
      sleep(Math.max(0, HEALTH_MILLIS - spent));
    }
  }

  // --- plumbing ---

  private HttpRequest post(String path, String body, String key, int timeoutSeconds) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private void send(Kind kind, HttpRequest request, long due) {
    send(client, kind, request, due);
  }

  /**
   * Sends {@code request} and records its outcome; its latency counts from {@code due} (a scheduled
   * time in {@link System#nanoTime()}'s terms) or, when 0, from now.
   */
  private void send(HttpClient via, Kind kind, HttpRequest request, long due) {
    long start = due == 0 ? System.nanoTime() : due;
    try {
      HttpResponse<String> r = via.send(request, HttpResponse.BodyHandlers.ofString());
      stats.record(kind, r.statusCode(), r.body(), micros(start));
    } catch (IOException e) {
      stats.record(kind, outcome(e), micros(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static String outcome(Throwable e) {
    Throwable cause = e.getCause() != null && !(e instanceof IOException) ? e.getCause() : e;
    return cause instanceof HttpTimeoutException ? SoakStats.TIMEOUT : SoakStats.BROKEN;
  }

  private static long micros(long startNanos) {
    return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
