package dev.larder.core.materialize;

import dev.larder.core.ConflictException;
import dev.larder.core.Echo;
import dev.larder.core.registry.Lease;
import dev.larder.core.registry.Registry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The materialization leases a run holds in the registry, one per view ({@code
 * materialize/<view>}), so that one view is materialized by one run at a time across threads,
 * processes and hosts sharing the registry: a second run is refused with a {@link
 * ConflictException} naming the view and the holder (user, host, pid, since when).
 *
 * <p>A lease lasts {@link #TTL} and a daemon thread renews it every {@link #RENEWAL} while the run
 * lasts; {@link #close()} releases it. A lease whose holder died without releasing it is taken over
 * once it has expired, and at once when the holder ran on this host and its process is gone (or is
 * this process, which holds no such claim).
 */
final class ViewLeases implements AutoCloseable {
  /** How long a lease lasts unless renewed. */
  static final Duration TTL = Duration.ofSeconds(30);

  /** How often the holder renews it. */
  static final Duration RENEWAL = Duration.ofSeconds(10);

  private static final ScheduledExecutorService RENEWER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "larder-lease-renewal");
            t.setDaemon(true);
            return t;
          });

  /** The tokens of the leases this process holds, to tell its own live claims from stale ones. */
  private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Registry registry;
  private final Map<String, Lease> leases;
  private final ScheduledFuture<?> renewal;

  private ViewLeases(Registry registry, Map<String, Lease> leases) {
    this.registry = registry;
    this.leases = leases;
    long every = RENEWAL.toMillis();
    this.renewal =
        RENEWER.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Claims the leases of {@code views} for the registry's actor, all or none.
   *
   * @throws ConflictException naming the first view held by another run and its holder
   */
  static ViewLeases claim(Registry registry, List<String> views) {
    Map<String, Lease> claimed = new LinkedHashMap<>();
    try {
      for (String view : views) {
        Lease claim = Lease.claim(name(view), registry.actor().name(), Instant.now(), TTL);
        HELD_HERE.add(claim.token());
        claimed.put(view, claim);
        Lease held = registry.claimLease(claim, ViewLeases::holderGone);
        if (!held.token().equals(claim.token())) {
          throw busy(view, held);
        }
      }
    } catch (RuntimeException e) {
      release(registry, claimed.values(), e);
      throw e;
    }
    return new ViewLeases(registry, claimed);
  }

  /**
   * Renews the lease of {@code view} now, before its interval is recorded.
   *
   * @throws ConflictException if another run took it over (this run was not heard from for {@link
   *     #TTL}): the rows written stay, the interval is not recorded
   */
  void requireHeld(String view) {
    Lease lease = leases.get(view);
    if (!registry.renewLease(lease, Instant.now().plus(TTL))) {
      throw new ConflictException(
          "the materialization lease of feature view "
              + Echo.of(view)
              + " was taken over by another run while this one copied its rows (it was not"
              + " renewed for "
              + TTL.toSeconds()
              + " s); the rows written stay, but its interval is not recorded",
          "Run the materialization again once the other run has finished");
    }
  }

  /** Stops renewing and releases every lease (best effort: an unreleased lease expires). */
  @Override
  public void close() {
    renewal.cancel(false);
    release(registry, leases.values(), null);
  }

  private void renewAll() {
    Instant until = Instant.now().plus(TTL);
    for (Lease lease : leases.values()) {
      try {
        registry.renewLease(lease, until);
      } catch (RuntimeException e) {
        // The registry was busy or away: the next renewal tries again, well before the expiry.
      }
    }
  }

  private static void release(Registry registry, Iterable<Lease> leases, Exception failure) {
    List<Lease> all = new ArrayList<>();
    leases.forEach(all::add);
    for (Lease lease : all) {
      try {
        registry.releaseLease(lease);
      } catch (RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      } finally {
        HELD_HERE.remove(lease.token());
      }
    }
  }

  /**
   * Whether the holder of {@code held} is known to be gone: it ran on this host, and its process
   * has ended, or it is this process, which holds no claim under that token (a process that died
   * and whose pid came back to this one).
   */
  static boolean holderGone(Lease held) {
    if (!held.onThisHost()) {
      return false;
    }
    if (held.pid() == ProcessHandle.current().pid()) {
      return !HELD_HERE.contains(held.token());
    }
    return ProcessHandle.of(held.pid()).map(p -> !p.isAlive()).orElse(true);
  }

  static String name(String view) {
    return "materialize/" + view;
  }

  private static ConflictException busy(String view, Lease held) {
    return new ConflictException(
        "feature view "
            + Echo.of(view)
            + " is being materialized by "
            + held.describeHolder()
            + "; a view is materialized by one run at a time",
        "Wait for that run to finish, then run the materialization again (a run that died frees"
            + " the view within "
            + TTL.toSeconds()
            + " s)");
  }
}
