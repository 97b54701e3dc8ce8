package dev.larder.core.model;

import dev.larder.core.Echo;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.List;

/**
 * How a value a user gave (an entity key, a pushed feature value) is named in an error: by what it
 * is in the request's own terms ("an integer outside the 64-bit range", "text 'x'"), never by the
 * Java class it was parsed into. Long text is cut so that an error never echoes a huge value.
 */
public final class ValueText {
  private ValueText() {}

  /** {@code value} described for an error message, e.g. {@code an integer (12)}. */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof byte[] b) {
      return b.length + " bytes";
    }
    if (value instanceof String s) {
      return "text " + Echo.of(s);
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64
          ? "an integer (" + b + ")"
          : "an integer outside the 64-bit range (" + Echo.bare(b.toString()) + ")";
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return "an integer (" + value + ")";
    }
    if (value instanceof Number) {
      return "a number (" + value + ")";
    }
    if (value instanceof Boolean) {
      return "a boolean (" + value + ")";
    }
    if (value instanceof List<?> list) {
      return "a list of " + list.size() + " values";
    }
    if (value instanceof Temporal || value instanceof java.util.Date) {
      return "a time (" + value + ")";
    }
    return "a value of type " + value.getClass().getSimpleName();
  }
}
