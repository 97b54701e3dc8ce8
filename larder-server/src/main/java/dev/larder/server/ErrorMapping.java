package dev.larder.server;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses and error bodies (DESIGN B7): 400 bad request,
 * 401 missing or bad credentials, 403 permission denied, 404 unknown view, feature, service or push
 * source, 409 conflicts, 413 body or request over a limit, 503 backend unavailable or server busy,
 * 500 for bugs. The body is {@code {"error": {"code": "…", "message": "…"}}}, the message followed
 * by the hint; never a stack trace nor Java's names for things: an unexpected exception is logged
 * with an id that the body gives, and every message passes {@link #publicText}.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  /** The longest text of a request echoed in an error. */
  static final int QUOTE_LIMIT = 120;

  /** A Java class name with its package ({@code java.io.IOException}), and a colon after it. */
  private static final Pattern QUALIFIED_CLASS =
      Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?");

  /** A bare exception or error class name ({@code MalformedInputException}). */
  private static final Pattern BARE_CLASS =
      Pattern.compile("\\b(?:[A-Z][A-Za-z0-9]*(?:Exception|Error)|Exception)\\b:?\\s*");

  /** An engine's error kind, as DuckDB writes it ({@code Conversion Error: }). */
  private static final Pattern ENGINE_KIND = Pattern.compile("\\b([A-Z][a-z]+ )?Error:");

  private ErrorMapping() {}

  /** The HTTP status of an error of kind {@code code}. */
  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, INVALID_DEFINITION -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case BACKEND_UNAVAILABLE -> 503;
      case INTERNAL -> 500;
    };
  }

  /** The reply to a request that failed with {@code e}. */
  static Reply reply(Exception e) {
    if (e instanceof HttpError h) {
      return Reply.error(h.status(), h.code(), publicText(h.getMessage()));
    }
    if (e instanceof LarderException le) {
      return Reply.error(status(le.code()), le.code().name(), publicText(text(le)));
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      LOG.debug("could not read a request", e);
      return Reply.error(
          400,
          ErrorCode.INVALID_ARGUMENT.name(),
          "could not read the request; the connection may have failed while it was sent");
    }
    String id = UUID.randomUUID().toString();
    LOG.error("internal error {} answering a request", id, e);
    return Reply.error(
        500,
        ErrorCode.INTERNAL.name(),
        "internal error " + id + ": this is a bug in Larder; the server log has the details");
  }

  /**
   * {@code message} as a client may see it: Java class names (a library's exception text inside a
   * message) are taken out, and an engine's {@code Kind Error: } prefix is written in plain words.
   */
  static String publicText(String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    String text = QUALIFIED_CLASS.matcher(message).replaceAll("");
    text = BARE_CLASS.matcher(text).replaceAll("");
    text = ENGINE_KIND.matcher(text).replaceAll("$1error:");
    return text.isBlank() ? "unknown error" : text;
  }

  /**
   * Text of the request (a path, a method, a name) for an error message: control characters as
   * escapes, and at most {@link #QUOTE_LIMIT} characters, saying how long the rest was.
   */
  static String quote(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), QUOTE_LIMIT) + 24);
    int n = Math.min(text.length(), QUOTE_LIMIT);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > n) {
      out.append("… (").append(text.length()).append(" characters in all)");
    }
    return out.toString();
  }

  /** The message, then the hint. */
  static String text(LarderException e) {
    String message = e.getMessage();
    if (e.hint() == null || e.hint().isBlank()) {
      return message;
    }
    boolean ends = message.endsWith(".") || message.endsWith("?") || message.endsWith("!");
    return message + (ends ? " " : ". ") + e.hint();
  }
}
