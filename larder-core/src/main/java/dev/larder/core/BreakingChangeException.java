package dev.larder.core;

import java.util.List;

/**
 * An apply would make breaking changes and was not allowed to ({@code larder apply} without {@code
 * --allow-breaking}); nothing was written. An {@link ErrorCode#INVALID_ARGUMENT}: the same apply
 * with the permission, or with the changes undone, succeeds.
 */
public class BreakingChangeException extends InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> changes;

  /**
   * @param changes each breaking change in one line: {@code feature view 'v': schema.f: Float64 →
   *     Int64 (retyped feature)}
   */
  public BreakingChangeException(List<String> changes, String hint) {
    super(message(changes), hint);
    this.changes = List.copyOf(changes);
  }

  private static String message(List<String> changes) {
    StringBuilder out =
        new StringBuilder("apply refused: ")
            .append(changes.size())
            .append(changes.size() == 1 ? " breaking change" : " breaking changes")
            .append(" without --allow-breaking:");
    for (String c : changes) {
      out.append("\n  ").append(c);
    }
    return out.toString();
  }

  /** Each breaking change in one line, in plan order. */
  public List<String> changes() {
    return changes;
  }
}
