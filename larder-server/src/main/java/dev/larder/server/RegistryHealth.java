package dev.larder.server;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@code GET /health}: 200 when the registry is readable, 503 otherwise (DESIGN B7). The check is
 * the registry's current revision, one small read rather than the whole snapshot, made at most once
 * per interval, and never on the probe's own time once a first outcome is known: a probe that finds
 * the outcome older than the interval gets it all the same and starts a check on a thread of its
 * own, whose outcome the next probes get. So health probes stay as cheap as the server's overhead
 * (the benchmarks use them as the HTTP baseline), answer at once while the registry or the machine
 * is slow, and a probe storm never loads the registry store.
 */
final class RegistryHealth {
  private record Outcome(Reply reply, long checkedAt) {}

  private final Runnable check;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean checking = new AtomicBoolean();
  private final ThreadPoolExecutor checker =
      new ThreadPoolExecutor(
          0,
          1,
          10,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "larder-health-check");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.DiscardPolicy());
  private volatile Outcome last;

  /**
   * @param check reads the registry, throwing when it cannot
   * @param interval how long an outcome is reused
   */
  RegistryHealth(Runnable check, Duration interval, LongSupplier nanoTime) {
    this.check = Objects.requireNonNull(check, "check");
    this.intervalNanos = interval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The reply to a health probe. */
  Reply reply() {
    Outcome o = last;
    if (o == null) {
      synchronized (this) {
        if (last == null) {
          last = new Outcome(checkNow(), nanoTime.getAsLong());
        }
        return last.reply();
      }
    }
    if (nanoTime.getAsLong() - o.checkedAt() >= intervalNanos
        && checking.compareAndSet(false, true)) {
      checker.execute(
          () -> {
            try {
              last = new Outcome(checkNow(), nanoTime.getAsLong());
            } finally {
              checking.set(false);
            }
          });
    }
    return o.reply();
  }

  /** Stops the checking thread. */
  void close() {
    checker.shutdownNow();
  }

  private Reply checkNow() {
    try {
      check.run();
      return Reply.json(
          200,
          g -> {
            g.writeStartObject();
            g.writeStringField("status", "ok");
            g.writeEndObject();
          });
    } catch (LarderException e) {
      return unavailable(ErrorMapping.text(e));
    } catch (RuntimeException e) {
      return unavailable(e.toString());
    }
  }

  private static Reply unavailable(String why) {
    return Reply.error(
        503, ErrorCode.BACKEND_UNAVAILABLE.name(), "the registry is not readable: " + why);
  }
}
