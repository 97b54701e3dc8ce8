package dev.larder.server;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Receives one request body without holding a thread: Jetty calls {@link #run()} when bytes have
 * arrived, and nothing runs while a client is silent, so slow clients cost memory for what they
 * sent and nothing else. Each body is bounded three ways:
 *
 * <ul>
 *   <li>size: more than {@code maxBytes} is {@link Outcome#TOO_LARGE}; the rest is read and thrown
 *       away up to {@link #DRAIN_LIMIT_BYTES} so that the client sees the answer rather than a
 *       connection reset (a server that closes a connection with unread bytes makes the kernel
 *       reset it), and past that (or when the declared length is past it) the answer goes at once;
 *   <li>rate: after {@code grace}, a body must have arrived at {@code minBytesPerSecond} on average
 *       since the request began, else {@link Outcome#TOO_SLOW} (a timer checks, so a client that
 *       sends one byte every few seconds is caught as surely as a silent one);
 *   <li>memory: the bytes kept are reserved in the server's {@link BodyBudget} as they arrive
 *       (never for a length only declared); when it is spent, {@link Outcome#BUSY}.
 * </ul>
 *
 * Only the first {@code keepBytes} bytes are kept (all of them for a body to answer; a prefix for a
 * request refused before its body is needed, to name what it asked for).
 */
final class BodyReader implements Runnable {
  /** The most of an unwanted body that is read and thrown away before the answer. */
  static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;

  /** How a body ended. */
  enum Outcome {
    /** All of it arrived (the kept bytes are {@link Body#bytes()}). */
    RECEIVED,
    /** It is longer than the limit. */
    TOO_LARGE,
    /** It arrived slower than the minimum rate. */
    TOO_SLOW,
    /** The server's memory for bodies in flight is spent. */
    BUSY,
    /** The connection failed or closed before the end. */
    BROKEN
  }

  /**
   * What was received.
   *
   * @param bytes the kept bytes
   * @param length how many bytes arrived in all
   * @param reserved the bytes reserved in the budget for {@code bytes}, to release when done
   */
  record Body(byte[] bytes, long length, long reserved) {
    /** Whether every byte that arrived was kept. */
    boolean whole() {
      return bytes.length == length;
    }
  }

  /** Told once how the body ended. */
  @FunctionalInterface
  interface Done {
    void done(Outcome outcome, Body body);
  }

  private final Request request;
  private final long maxBytes;
  private final int keepBytes;
  private final BodyBudget budget;
  private final long minBytesPerSecond;
  private final long graceNanos;
  private final Done done;
  private final long begin = System.nanoTime();

  private byte[] buffer = new byte[0];
  private int kept;
  private long reserved;
  private long received;
  private boolean overLimit;
  private boolean finished;
  private Scheduler.Task timer;

  private BodyReader(
      Request request,
      long maxBytes,
      int keepBytes,
      BodyBudget budget,
      long minBytesPerSecond,
      long graceNanos,
      Done done) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.keepBytes = keepBytes;
    this.budget = budget;
    this.minBytesPerSecond = minBytesPerSecond;
    this.graceNanos = graceNanos;
    this.done = done;
  }

  /**
   * Starts receiving {@code request}'s body; {@code done} is called exactly once, on a Jetty or
   * scheduler thread.
   *
   * @param maxBytes the longest body accepted
   * @param keepBytes how many of its first bytes to keep (at most {@code maxBytes})
   */
  static void read(
      Request request,
      long maxBytes,
      long keepBytes,
      BodyBudget budget,
      long minBytesPerSecond,
      long graceNanos,
      Done done) {
    int keep = (int) Math.min(Math.min(keepBytes, maxBytes), Integer.MAX_VALUE - 16);
    BodyReader reader =
        new BodyReader(request, maxBytes, keep, budget, minBytesPerSecond, graceNanos, done);
    reader.start();
  }

  private synchronized void start() {
    long declared = request.getLength();
    if (declared > maxBytes) {
      overLimit = true;
      if (declared > DRAIN_LIMIT_BYTES) {
        finish(Outcome.TOO_LARGE);
        return;
      }
    }
    timer = schedule(graceNanos);
    run();
  }

  /** Reads what has arrived; asks Jetty to call again when more does. */
  @Override
  public synchronized void run() {
    while (!finished) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        finish(Outcome.BROKEN);
        return;
      }
      try {
        if (!take(chunk.getByteBuffer())) {
          return;
        }
      } finally {
        chunk.release();
      }
      if (chunk.isLast()) {
        finish(overLimit ? Outcome.TOO_LARGE : Outcome.RECEIVED);
        return;
      }
    }
  }

  /** Counts, keeps or drops the bytes of one chunk; {@code false} once the body has ended. */
  private boolean take(ByteBuffer bytes) {
    int n = bytes.remaining();
    received += n;
    if (!overLimit && received > maxBytes) {
      overLimit = true;
      budget.release(reserved);
      reserved = 0;
      buffer = new byte[0];
      kept = 0;
    }
    if (overLimit) {
      if (received > DRAIN_LIMIT_BYTES) {
        finish(Outcome.TOO_LARGE);
        return false;
      }
      return true;
    }
    int room = keepBytes - kept;
    int copy = Math.min(n, room);
    if (copy > 0) {
      if (kept + copy > buffer.length) {
        // Memory follows the bytes that came, not the length a client declared: a client that
        // declares 10 MB and sends one byte holds 8 KiB. Once 64 KiB came, the declared length is
        // taken at its word (one buffer, no more copies).
        long declared = request.getLength();
        long cap = declared > 0 ? Math.min(keepBytes, declared) : keepBytes;
        long grown = kept + copy > 64 * 1024 ? cap : Math.max(8192, kept * 2L);
        int size = (int) Math.min(cap, Math.max(kept + copy, grown));
        if (!reserve(size - buffer.length)) {
          finish(Outcome.BUSY);
          return false;
        }
        buffer = Arrays.copyOf(buffer, size);
      }
      bytes.get(buffer, kept, copy);
      kept += copy;
    }
    return true;
  }

  private boolean reserve(long bytes) {
    if (!budget.tryReserve(bytes)) {
      return false;
    }
    reserved += bytes;
    return true;
  }

  /** The rate check: the body so far must have come at the minimum rate since the grace. */
  private synchronized void checkRate() {
    if (finished) {
      return;
    }
    long elapsed = System.nanoTime() - begin;
    long allowed = graceNanos + (long) (received * 1e9 / minBytesPerSecond);
    if (elapsed >= allowed) {
      finish(Outcome.TOO_SLOW);
    } else {
      timer = schedule(allowed - elapsed);
    }
  }

  private Scheduler.Task schedule(long nanos) {
    return request
        .getComponents()
        .getScheduler()
        .schedule(this::checkRate, Math.max(nanos, 1_000_000), TimeUnit.NANOSECONDS);
  }

  private void finish(Outcome outcome) {
    if (finished) {
      return;
    }
    finished = true;
    if (timer != null) {
      timer.cancel();
    }
    byte[] bytes = kept == buffer.length ? buffer : Arrays.copyOf(buffer, kept);
    if (outcome != Outcome.RECEIVED) {
      budget.release(reserved);
      reserved = 0;
      bytes = outcome == Outcome.TOO_LARGE ? new byte[0] : bytes;
    }
    done.done(outcome, new Body(bytes, received, reserved));
  }
}
