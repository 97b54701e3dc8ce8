package dev.larder.ui;

import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;

/**
 * A page that answers a request with an error: thrown by a page handler, rendered by the router as
 * an HTML page with the status and the message (escaped), inside the layout.
 */
public final class UiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  public UiError(int status, String title, String message) {
    super(message);
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /**
   * The answer for an object that does not exist or that the principal may not describe: the same
   * 404 for both, so that a page never confirms that a hidden object exists.
   */
  public static UiError notFound(DefinitionKind kind, String name) {
    return notFound(Definition.label(kind, name));
  }

  /** {@link #notFound(DefinitionKind, String)} for anything else, named by {@code what}. */
  public static UiError notFound(String what) {
    return new UiError(
        404, "Not found", "There is no " + what + " here, or you are not permitted to see it.");
  }

  /** A request the page cannot answer: a bad parameter, named with the fix. */
  public static UiError badRequest(String message) {
    return new UiError(400, "Bad request", message);
  }

  /** A form sent without its anti-forgery token, or with a wrong one. */
  static UiError forgery() {
    return new UiError(
        403,
        "Forbidden",
        "This form was sent without a valid anti-forgery token (it may be from an old page or"
            + " another site). Reload the page and send the form again.");
  }
}
