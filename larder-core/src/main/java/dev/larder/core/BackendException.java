package dev.larder.core;

/** A backend (database, file system, native library) failed. */
public class BackendException extends LarderException {
  private static final long serialVersionUID = 1L;

  public BackendException(String message, String hint, Throwable cause) {
    super(ErrorCode.BACKEND_UNAVAILABLE, message, hint, cause);
  }

  public BackendException(String message, String hint) {
    super(ErrorCode.BACKEND_UNAVAILABLE, message, hint);
  }

  public BackendException(String message) {
    super(ErrorCode.BACKEND_UNAVAILABLE, message);
  }
}
