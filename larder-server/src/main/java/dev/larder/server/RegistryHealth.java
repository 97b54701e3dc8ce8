package dev.larder.server;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@code GET /health}: 200 when the registry is readable, 503 otherwise (DESIGN B7). The registry
 * is read at most once per interval and the outcome reused in between, so health probes stay as
 * cheap as the server's overhead (the benchmarks use them as the HTTP baseline) and a probe storm
 * never loads the registry store.
 */
final class RegistryHealth {
  private record Outcome(Reply reply, long checkedAt) {}

  private final Runnable check;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
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
    if (o != null && nanoTime.getAsLong() - o.checkedAt() < intervalNanos) {
      return o.reply();
    }
    synchronized (this) {
      o = last;
      if (o == null || nanoTime.getAsLong() - o.checkedAt() >= intervalNanos) {
        o = new Outcome(checkNow(), nanoTime.getAsLong());
        last = o;
      }
      return o.reply();
    }
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
