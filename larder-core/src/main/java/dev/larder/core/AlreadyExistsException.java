package dev.larder.core;

/** Something that must not exist already does. */
public class AlreadyExistsException extends LarderException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message, String hint, Throwable cause) {
    super(ErrorCode.ALREADY_EXISTS, message, hint, cause);
  }

  public AlreadyExistsException(String message, String hint) {
    super(ErrorCode.ALREADY_EXISTS, message, hint);
  }

  public AlreadyExistsException(String message) {
    super(ErrorCode.ALREADY_EXISTS, message);
  }
}
