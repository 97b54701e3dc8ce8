package dev.larder.core.registry;

import dev.larder.core.time.IsoTimes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A named lease in the registry ({@link RegistryStore#claimLease}): whoever holds it may do the
 * work it names (materialize one feature view, say) and everyone else is refused until it is
 * released or expires. Times are kept to the millisecond.
 *
 * @param name what the lease is for, e.g. {@code materialize/driver_stats}
 * @param token this claim's own random id: two claims by one user, host and process differ in it
 * @param holder the user who holds it
 * @param host the host name of the holding process
 * @param pid the holding process's id on its host
 * @param since when it was claimed
 * @param expires when it ends unless renewed
 */
public record Lease(
    String name,
    String token,
    String holder,
    String host,
    long pid,
    Instant since,
    Instant expires) {
  /** The host name of this process; {@value #UNKNOWN_HOST} when the system does not tell it. */
  public static final String HOST = localHost();

  /** {@link #HOST} when the host name is unknown: never taken as the same host. */
  public static final String UNKNOWN_HOST = "unknown-host";

  public Lease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(host, "host");
    since = Objects.requireNonNull(since, "since").truncatedTo(ChronoUnit.MILLIS);
    expires = Objects.requireNonNull(expires, "expires").truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * A new claim of {@code name} by {@code holder} in this process, from {@code now} for {@code
   * ttl}.
   */
  public static Lease claim(String name, String holder, Instant now, Duration ttl) {
    return new Lease(
        name,
        UUID.randomUUID().toString(),
        holder,
        HOST,
        ProcessHandle.current().pid(),
        now,
        now.plus(ttl));
  }

  /** This lease, ending at {@code until} instead. */
  public Lease renewedUntil(Instant until) {
    return new Lease(name, token, holder, host, pid, since, until);
  }

  /** Whether this lease has ended at {@code now} (it is live up to, not at, its expiry). */
  public boolean expiredAt(Instant now) {
    return !expires.isAfter(now);
  }

  /** Whether its holder runs on this host (never when either host name is unknown). */
  public boolean onThisHost() {
    return !HOST.equals(UNKNOWN_HOST) && host.equals(HOST);
  }

  /** Who holds it, for messages: {@code ana on host build-1 (pid 4242) since 2026-…Z}. */
  public String describeHolder() {
    return holder + " on host " + host + " (pid " + pid + ") since " + IsoTimes.format(since);
  }

  private static String localHost() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? UNKNOWN_HOST : name;
    } catch (UnknownHostException | SecurityException e) {
      return UNKNOWN_HOST;
    }
  }
}
