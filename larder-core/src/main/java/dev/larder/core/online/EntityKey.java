package dev.larder.core.online;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The serialized form of one entity key of a feature view, as online stores index rows by it. Two
 * keys are equal when their bytes are; {@link EntityKeyFormat} makes the bytes, so a key's bytes
 * depend only on the join keys' names, declared types and values.
 */
public final class EntityKey {
  private final byte[] bytes;
  private final int hash;

  private EntityKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** A key from its serialized bytes (as a store read them back); the array is copied. */
  public static EntityKey ofBytes(byte[] bytes) {
    return new EntityKey(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** A key that takes ownership of {@code bytes}, for {@link EntityKeyFormat}. */
  static EntityKey wrap(byte[] bytes) {
    return new EntityKey(bytes);
  }

  /** A copy of the serialized bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The serialized bytes without copying; callers must not change them. */
  byte[] bytes() {
    return bytes;
  }

  /** Whether this key's bytes equal {@code other}. */
  boolean matches(byte[] other) {
    return Arrays.equals(bytes, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "EntityKey[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
