package dev.larder.core.repo;

import dev.larder.core.InvalidDefinitionException;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} in a string value of {@code feature_store.yaml} (DESIGN B9): the value of the
 * environment variable {@code NAME}, so that a password stays out of the file ({@code
 * connection_string: "redis:6379,password=${REDIS_PASSWORD}"}). An unset variable is an error that
 * names it and the line; <code>$${</code> writes a literal <code>${</code>, and a {@code $} not
 * followed by <code>{</code> is itself. A variable's value is taken as it is, never read for
 * references again.
 *
 * <p>Errors name the variable and the file's line but never show a value read from the environment.
 */
final class EnvironmentReferences {
  /**
   * A variable name as shells write them: letters, digits and {@code _}, not starting with a digit.
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> environment;

  /**
   * @param environment the value of an environment variable, or {@code null} when it is not set
   *     ({@code System::getenv}; tests give a map's {@code get})
   */
  EnvironmentReferences(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** {@code root} with the references in every string value replaced. */
  YamlNode expand(YamlNode root) {
    return root.mapStrings(this::text);
  }

  /** The text of string value {@code node}, its references replaced. */
  private String text(YamlNode node) {
    String text = node.scalar();
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw error(
              node,
              "'${' without a closing '}'; write ${NAME} for the environment variable NAME, or"
                  + " $${ for a literal ${");
        }
        String name = text.substring(i + 2, end);
        if (!NAME.matcher(name).matches()) {
          throw error(
              node,
              "'${"
                  + name
                  + "}' does not name an environment variable (letters, digits and _, not"
                  + " starting with a digit); write $${ for a literal ${");
        }
        String value = environment.apply(name);
        if (value == null) {
          throw new InvalidDefinitionException(
              node.where() + ": environment variable '" + name + "' is not set",
              "Set "
                  + name
                  + " in the environment of the command (export "
                  + name
                  + "=…), or write the value in "
                  + RepoConfig.FILE
                  + " instead of ${"
                  + name
                  + "} ($${ writes a literal ${)");
        }
        out.append(value);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static InvalidDefinitionException error(YamlNode node, String message) {
    return node.error(message);
  }
}
