package dev.larder.core;

/**
 * The caller may not do this: the registry's permissions do not allow the user's roles the action
 * on the resource. The message names the user, the action and the resource, never the permission or
 * role that would allow it; the hint says how to get access.
 */
public class PermissionDeniedException extends LarderException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message, String hint) {
    super(ErrorCode.PERMISSION_DENIED, message, hint);
  }
}
