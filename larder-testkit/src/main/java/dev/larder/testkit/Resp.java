package dev.larder.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's wire protocol (RESP2), as much as a test fixture needs to send one command and read its
 * reply without a Redis client ({@link TestRedisServer#command}). Replies: a simple or bulk string
 * as a {@code String} (UTF-8), an integer as a {@code Long}, an array as a {@code List<Object>}, a
 * null bulk string or array as {@code null}; an error reply is thrown as an {@link ErrorReply}.
 */
public final class Resp {
  private Resp() {}

  /** An error reply of Redis, such as {@code NOAUTH Authentication required.}. */
  public static final class ErrorReply extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ErrorReply(String text) {
      super(text);
    }
  }

  /** Sends {@code args} (each a {@code String} or {@code byte[]}) and reads the reply. */
  static Object call(Socket socket, Object... args) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : args) {
      byte[] bytes =
          arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
      out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(bytes);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    OutputStream o = socket.getOutputStream();
    o.write(out.toByteArray());
    o.flush();
    return read(new BufferedInputStream(socket.getInputStream()));
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("the connection closed before a reply");
    }
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new ErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length);
          if (data.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("a bulk reply ended early");
          }
          return new String(data, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(read(in));
          }
          return items;
        }
      default:
        throw new IOException("not a RESP2 reply: " + (char) type + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); ; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection closed in a reply");
      }
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new IOException("a reply line without its \\n");
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(c);
    }
  }
}
