package dev.larder.server;

/**
 * A failure that belongs to HTTP rather than to the feature store: no such endpoint, a method the
 * endpoint does not take, a body over the limit. {@link ErrorMapping} gives it its own status.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  HttpError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status. */
  int status() {
    return status;
  }

  /** The stable code of the error body, e.g. {@code PAYLOAD_TOO_LARGE}. */
  String code() {
    return code;
  }
}
