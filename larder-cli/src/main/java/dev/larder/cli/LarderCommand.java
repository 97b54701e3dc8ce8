package dev.larder.cli;

import dev.larder.core.Activity;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code larder} command: the root of every subcommand. */
@Command(
    name = "larder",
    mixinStandardHelpOptions = true,
    versionProvider = LarderCommand.Version.class,
    header = "Larder: a feature store and ML training workflow for the JVM.",
    description = "Larder: a feature store and ML training workflow for the JVM.",
    subcommands = {
      QuickstartCommand.class,
      InitCommand.class,
      RepoCommands.Plan.class,
      RepoCommands.Apply.class,
      RepoCommands.Teardown.class,
      RepoCommands.Dump.class,
      RegistryCommand.class,
      GetHistoricalFeaturesCommand.class,
      MaterializeCommand.class,
      MaterializeIncrementalCommand.class,
      GetOnlineFeaturesCommand.class,
      ServeCommand.class,
      DataCommand.class,
      TrainCommand.class,
      LineageCommand.class,
      RunsCommand.class,
      AuthCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LarderCommand implements Callable<Integer> {

  private final CliContext context;

  @Spec private CommandSpec spec;

  private Path repo;
  private boolean verbose;

  /**
   * {@code -r, --repo DIR}, accepted before or after the subcommand. Picocli resets an inherited
   * option to its initial value when it starts parsing each subcommand, so the setter keeps the
   * value once given.
   */
  @Option(
      names = {"-r", "--repo"},
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "The feature repository (default: the current directory; for train: feature_repo).")
  void setRepo(Path value) {
    if (value != null) {
      repo = value;
    }
  }

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Log what Larder does to stderr.")
  void setVerbose(boolean value) {
    verbose |= value;
  }

  LarderCommand(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(run(CliContext.system(), args));
  }

  /** Runs the command line {@code args} and returns the exit code. */
  public static int run(CliContext context, String... args) {
    boolean verbose =
        Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    Logging.configure(verbose);
    CommandLine cli = commandLine(context);
    cli.setParameterExceptionHandler((e, ignored) -> ExitCodes.reportUsage(e, context.err()));
    cli.setExecutionExceptionHandler(
        (e, ignored, parsed) -> ExitCodes.report(e, context.err(), verbose));
    long began = Activity.start();
    int code = cli.execute(args);
    Activity.log(
        LarderCommand.class,
        "larder {} ended with exit code {} in {}",
        String.join(" ", args),
        code,
        Activity.since(began));
    return code;
  }

  /** The command tree, printing to {@code context}'s streams, with Larder's help layout. */
  static CommandLine commandLine(CliContext context) {
    CommandLine cli = new CommandLine(new LarderCommand(context));
    DefinitionCommands.register(cli);
    cli.getSubcommands()
        .get("help")
        .getCommandSpec()
        .usageMessage()
        .header("Show the help of a command.");
    HelpText.install(cli);
    cli.setOut(new java.io.PrintWriter(context.out(), true));
    cli.setErr(new java.io.PrintWriter(context.err(), true));
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.out());
    return ExitCodes.USAGE;
  }

  /** The context of the process, for subcommands. */
  CliContext context() {
    return context;
  }

  /** {@code --repo} as given, or {@code null}. */
  Path repo() {
    return repo;
  }

  boolean verbose() {
    return verbose;
  }

  /** The root command of {@code spec}'s command tree. */
  static LarderCommand root(CommandSpec spec) {
    return (LarderCommand) spec.root().userObject();
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = LarderCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "larder " + (version == null ? "(development build)" : version), "Java " + Runtime.version()
      };
    }
  }
}
