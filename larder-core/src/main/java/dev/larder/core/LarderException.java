package dev.larder.core;

import java.util.Objects;

/**
 * Root of every error Larder raises on purpose. Each kind has a stable {@link ErrorCode} that the
 * CLI maps to an exit code and the server maps to an HTTP status, in one place each.
 *
 * <p>The message says what was wrong and what was expected; the optional hint says what to do. The
 * CLI prints {@code error: <message>} as the first line on stderr and the hint lines after it.
 */
public class LarderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String hint;

  public LarderException(ErrorCode code, String message, String hint, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.hint = hint;
  }

  public LarderException(ErrorCode code, String message, String hint) {
    this(code, message, hint, null);
  }

  public LarderException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  /** The stable kind of this error. */
  public ErrorCode code() {
    return code;
  }

  /** What the user can do about it, or {@code null}. */
  public String hint() {
    return hint;
  }
}
