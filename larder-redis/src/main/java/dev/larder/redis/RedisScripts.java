package dev.larder.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make each key's check-and-write and each key's view deletion atomic on the
 * server. They are sent by SHA-1 ({@code EVALSHA}) in pipelines and loaded when the server does not
 * know them yet ({@code NOSCRIPT}, also after a restart). Public so that a benchmark's bare client
 * can run the very script Larder runs (larder-bench's {@code materialize-redis} baseline).
 */
public final class RedisScripts {
  /**
   * The not-older rule for one key (DESIGN B6): writes the row when its {@code (event_ts,
   * created_ts)} is not older than the stored one's, a missing creation time ranking lowest.
   *
   * <pre>
   * KEYS[1]  the hash
   * ARGV[1]  _ts:&lt;view&gt;           ARGV[2]  _created_ts:&lt;view&gt;
   * ARGV[3]  event seconds          ARGV[4]  event nanos
   * ARGV[5]  created seconds, or "" for none   ARGV[6]  created nanos
   * ARGV[7]  key_ttl_seconds (0: none)
   * ARGV[8]  the event Timestamp message        ARGV[9]  the created Timestamp message
   * ARGV[10…] feature field, Value message, …
   * </pre>
   *
   * Returns 1 when written, 0 when the stored row is newer. The stored times are Timestamp messages
   * (field 1 seconds, field 2 nanos, both varints; a negative int64 is a 10-byte varint in two's
   * complement, decoded exactly for values within 2^53).
   */
  public static final String WRITE =
      """
      local function varint(b, i)
        local groups = {}
        repeat
          local c = string.byte(b, i)
          i = i + 1
          groups[#groups + 1] = c
        until c < 128
        local v = 0
        if #groups == 10 then
          for k = 9, 1, -1 do v = v * 128 + (127 - groups[k] % 128) end
          return -(v + 1), i
        end
        for k = #groups, 1, -1 do v = v * 128 + groups[k] % 128 end
        return v, i
      end
      local function ts(b)
        local s, n, i = 0, 0, 1
        while i <= #b do
          local tag = string.byte(b, i)
          local v
          v, i = varint(b, i + 1)
          if tag == 8 then s = v elseif tag == 16 then n = v end
        end
        return s, n
      end
      local key = KEYS[1]
      local old = redis.call('HMGET', key, ARGV[1], ARGV[2])
      if old[1] then
        local os, on = ts(old[1])
        local es, en = tonumber(ARGV[3]), tonumber(ARGV[4])
        if es < os or (es == os and en < on) then return 0 end
        if es == os and en == on and old[2] then
          if ARGV[5] == '' then return 0 end
          local cs, cn = ts(old[2])
          local ns, nn = tonumber(ARGV[5]), tonumber(ARGV[6])
          if ns < cs or (ns == cs and nn < cn) then return 0 end
        end
      end
      if ARGV[5] == '' then
        redis.call('HSET', key, ARGV[1], ARGV[8], unpack(ARGV, 10))
        redis.call('HDEL', key, ARGV[2])
      else
        redis.call('HSET', key, ARGV[1], ARGV[8], ARGV[2], ARGV[9], unpack(ARGV, 10))
      end
      local ttl = tonumber(ARGV[7])
      if ttl > 0 then redis.call('EXPIRE', key, ttl) end
      return 1
      """;

  /**
   * Deletes one view's row from one key, like Feast's {@code delete_table}: nothing when the hash
   * holds no row of the view ({@code ARGV[1]}, its {@code _ts:} field), the whole hash when it
   * holds no other view's row, else the fields {@code ARGV[2…]}. Returns 1 when it deleted
   * something.
   */
  static final String DELETE_VIEW =
      """
      local fields = redis.call('HKEYS', KEYS[1])
      local mine, others = false, false
      for _, f in ipairs(fields) do
        if string.sub(f, 1, 4) == '_ts:' then
          if f == ARGV[1] then mine = true else others = true end
        end
      end
      if not mine then return 0 end
      if others then
        redis.call('HDEL', KEYS[1], unpack(ARGV, 2))
      else
        redis.call('DEL', KEYS[1])
      end
      return 1
      """;

  private RedisScripts() {}

  /** The SHA-1 of {@code script} in hex, as {@code EVALSHA} names it. */
  static byte[] sha1(String script) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }
}
