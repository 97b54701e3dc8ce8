package dev.larder.core.registry;

/**
 * How an apply treats breaking changes ({@link ChangeImpact}).
 *
 * @param allowBreaking apply breaking changes too ({@code larder apply --allow-breaking}); without
 *     it an apply with a breaking change fails with a {@link
 *     dev.larder.core.BreakingChangeException} and writes nothing
 */
public record ApplyOptions(boolean allowBreaking) {
  /** Refuse breaking changes. */
  public static final ApplyOptions DEFAULT = new ApplyOptions(false);

  /** Apply breaking changes too. */
  public static final ApplyOptions ALLOW_BREAKING = new ApplyOptions(true);
}
