package dev.larder.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * What an endpoint answers: a status, a content type and the whole body.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header
 * @param body the body
 */
record Reply(int status, String contentType, byte[] body) {
  static final String JSON = "application/json";

  private static final JsonFactory FACTORY = new JsonFactory();

  Reply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  /** Writes one JSON value with a streaming generator. */
  @FunctionalInterface
  interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  /** 200 with a JSON body already rendered. */
  static Reply json(byte[] body) {
    return new Reply(200, JSON, body);
  }

  /** {@code status} with the JSON that {@code writer} writes. */
  static Reply json(int status, JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to memory", e);
    }
    return new Reply(status, JSON, out.toByteArray());
  }

  /** The error body of DESIGN B7: {@code {"error": {"code": "…", "message": "…"}}}. */
  static Reply error(int status, String code, String message) {
    return json(
        status,
        g -> {
          g.writeStartObject();
          g.writeFieldName("error");
          g.writeStartObject();
          g.writeStringField("code", code);
          g.writeStringField("message", message);
          g.writeEndObject();
          g.writeEndObject();
        });
  }
}
