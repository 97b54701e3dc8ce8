package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a feature spec rescales its features; fitted on the training split only. */
public enum Scaling {
  /** Subtract the training mean, divide by the training standard deviation (population). */
  STANDARD("standard"),
  /** Map the training minimum to 0 and the training maximum to 1. */
  MIN_MAX("min-max"),
  /** Leave values as they are. */
  NONE("none");

  private final String id;

  Scaling(String id) {
    this.id = id;
  }

  /** The name used in spec files and on the command line. */
  public String id() {
    return id;
  }

  /** Parses {@code standard}, {@code min-max} or {@code none}. */
  public static Scaling parse(String field, String value) {
    for (Scaling scaling : values()) {
      if (scaling.id.equalsIgnoreCase(value)) {
        return scaling;
      }
    }
    throw new InvalidArgumentException(
        field + " must be one of " + allowed() + ", got '" + value + "'");
  }

  static String allowed() {
    return Arrays.stream(values()).map(Scaling::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
