package dev.larder.server;

import dev.larder.core.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The {@code Content-Encoding} of a request body: none ({@code identity}) or {@code gzip}, which
 * clients use to compress large pushes. Anything else is refused with 415 before the body is read.
 * A gzip body is decoded with the body limit applied to the decoded bytes, so a small compressed
 * bomb is a 413, not a heap full of zeros.
 */
enum BodyEncoding {
  IDENTITY,
  GZIP;

  /** The encoding the header values name; a 415 error for any other. */
  static BodyEncoding of(List<String> headerValues) {
    BodyEncoding found = IDENTITY;
    int named = 0;
    for (String value : headerValues) {
      for (String token : value.split(",")) {
        String t = token.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("identity")) {
          continue;
        }
        named++;
        if (t.equals("gzip") || t.equals("x-gzip")) {
          found = GZIP;
        } else {
          throw unsupported("Content-Encoding '" + ErrorMapping.quote(token.strip()) + "'");
        }
      }
    }
    if (named > 1) {
      throw unsupported("a body encoded more than once (" + String.join(", ", headerValues) + ")");
    }
    return found;
  }

  private static HttpError unsupported(String what) {
    return new HttpError(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        what
            + " is not supported; send the body as it is, or compressed once with"
            + " 'Content-Encoding: gzip'");
  }

  /** Whether the body is sent as it is. */
  boolean identity() {
    return this == IDENTITY;
  }

  /**
   * The body as the endpoint reads it.
   *
   * @throws HttpError 413 when the decoded body is longer than {@code maxBytes}
   * @throws InvalidArgumentException when a gzip body is not valid gzip
   */
  byte[] decode(byte[] body, long maxBytes) {
    if (this == IDENTITY) {
      return body;
    }
    int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      byte[] decoded = in.readNBytes(limit + 1);
      if (decoded.length > limit) {
        throw new HttpError(
            413,
            "PAYLOAD_TOO_LARGE",
            "the gzip request body decodes to more than the server's limit of "
                + maxBytes
                + " bytes; send fewer rows per request, or raise the limit with"
                + " feature_server.max_body_bytes in feature_store.yaml or 'larder serve"
                + " --max-body-size'");
      }
      return decoded;
    } catch (IOException e) {
      throw new InvalidArgumentException(
          "the request body is not valid gzip data although its Content-Encoding is gzip",
          "Compress the body with gzip, or send it uncompressed without Content-Encoding",
          e);
    }
  }
}
