package dev.larder.ml.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a training set's {@code X} and {@code y} in row order, so that the same rows give
 * the same hash whichever path loaded them (direct loading or the feature store).
 *
 * <p>Bytes hashed, per row: each feature value as its 8-byte big-endian IEEE-754 bits (a {@code
 * NaN} is canonicalised), then the label as a 4-byte big-endian int. Feature names and sample
 * indices are not part of the hash.
 */
public final class DataHash {
  private DataHash() {}

  /** The lowercase hex SHA-256 of {@code data}'s {@code X} and {@code y}. */
  public static String sha256(TrainingData data) {
    return sha256(data.x(), data.y());
  }

  /** The lowercase hex SHA-256 of {@code x} and {@code y}, row by row. */
  public static String sha256(double[][] x, int[] y) {
    MessageDigest digest = newDigest();
    int width = x.length == 0 ? 0 : x[0].length;
    ByteBuffer row = ByteBuffer.allocate(width * Double.BYTES + Integer.BYTES);
    for (int i = 0; i < x.length; i++) {
      row.clear();
      for (double v : x[i]) {
        row.putLong(Double.doubleToLongBits(v));
      }
      row.putInt(y[i]);
      row.flip();
      digest.update(row);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }
}
