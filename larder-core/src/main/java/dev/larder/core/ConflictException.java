package dev.larder.core;

/**
 * Another process changed the same thing concurrently (the registry moved on while an apply was
 * being prepared, say); nothing was written, and running the command again resolves it.
 */
public class ConflictException extends LarderException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message, String hint, Throwable cause) {
    super(ErrorCode.CONFLICT, message, hint, cause);
  }

  public ConflictException(String message, String hint) {
    super(ErrorCode.CONFLICT, message, hint);
  }

  public ConflictException(String message) {
    super(ErrorCode.CONFLICT, message);
  }
}
