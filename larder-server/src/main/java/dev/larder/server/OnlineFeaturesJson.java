package dev.larder.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.larder.core.TooLargeException;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineColumn;
import dev.larder.core.online.OnlineFeatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an online read, exactly as {@code POST /get-online-features} answers it and {@code
 * larder get-online-features} prints it (DESIGN B7):
 *
 * <pre>{@code
 * {"metadata":{"feature_names":["sample_index","feature_0"]},
 *  "results":[{"values":[1,2],"statuses":["PRESENT","PRESENT"],
 *              "event_timestamps":["1970-01-01T00:00:00Z","1970-01-01T00:00:00Z"]},
 *             {"values":[0.5,null],"statuses":["PRESENT","NOT_FOUND"],
 *              "event_timestamps":["2025-03-04T05:06:07Z","1970-01-01T00:00:00Z"]}]}
 * }</pre>
 *
 * <p>{@code results[i]} belongs to {@code feature_names[i]}; each list holds one entry per entity
 * row. Values are native JSON: integers (64-bit too) and floats as numbers, text, booleans, {@code
 * null}, bytes as base64 text, arrays as arrays, {@code Map} values as objects (Feast's {@code
 * map_val}), {@code Json} values as their JSON text (Feast's feature server writes {@code json_val}
 * as text), and {@code UnixTimestamp} values as whole seconds since 1970 (Feast's {@code
 * unix_timestamp_val}, which its feature server and {@code remote} client carry as JSON integers;
 * fractions of a second are dropped, rounding down). Event timestamps are RFC 3339 text: UTC with
 * {@code Z}, fractions of a second only when non-zero (3, 6 or 9 digits). The JSON is written in
 * one pass with Jackson's streaming generator, no tree or reflection in between.
 */
public final class OnlineFeaturesJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final String EPOCH = "1970-01-01T00:00:00Z";

  private OnlineFeaturesJson() {}

  /** The JSON of {@code features} as UTF-8 bytes. */
  public static byte[] toBytes(OnlineFeatures features) {
    return toBytes(features, Integer.MAX_VALUE - 16);
  }

  /**
   * The JSON of {@code features} as UTF-8 bytes, of at most {@code maxBytes}.
   *
   * @throws TooLargeException when the JSON is longer, as soon as it is (the rest is not written),
   *     naming the limit and its setting ({@code feature_server.max_response_bytes})
   */
  public static byte[] toBytes(OnlineFeatures features, long maxBytes) {
    CappedBytes out = new CappedBytes(256 + 64 * features.columns().size(), maxBytes);
    try {
      write(features, out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to memory", e);
    } catch (CappedBytes.Full e) {
      throw new TooLargeException(
          "the reply to this online read would be over the server's limit of "
              + maxBytes
              + " bytes",
          "Ask for fewer entity rows or features per request, or raise"
              + " feature_server.max_response_bytes in feature_store.yaml");
    }
    return out.toByteArray();
  }

  /** Bytes in memory up to a cap; one more is {@link Full}. */
  private static final class CappedBytes extends ByteArrayOutputStream {
    private final long cap;

    CappedBytes(int size, long cap) {
      super((int) Math.min(size, cap));
      this.cap = cap;
    }

    /** Thrown through the JSON writer when the cap is reached; carries no stack trace. */
    static final class Full extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Full() {
        super("full", null, false, false);
      }
    }

    @Override
    public void write(int b) {
      if (count + 1L > cap) {
        throw new Full();
      }
      super.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count + (long) len > cap) {
        throw new Full();
      }
      super.write(b, off, len);
    }
  }

  /** Writes the JSON of {@code features} to {@code out} (UTF-8; {@code out} stays open). */
  public static void write(OnlineFeatures features, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      write(features, g);
    }
  }

  /** Writes the JSON of {@code features} as the next value of {@code g}. */
  public static void write(OnlineFeatures features, JsonGenerator g) throws IOException {
    List<OnlineColumn> columns = features.columns();
    g.writeStartObject();
    g.writeFieldName("metadata");
    g.writeStartObject();
    g.writeFieldName("feature_names");
    g.writeStartArray();
    for (OnlineColumn c : columns) {
      g.writeString(c.name());
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeFieldName("results");
    g.writeStartArray();
    Times times = new Times();
    for (OnlineColumn c : columns) {
      g.writeStartObject();
      g.writeFieldName("values");
      g.writeStartArray();
      for (Object v : c.values()) {
        writeValue(g, v);
      }
      g.writeEndArray();
      g.writeFieldName("statuses");
      g.writeStartArray();
      for (FeatureStatus s : c.statuses()) {
        g.writeString(s.name());
      }
      g.writeEndArray();
      g.writeFieldName("event_timestamps");
      g.writeStartArray();
      for (Instant t : c.eventTimestamps()) {
        g.writeString(times.format(t));
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Formats an instant as RFC 3339 UTC text: {@code 2025-03-04T05:06:07Z}, {@code …07.250Z}. */
  public static String formatTime(Instant t) {
    return Instant.EPOCH.equals(t) ? EPOCH : DateTimeFormatter.ISO_INSTANT.format(t);
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else if (v instanceof byte[] bytes) {
      g.writeBinary(bytes);
    } else if (v instanceof Instant t) {
      g.writeNumber(t.getEpochSecond());
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object e : list) {
        writeValue(g, e);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeString(v.toString());
    }
  }

  /**
   * Formats timestamps, remembering the last one: the features of one view in one row share their
   * row's event time, so most columns repeat it.
   */
  private static final class Times {
    private Instant last = Instant.EPOCH;
    private String lastText = EPOCH;

    String format(Instant t) {
      if (!t.equals(last)) {
        lastText = formatTime(t);
        last = t;
      }
      return lastText;
    }
  }
}
