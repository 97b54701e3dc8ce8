package dev.larder.core;

/** A file, table, object or key that was asked for does not exist. */
public class NotFoundException extends LarderException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message, String hint, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, hint, cause);
  }

  public NotFoundException(String message, String hint) {
    super(ErrorCode.NOT_FOUND, message, hint);
  }

  public NotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
