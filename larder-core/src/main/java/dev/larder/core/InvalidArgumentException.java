package dev.larder.core;

/** A value given by the user is malformed or out of range. */
public class InvalidArgumentException extends LarderException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message, String hint, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, hint, cause);
  }

  public InvalidArgumentException(String message, String hint) {
    super(ErrorCode.INVALID_ARGUMENT, message, hint);
  }

  public InvalidArgumentException(String message) {
    super(ErrorCode.INVALID_ARGUMENT, message);
  }
}
