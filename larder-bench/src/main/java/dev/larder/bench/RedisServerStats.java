package dev.larder.bench;

import java.util.Locale;
import redis.clients.jedis.RedisClient;

/**
 * What the Redis server reports about itself at one moment ({@code INFO commandstats}, {@code INFO
 * cpu}): the calls of one command and the microseconds it spent in them, and the server's CPU
 * seconds. The difference of two snapshots tells whether the server itself was slower in one phase
 * of a benchmark than in another (a shared machine's load slows the server, not only the client).
 * The figures are the whole server's: other clients' calls of the same command are counted too.
 *
 * @param calls calls of the command so far
 * @param micros microseconds spent in them so far
 * @param cpuSeconds the server's user and system CPU seconds so far
 * @param nanoTime when the snapshot was taken ({@link System#nanoTime})
 */
record RedisServerStats(long calls, long micros, double cpuSeconds, long nanoTime) {
  /** A snapshot of {@code command} (lower case, e.g. {@code evalsha}) and the server's CPU. */
  static RedisServerStats of(RedisClient client, String command) {
    long calls = 0;
    long micros = 0;
    String prefix = "cmdstat_" + command + ":";
    for (String line : client.info("commandstats").split("\r?\n")) {
      if (line.startsWith(prefix)) {
        for (String item : line.substring(prefix.length()).split(",")) {
          String[] kv = item.split("=", 2);
          if (kv[0].equals("calls")) {
            calls = Long.parseLong(kv[1]);
          } else if (kv[0].equals("usec")) {
            micros = Long.parseLong(kv[1]);
          }
        }
      }
    }
    double cpu = 0;
    for (String line : client.info("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return new RedisServerStats(calls, micros, cpu, System.nanoTime());
  }

  /** What the server did between {@code earlier} and this snapshot, as one line. */
  String since(RedisServerStats earlier, String command) {
    long n = calls - earlier.calls;
    double wall = (nanoTime - earlier.nanoTime) / 1e9;
    double cpu = cpuSeconds - earlier.cpuSeconds;
    return String.format(
        Locale.ROOT,
        "%,d %s calls, %.1f us each inside the server; the server's CPU %.1f s = %.0f%% of the"
            + " %.1f s",
        n,
        command.toUpperCase(Locale.ROOT),
        n == 0 ? 0.0 : (micros - earlier.micros) / (double) n,
        cpu,
        100 * cpu / wall,
        wall);
  }
}
