package dev.larder.cli;

import picocli.CommandLine.Command;

/** {@code larder data}: the sample database and its exports. */
@Command(
    name = "data",
    header = "Generate, load and export the sample database.",
    description = "Generate, load and export the sample database.",
    mixinStandardHelpOptions = true,
    subcommands = {DataGenerateCommand.class, DataLoadCommand.class, DataExportCommand.class})
final class DataCommand implements Runnable {
  @picocli.CommandLine.Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "larder data needs a subcommand: generate, load or export");
  }
}
