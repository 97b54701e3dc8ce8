package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** Which subcommand {@link LarderCommand#run} registers alone, and when it registers them all. */
class SubcommandOfTest {
  @Test
  void theFirstArgumentAfterTheRootsOwnOptions() {
    assertThat(LarderCommand.subcommandOf("plan")).isEqualTo("plan");
    assertThat(LarderCommand.subcommandOf("-r", "repo", "-v", "get-online-features", "--x"))
        .isEqualTo("get-online-features");
    assertThat(LarderCommand.subcommandOf("--repo", "plan", "apply")).isEqualTo("apply");
    assertThat(LarderCommand.subcommandOf("--repo=r", "--verbose", "feature-views", "list"))
        .isEqualTo("feature-views");
  }

  @Test
  void noneForHelpTheVersionNoSubcommandOrAnUnknownOption() {
    assertThat(LarderCommand.subcommandOf()).isNull();
    assertThat(LarderCommand.subcommandOf("--help")).isNull();
    assertThat(LarderCommand.subcommandOf("-V")).isNull();
    assertThat(LarderCommand.subcommandOf("help", "plan")).isNull();
    assertThat(LarderCommand.subcommandOf("-r", "repo")).isNull();
    assertThat(LarderCommand.subcommandOf("-rrepo", "plan")).isNull();
  }

  @Test
  void aSubcommandAloneWorksAsAmongAllAndTheHelpStillListsEveryOne() {
    CliRunOutput version = run("--version");
    assertThat(version.status).isZero();
    CliRunOutput help = run("--help");
    for (Class<?> subcommand : LarderCommand.SUBCOMMANDS) {
      String name = subcommand.getAnnotation(Command.class).name();
      assertThat(help.out).contains(name);
    }
    assertThat(help.out).contains("feature-views");
    CliRunOutput planHelp = run("-r", "somewhere", "plan", "--help");
    assertThat(planHelp.status).isZero();
    assertThat(planHelp.out).startsWith("Usage: larder plan");
    CliRunOutput groupHelp = run("feature-views", "--help");
    assertThat(groupHelp.out).startsWith("Usage: larder feature-views").contains("versions");
  }

  private record CliRunOutput(int status, String out) {}

  private static CliRunOutput run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status =
        LarderCommand.run(new CliContext(print, print, Path.of(""), false, Map.of()), args);
    return new CliRunOutput(status, out.toString(StandardCharsets.UTF_8));
  }
}
