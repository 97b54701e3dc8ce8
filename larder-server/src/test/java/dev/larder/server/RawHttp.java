package dev.larder.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not do: send a body
 * slowly or not at all, send a header twice, read a reply that was cut short.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** A connection to {@code base}'s host and port. */
  static RawHttp connect(URI base) {
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      s.setSoTimeout(30_000);
      return new RawHttp(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code text} (request line, headers, any body) as it is. */
  RawHttp send(String text) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(ISO_8859_1));
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How long a read waits for the server. */
  RawHttp timeout(int millis) {
    try {
      socket.setSoTimeout(millis);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A reply as far as it came.
   *
   * @param status the status code, or -1 when nothing came
   * @param headers lower-case names
   * @param body the body bytes that arrived
   * @param complete whether the whole declared body arrived
   */
  record Reply(int status, Map<String, String> headers, byte[] body, boolean complete) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Reads one reply: status line, headers, then the body its Content-Length declares. */
  Reply read() {
    try {
      InputStream in = socket.getInputStream();
      String status = line(in);
      if (status == null) {
        return new Reply(-1, Map.of(), new byte[0], false);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
      int code = Integer.parseInt(status.split(" ")[1]);
      long length = Long.parseLong(headers.getOrDefault("content-length", "-1"));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] buffer = new byte[65536];
      boolean complete = true;
      try {
        while (length < 0 || body.size() < length) {
          int n =
              in.read(
                  buffer,
                  0,
                  (int)
                      (length < 0 ? buffer.length : Math.min(buffer.length, length - body.size())));
          if (n < 0) {
            complete = length < 0;
            break;
          }
          body.write(buffer, 0, n);
        }
      } catch (IOException e) {
        complete = false;
      }
      return new Reply(code, headers, body.toByteArray(), complete);
    } catch (IOException e) {
      return new Reply(-1, Map.of(), new byte[0], false);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
