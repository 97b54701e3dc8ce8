package dev.larder.redis;

import dev.larder.core.model.FeatureType;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PreparedWrites;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of one view encoded for a {@link RedisOnlineStore}: per row its Redis key and the arguments
 * of {@link RedisScripts#WRITE}, in the order given (the script applies the not-older rule, so a
 * later row of a key is judged against an earlier one on the server).
 */
final class RedisBatch implements PreparedWrites.Batch {
  private static final byte[] NONE = new byte[0];

  final RedisOnlineStore store;
  final List<byte[]> keys;
  final List<List<byte[]>> args;

  private RedisBatch(RedisOnlineStore store, List<byte[]> keys, List<List<byte[]>> args) {
    this.store = store;
    this.keys = keys;
    this.args = args;
  }

  @Override
  public int size() {
    return keys.size();
  }

  /** Encodes rows as they are given. */
  static final class Builder implements PreparedWrites.RowBatch {
    private final RedisOnlineStore store;
    private final OnlineViewSchema view;
    private final FeastKeys keyLayout;
    private final byte[][] fields;
    private final FeatureType[] types;
    private final String[] names;
    private final byte[] ttl;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<List<byte[]>> args = new ArrayList<>();
    private byte[][] row;

    /** The values given to the row being built, or -1 between rows. */
    private int given = -1;

    Builder(
        RedisOnlineStore store,
        OnlineViewSchema view,
        FeastKeys keyLayout,
        byte[][] fields,
        long keyTtlSeconds) {
      this.store = store;
      this.view = view;
      this.keyLayout = keyLayout;
      this.fields = fields;
      this.types = view.features().stream().map(f -> f.dtype()).toArray(FeatureType[]::new);
      this.names = view.featureNames().toArray(String[]::new);
      this.ttl = ascii(keyTtlSeconds);
    }

    @Override
    public void startRow(EntityKey key, Instant eventTimestamp, Instant createdTimestamp) {
      if (given >= 0) {
        throw new IllegalStateException("the previous row was not ended");
      }
      byte[] redisKey = keyLayout.key(view, key);
      int n = types.length;
      row = new byte[9 + 2 * n][];
      row[0] = fields[n];
      row[1] = fields[n + 1];
      row[2] = ascii(eventTimestamp.getEpochSecond());
      row[3] = ascii(eventTimestamp.getNano());
      row[4] = createdTimestamp == null ? NONE : ascii(createdTimestamp.getEpochSecond());
      row[5] = createdTimestamp == null ? NONE : ascii(createdTimestamp.getNano());
      row[6] = ttl;
      row[7] = FeastValues.timestamp(eventTimestamp);
      row[8] = createdTimestamp == null ? NONE : FeastValues.timestamp(createdTimestamp);
      keys.add(redisKey);
      given = 0;
    }

    @Override
    public void nullValue() {
      add(null);
    }

    @Override
    public void longValue(long value) {
      add(value);
    }

    @Override
    public void doubleValue(double value) {
      add(value);
    }

    @Override
    public void objectValue(Object value) {
      add(value);
    }

    private void add(Object value) {
      if (given < 0) {
        throw new IllegalStateException("a value outside a row");
      }
      if (given < types.length) {
        row[9 + 2 * given] = fields[given];
        row[10 + 2 * given] = FeastValues.encode(types[given], value, names[given]);
      }
      given++;
    }

    @Override
    public void endRow() {
      int count = given;
      given = -1;
      if (count != types.length) {
        keys.remove(keys.size() - 1);
        throw new IllegalArgumentException(
            "a row of " + count + " values for " + types.length + " features");
      }
      args.add(Arrays.asList(row));
      row = null;
    }

    @Override
    public int size() {
      return args.size();
    }

    @Override
    public RedisBatch build() {
      if (given >= 0) {
        throw new IllegalStateException("the last row was not ended");
      }
      return new RedisBatch(store, List.copyOf(keys), List.copyOf(args));
    }

    private static byte[] ascii(long n) {
      return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
  }
}
