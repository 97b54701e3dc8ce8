package dev.larder.server;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses and error bodies (DESIGN B7): 400 bad request,
 * 401 missing or bad credentials, 403 permission denied, 404 unknown view, feature, service or push
 * source, 409 conflicts, 413 body over the limit, 503 backend unavailable, 500 for bugs. The body
 * is {@code {"error": {"code": "…", "message": "…"}}}, the message followed by the hint; never a
 * stack trace (an unexpected exception is logged, and the body only names its class).
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  /** The HTTP status of an error of kind {@code code}. */
  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, INVALID_DEFINITION -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, CONFLICT -> 409;
      case BACKEND_UNAVAILABLE -> 503;
      case INTERNAL -> 500;
    };
  }

  /** The reply to a request that failed with {@code e}. */
  static Reply reply(Exception e) {
    if (e instanceof HttpError h) {
      return Reply.error(h.status(), h.code(), h.getMessage());
    }
    if (e instanceof LarderException le) {
      return Reply.error(status(le.code()), le.code().name(), text(le));
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return Reply.error(
          400, ErrorCode.INVALID_ARGUMENT.name(), "could not read the request: " + e.getMessage());
    }
    LOG.error("internal error answering a request", e);
    return Reply.error(
        500,
        ErrorCode.INTERNAL.name(),
        "internal error ("
            + e.getClass().getName()
            + "); this is a bug in Larder, and the server log has the details");
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
