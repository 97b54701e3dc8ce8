package dev.larder.core.online;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.DocumentType;
import dev.larder.core.model.DocumentValues;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueText;
import dev.larder.core.time.IsoTimes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Pushed values in the Java type of their declared feature type, by conversions that lose nothing:
 * integers from any integral number in range (an integral {@code double} too), floats from any
 * number ({@code Float32} rounded to a float, as a Parquet {@code FLOAT} column holds it), text
 * only from text, booleans only from booleans, bytes from {@code byte[]} or base64 text (as JSON
 * carries them, and as the feature server writes them), times from {@code java.time} values,
 * ISO-8601 text or numbers of seconds since 1970 (as Feast's clients send them; kept to the
 * microsecond), arrays element by element from a {@link List} or an object array.
 */
final class ValueCoercion {
  private ValueCoercion() {}

  /** {@code value} as a value of {@code type}; {@code what} names it in errors. */
  static Object feature(Object value, FeatureType type, Supplier<String> what) {
    if (value == null) {
      return null;
    }
    if (type instanceof ArrayType array) {
      List<?> elements =
          value instanceof List<?> l ? l : value instanceof Object[] a ? List.of(a) : null;
      if (elements == null) {
        throw error(value, type, what);
      }
      List<Object> out = new ArrayList<>(elements.size());
      for (int i = 0; i < elements.size(); i++) {
        int index = i;
        out.add(feature(elements.get(i), array.element(), () -> what.get() + " element " + index));
      }
      return Collections.unmodifiableList(out);
    }
    if (type instanceof DocumentType document) {
      return DocumentValues.of(document, value, what);
    }
    Object out =
        switch ((ScalarType) type) {
          case INT32 -> integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
          case INT64 -> integer(value, Long.MIN_VALUE, Long.MAX_VALUE);
          case FLOAT32 -> value instanceof Number n ? (double) n.floatValue() : null;
          case FLOAT64 -> value instanceof Number n ? n.doubleValue() : null;
          case STRING -> value instanceof String ? value : null;
          case BOOL -> value instanceof Boolean ? value : null;
          case BYTES -> bytes(value, what);
          case UNIX_TIMESTAMP -> timeOrNull(value, what);
        };
    if (out == null) {
      throw error(value, type, what);
    }
    return out;
  }

  /** Bytes from {@code byte[]}, or from base64 text (RFC 4648, with or without padding). */
  private static byte[] bytes(Object value, Supplier<String> what) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          what.get() + " holds text that is not base64 (" + e.getMessage() + ")",
          "Give Bytes values as base64 text (RFC 4648, e.g. 'AAEC' for bytes 0, 1, 2) or as"
              + " byte[] in Java");
    }
  }

  /** {@code value} as an instant, to the microsecond; {@code null} stays {@code null}. */
  static Instant time(Object value, Supplier<String> what) {
    if (value == null) {
      return null;
    }
    Instant t = timeOrNull(value, what);
    if (t == null) {
      throw new InvalidArgumentException(
          what.get() + " holds " + describe(value) + ", which is not a time",
          "Give times as ISO-8601 text (2022-05-13 10:59:42+00:00), as seconds since 1970"
              + " (1652439582) or as java.time.Instant values");
    }
    return t;
  }

  private static Instant timeOrNull(Object value, Supplier<String> what) {
    Instant t;
    if (value instanceof Instant i) {
      t = i;
    } else if (value instanceof OffsetDateTime o) {
      t = o.toInstant();
    } else if (value instanceof ZonedDateTime z) {
      t = z.toInstant();
    } else if (value instanceof LocalDateTime l) {
      t = l.toInstant(ZoneOffset.UTC);
    } else if (value instanceof LocalDate d) {
      t = d.atStartOfDay(ZoneOffset.UTC).toInstant();
    } else if (value instanceof String || value instanceof Number) {
      t = IsoTimes.parse(what.get(), value);
    } else {
      return null;
    }
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  private static Long integer(Object value, long min, long max) {
    long v;
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      v = ((Number) value).longValue();
    } else if (value instanceof BigInteger b && b.bitLength() < 64) {
      v = b.longValue();
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal d;
      try {
        d = value instanceof BigDecimal b ? b : new BigDecimal(((Number) value).doubleValue());
        v = d.longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return v < min || v > max ? null : v;
  }

  private static InvalidArgumentException error(
      Object value, FeatureType type, Supplier<String> what) {
    return new InvalidArgumentException(
        what.get()
            + " holds "
            + describe(value)
            + ", which does not convert to "
            + type
            + " without loss",
        "Give " + expected(type) + " values in that column, or fix the feature's dtype");
  }

  private static String expected(FeatureType type) {
    if (type instanceof ArrayType array) {
      return "lists of " + expected(array.element());
    }
    if (type instanceof DocumentType document) {
      return document.spelling();
    }
    return switch ((ScalarType) type) {
      case INT32 -> "32-bit integer";
      case INT64 -> "integer";
      case FLOAT32, FLOAT64 -> "numeric";
      case STRING -> "text";
      case BOOL -> "true/false";
      case BYTES -> "byte[] or base64 text";
      case UNIX_TIMESTAMP -> "time (ISO-8601 text, seconds since 1970 or Instant)";
    };
  }

  static String describe(Object value) {
    return ValueText.describe(value);
  }
}
