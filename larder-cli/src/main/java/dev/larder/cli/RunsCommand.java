package dev.larder.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder runs}: the training runs recorded in the registry. */
@Command(
    name = "runs",
    header = "List and describe the recorded training runs.",
    mixinStandardHelpOptions = true,
    description = "List and describe the training runs recorded in the registry.",
    subcommands = {RunsListCommand.class, RunsDescribeCommand.class})
final class RunsCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "larder runs needs a subcommand: list or describe");
  }
}
