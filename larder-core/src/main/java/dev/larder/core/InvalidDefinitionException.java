package dev.larder.core;

/**
 * A definition file or object is invalid: an unknown key, a wrong type, an unknown reference, a
 * duplicate name, a bad dtype or ttl, or a definition that does not match its source data. The
 * message names the file (and line when known), the object and the fix.
 */
public class InvalidDefinitionException extends LarderException {
  private static final long serialVersionUID = 1L;

  public InvalidDefinitionException(String message, String hint, Throwable cause) {
    super(ErrorCode.INVALID_DEFINITION, message, hint, cause);
  }

  public InvalidDefinitionException(String message, String hint) {
    super(ErrorCode.INVALID_DEFINITION, message, hint);
  }

  public InvalidDefinitionException(String message) {
    super(ErrorCode.INVALID_DEFINITION, message);
  }

  /**
   * This error placed in a context, e.g. {@code features.yaml:12} or {@code features.yaml:12:
   * feature view 'x'}: the message becomes {@code <context>: <message>}, the hint is kept and this
   * error becomes the cause.
   */
  public InvalidDefinitionException within(String context) {
    return new InvalidDefinitionException(context + ": " + getMessage(), hint(), this);
  }
}
