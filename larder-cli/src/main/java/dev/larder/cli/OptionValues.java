package dev.larder.cli;

import dev.larder.core.InvalidArgumentException;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a rejected option value into a usage error (exit 2) instead of a user error (exit 1). */
final class OptionValues {
  private OptionValues() {}

  /** Runs {@code parse}; an {@link InvalidArgumentException} becomes a picocli usage error. */
  static <T> T parse(CommandSpec spec, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidArgumentException e) {
      String message = e.hint() == null ? e.getMessage() : e.getMessage() + "\n" + e.hint();
      throw new ParameterException(spec.commandLine(), message, e, null, "");
    }
  }
}
