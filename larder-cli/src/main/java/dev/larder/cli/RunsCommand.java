package dev.larder.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder runs}: the training runs recorded in the registry. */
@Command(
    name = "runs",
    header = "List, describe and compare training runs.",
    mixinStandardHelpOptions = true,
    description =
        "List and describe the training runs recorded in the registry; compare runs (recorded or"
            + " run folders) in one HTML page.",
    subcommands = {RunsListCommand.class, RunsDescribeCommand.class, RunsCompareCommand.class})
final class RunsCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "larder runs needs a subcommand: list, describe or compare");
  }
}
