package dev.larder.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.larder.core.JsonOutput;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A retrieval's result as JSON on stdout ({@code get-historical-features} without {@code
 * --output}): one array of row objects, indented like every {@code --format json} output, so that
 * {@code jq '.[]'} walks the rows and {@code jq '.[0].feature_0'} reads a value. Each object has
 * the frame's columns in order. Values are native JSON: integers and doubles as numbers (a NaN or
 * an infinity as {@code null}, as in every JSON document Larder prints), booleans, strings, null;
 * timestamps as UTC ISO-8601 text like the CSV output ({@code 2025-01-01T00:00:00Z}); bytes as
 * base64; arrays as arrays and maps as objects.
 */
final class FrameJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private FrameJson() {}

  /** Writes {@code frame} to {@code out} followed by a newline; {@code out} stays open. */
  static void write(TrainingFrame frame, PrintStream out) throws IOException {
    List<FrameColumn> columns = frame.columns();
    try (JsonGenerator json =
        FACTORY.createGenerator(out, JsonEncoding.UTF8).setPrettyPrinter(JsonOutput.printer())) {
      json.writeStartArray();
      for (int r = 0; r < frame.rowCount(); r++) {
        json.writeStartObject();
        for (FrameColumn column : columns) {
          json.writeFieldName(column.name());
          value(json, column.get(r));
        }
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    out.println();
    out.flush();
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Long l) {
      json.writeNumber(l);
    } else if (value instanceof Integer i) {
      json.writeNumber(i);
    } else if (value instanceof Double d) {
      if (Double.isFinite(d)) {
        json.writeNumber(d);
      } else {
        json.writeNull(); // JSON has no NaN or infinity; Larder's JSON style writes null
      }
    } else if (value instanceof Float f) {
      if (Float.isFinite(f)) {
        json.writeNumber(f);
      } else {
        json.writeNull();
      }
    } else if (value instanceof Number n) {
      json.writeNumber(n.toString());
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Instant t) {
      json.writeString(IsoTimes.format(t));
    } else if (value instanceof byte[] bytes) {
      json.writeBinary(bytes);
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object element : list) {
        value(json, element);
      }
      json.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        json.writeFieldName(String.valueOf(e.getKey()));
        value(json, e.getValue());
      }
      json.writeEndObject();
    } else {
      json.writeString(value.toString());
    }
  }
}
