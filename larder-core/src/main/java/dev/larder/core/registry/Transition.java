package dev.larder.core.registry;

/** What an apply does to one object, comparing the definitions with the registry by name. */
public enum Transition {
  /** Defined, not in the registry: added. */
  CREATE("+", "create"),
  /** In both, different: replaced, keeping its {@code created} time. */
  UPDATE("~", "update"),
  /** In the registry, no longer defined: removed (a view's version history stays). */
  DELETE("-", "delete"),
  /** In both, equal. */
  UNCHANGED("=", "unchanged");

  private final String symbol;
  private final String verb;

  Transition(String symbol, String verb) {
    this.symbol = symbol;
    this.verb = verb;
  }

  /** {@code +}, {@code ~}, {@code -} or {@code =}, the first column of the plan text. */
  public String symbol() {
    return symbol;
  }

  /** {@code create}, {@code update}, {@code delete} or {@code unchanged}. */
  public String verb() {
    return verb;
  }
}
