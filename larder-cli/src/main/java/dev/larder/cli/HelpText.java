package dev.larder.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How {@code --help} reads. Every command has a one-line summary (its {@code header}), shown in its
 * parent's command list; the header is not repeated at the top of the command's own help, whose
 * description follows the synopsis. Descriptions are written in the source as several strings
 * (lines of the Java file, not of the output): they are joined into one paragraph ({@code ""}
 * starts a new one) and wrapped here at spaces only, to the usage width, so that no sentence is
 * broken where the source happened to break it. Option and parameter descriptions are joined the
 * same way and left to picocli's columns, whose line breaker (the JDK's) also breaks inside words
 * after a dot, hyphen or slash ({@code .|csv}, {@code sample_data.|db}): those characters are
 * swapped for private-use characters while picocli lays the text out, and swapped back after.
 */
final class HelpText {
  private HelpText() {}

  /** Applies these rules to {@code cli} and every command below it. */
  static void install(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    UsageMessageSpec usage = spec.usageMessage();
    usage.description(paragraphs(usage.description()).toArray(String[]::new));
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>();
    cli.getHelpSectionMap()
        .forEach((key, renderer) -> sections.put(key, help -> unprotect(renderer.render(help))));
    sections.put(UsageMessageSpec.SECTION_KEY_HEADER, help -> "");
    sections.put(
        UsageMessageSpec.SECTION_KEY_DESCRIPTION,
        help -> wrap(List.of(help.commandSpec().usageMessage().description()), usage.width()));
    for (ArgSpec arg : List.copyOf(spec.args())) {
      String joined = protect(String.join(" ", arg.description()));
      if (arg.group() == null && !joined.equals(String.join("\n", arg.description()))) {
        spec.remove(arg);
        if (arg instanceof OptionSpec option) {
          spec.addOption(OptionSpec.builder(option).description(joined).build());
        } else {
          spec.addPositional(
              PositionalParamSpec.builder((PositionalParamSpec) arg).description(joined).build());
        }
      }
    }
    cli.setHelpSectionMap(sections);
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (sub.getParent() == cli) {
        install(sub);
      }
    }
  }

  private static final String BREAKERS = "./-";
  private static final String KEEPERS = "\uE000\uE001\uE002";

  /**
   * {@code text} with each dot, hyphen or slash that a non-space follows swapped, except inside
   * picocli's {@code ${…}} variables.
   */
  static String protect(String text) {
    StringBuilder out = new StringBuilder(text);
    for (int i = 0; i + 1 < out.length(); i++) {
      if (out.charAt(i) == '$' && out.charAt(i + 1) == '{') {
        int end = out.indexOf("}", i);
        i = end < 0 ? out.length() : end;
        continue;
      }
      int k = BREAKERS.indexOf(out.charAt(i));
      if (k >= 0 && !Character.isWhitespace(out.charAt(i + 1))) {
        out.setCharAt(i, KEEPERS.charAt(k));
      }
    }
    return out.toString();
  }

  /** Undoes {@link #protect}. */
  static String unprotect(String text) {
    StringBuilder out = new StringBuilder(text);
    for (int i = 0; i < out.length(); i++) {
      int k = KEEPERS.indexOf(out.charAt(i));
      if (k >= 0) {
        out.setCharAt(i, BREAKERS.charAt(k));
      }
    }
    return out.toString();
  }

  /** The description strings joined into paragraphs: an empty string separates two. */
  static List<String> paragraphs(String[] lines) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (current.length() > 0) {
          out.add(current.toString());
          current.setLength(0);
        }
        continue;
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(line.strip());
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  /**
   * {@code paragraphs} wrapped to {@code width} columns at spaces (a word longer than a line gets a
   * line of its own), each ending with a newline; empty when there are none.
   */
  static String wrap(List<String> paragraphs, int width) {
    StringBuilder out = new StringBuilder();
    for (String paragraph : paragraphs) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.strip().split(" +")) {
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          out.append(line).append('\n');
          line.setLength(0);
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
