package dev.larder.cli;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * An unknown verb ({@code larder features list}): a usage error (exit 2, DESIGN B1) that names the
 * closest commands, two words deep, so that {@code features list} suggests {@code feature-views
 * list}. Picocli reports the word as an unmatched argument of the command above it; only a word
 * where a command's subcommand is expected (the command has subcommands and takes no positional
 * parameter) is treated as a verb. A command is close when the word is a likely typo of its name or
 * of its first part ({@code features} of {@code feature-views}), or shares its first four letters.
 */
final class UnknownCommand {
  private static final int SHOWN = 3;

  private UnknownCommand() {}

  /** Whether {@code e} is an unknown verb rather than a stray argument or unknown option. */
  static boolean matches(CommandLine.ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException u) || u.isUnknownOption()) {
      return false;
    }
    CommandLine at = e.getCommandLine();
    List<String> unmatched = u.getUnmatched();
    return !unmatched.isEmpty()
        && !unmatched.get(0).startsWith("-")
        && !at.getSubcommands().isEmpty()
        && at.getCommandSpec().positionalParameters().isEmpty();
  }

  /** Prints the error and the suggestions; returns {@link ExitCodes#USAGE}. */
  static int report(UnmatchedArgumentException e, PrintStream err) {
    CommandLine at = e.getCommandLine();
    String where = at.getCommandSpec().qualifiedName();
    List<String> words = e.getUnmatched();
    String verb = words.get(0);
    String next = words.size() > 1 && !words.get(1).startsWith("-") ? words.get(1) : null;
    List<String> suggestions = suggest(at, verb, next);
    String message =
        Echo.of(verb)
            + " is not a command of '"
            + where
            + "'"
            + (suggestions.isEmpty() ? "" : "; did you mean " + orList(suggestions) + "?");
    err.println("error: " + message);
    err.println("Run '" + where + " --help' for its commands.");
    return ExitCodes.USAGE;
  }

  /** The closest commands under {@code at}, best first, with their subcommand when one fits. */
  static List<String> suggest(CommandLine at, String verb, String next) {
    record Candidate(String text, int distance, int whole, int prefix) {}
    List<Candidate> found = new ArrayList<>();
    String typed = verb.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, CommandLine> e : at.getSubcommands().entrySet()) {
      String name = e.getKey();
      if (e.getValue().getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      int distance = Math.min(distance(typed, lower), distance(typed, lower.split("-")[0]));
      int prefix = commonPrefix(typed, lower);
      int limit = typed.length() <= 3 ? 1 : Math.max(2, typed.length() / 3);
      if (distance > limit && prefix < Math.min(4, typed.length())) {
        continue;
      }
      String text = name;
      Map<String, CommandLine> subs = e.getValue().getSubcommands();
      if (next != null && !subs.isEmpty()) {
        String sub = subs.containsKey(next) ? next : closestName(next, subs.keySet());
        if (sub == null) {
          continue;
        }
        text = name + " " + sub;
      }
      found.add(new Candidate(text, distance, distance(typed, lower), prefix));
    }
    return found.stream()
        .sorted(
            Comparator.comparingInt(Candidate::distance)
                .thenComparingInt(Candidate::whole)
                .thenComparing(Comparator.comparingInt(Candidate::prefix).reversed()))
        .limit(SHOWN)
        .map(Candidate::text)
        .toList();
  }

  private static String closestName(String typed, java.util.Collection<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = typed.toLowerCase(Locale.ROOT);
    int limit = lower.length() <= 3 ? 1 : Math.max(2, lower.length() / 3);
    for (String name : names) {
      int d = distance(lower, name.toLowerCase(Locale.ROOT));
      if (d <= limit && d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best;
  }

  private static String orList(List<String> items) {
    List<String> quoted = items.stream().map(s -> "'" + s + "'").toList();
    if (quoted.size() == 1) {
      return quoted.get(0);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1))
        + " or "
        + quoted.get(quoted.size() - 1);
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static int distance(String a, String b) {
    return DidYouMean.distance(a, b);
  }
}
