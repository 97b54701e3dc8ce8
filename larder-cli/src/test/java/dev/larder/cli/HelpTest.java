package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --help} as a newcomer reads it, and an unknown verb. */
class HelpTest {
  private static final int WIDTH = 80;
  private static final Pattern COMMAND_ROW = Pattern.compile("^  (\\S+) +(\\S.*)$");

  @TempDir Path work;

  @Test
  void everyCommandAndGroupHasAWholeOneLineSummaryInItsParentsList() {
    for (List<String> path : commandPaths()) {
      CommandLine command = command(path);
      if (command.getSubcommands().isEmpty()) {
        continue;
      }
      CliRun help = CliRun.in(work, with(path, "--help"));
      assertThat(help.exitCode()).as(String.join(" ", path)).isZero();
      List<String> rows = commandRows(help.out());
      assertThat(rows)
          .as("the command list of '%s'", String.join(" ", path))
          .hasSameSizeAs(command.getSubcommands().keySet());
      for (String row : rows) {
        Matcher m = COMMAND_ROW.matcher(row);
        assertThat(m.matches()).as("a command row with a summary: '%s'", row).isTrue();
        assertThat(m.group(2)).as(row).endsWith(".");
        assertThat(row.length()).as(row).isLessThanOrEqualTo(WIDTH);
      }
    }
  }

  @Test
  void descriptionsWrapAtWordBoundariesWithoutStrayBreaks() {
    for (List<String> path : commandPaths()) {
      CommandLine command = command(path);
      String source = String.join(" ", command.getCommandSpec().usageMessage().description());
      CliRun help = CliRun.in(work, with(path, "--help"));
      List<String> lines = descriptionLines(help.out());
      String name = "larder " + String.join(" ", path);
      assertThat(String.join(" ", lines)).as(name).isEqualTo(source.strip().replaceAll(" +", " "));
      for (int i = 0; i < lines.size(); i++) {
        assertThat(lines.get(i).length()).as(name).isLessThanOrEqualTo(WIDTH);
        if (i + 1 < lines.size()) {
          String nextWord = lines.get(i + 1).split(" ")[0];
          assertThat(lines.get(i).length() + 1 + nextWord.length())
              .as("%s: line %d ends early (a stray break): '%s'", name, i, lines.get(i))
              .isGreaterThan(WIDTH);
        }
      }
    }
  }

  @Test
  void optionDescriptionsAreNotBrokenInsideWords() {
    CliRun help = CliRun.in(work, "train", "--help");
    assertThat(help.out())
        .contains("data/database/sample_data.db")
        .contains("runs/<yyyyMMdd-HHmmss-SSS>")
        .doesNotContain("\uE000");
    CliRun apply = CliRun.in(work, "apply", "--help");
    // the option's description was several strings in the source: one flowing text now
    assertThat(apply.out()).contains("feature, changed entities, join keys, source or ttl,");
    CliRun serve = CliRun.in(work, "serve", "--help");
    assertThat(serve.out()).contains("(default: 127.0.0.1)");
  }

  @Test
  void anUnknownVerbSuggestsTheClosestCommandsAndIsAUserError() {
    CliRun features = CliRun.in(work, "features", "list");
    assertThat(features.exitCode()).isEqualTo(2);
    assertThat(features.firstErrorLine())
        .isEqualTo(
            "error: 'features' is not a command of 'larder'; did you mean 'feature-views list'"
                + " or 'feature-services list'?");
    assertThat(features.err()).contains("Run 'larder --help' for its commands.");
    assertThat(features.out()).isEmpty();

    CliRun lst = CliRun.in(work, "feature-views", "lst", "x");
    assertThat(lst.exitCode()).isEqualTo(2);
    assertThat(lst.firstErrorLine())
        .isEqualTo("error: 'lst' is not a command of 'larder feature-views'; did you mean 'list'?");

    CliRun materialise = CliRun.in(work, "materialise", "2026-01-01");
    assertThat(materialise.firstErrorLine())
        .endsWith("did you mean 'materialize' or 'materialize-incremental'?");

    CliRun nothing = CliRun.in(work, "xyzzy");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.firstErrorLine()).isEqualTo("error: 'xyzzy' is not a command of 'larder'");

    // a stray argument or unknown option stays a usage error
    assertThat(CliRun.in(work, "plan", "extra").exitCode()).isEqualTo(2);
    assertThat(CliRun.in(work, "plan", "--bogus").exitCode()).isEqualTo(2);
  }

  private static String[] with(List<String> path, String arg) {
    List<String> args = new ArrayList<>(path);
    args.add(arg);
    return args.toArray(String[]::new);
  }

  /** Every command path below the root, the root included as the empty path. */
  private static List<List<String>> commandPaths() {
    List<List<String>> out = new ArrayList<>();
    collect(root(), new ArrayList<>(), out);
    return out;
  }

  private static void collect(CommandLine at, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    at.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getParent() == at && !name.equals("help")) {
                path.add(name);
                collect(sub, path, out);
                path.remove(path.size() - 1);
              }
            });
  }

  private static CommandLine root() {
    return LarderCommand.commandLine(CliContext.system());
  }

  private static CommandLine command(List<String> path) {
    CommandLine at = root();
    for (String name : path) {
      at = at.getSubcommands().get(name);
    }
    return at;
  }

  /** The rows under {@code Commands:}. */
  private static List<String> commandRows(String help) {
    List<String> lines = help.lines().toList();
    int start = lines.indexOf("Commands:");
    return start < 0 ? List.of() : lines.subList(start + 1, lines.size());
  }

  /** The lines between the synopsis and the first option or parameter row. */
  private static List<String> descriptionLines(String help) {
    List<String> out = new ArrayList<>();
    boolean synopsis = true;
    for (String line : help.lines().toList()) {
      if (synopsis) {
        if (line.startsWith("Usage:") || line.startsWith(" ")) {
          continue;
        }
        synopsis = false;
      }
      if (line.startsWith(" ") || line.equals("Commands:")) {
        break;
      }
      out.add(line);
    }
    return out;
  }
}
