package dev.larder.core;

/**
 * A request, or what it asks for, is larger than a configured limit ({@link ErrorCode#TOO_LARGE}:
 * HTTP 413, exit code 1). The message names the size and the limit; the hint names the setting that
 * raises the limit and how to stay under it.
 */
public class TooLargeException extends LarderException {
  private static final long serialVersionUID = 1L;

  public TooLargeException(String message, String hint) {
    super(ErrorCode.TOO_LARGE, message, hint);
  }
}
