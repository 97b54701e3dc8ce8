package dev.larder.cli;

import dev.larder.core.Activity;
import dev.larder.core.model.DefinitionKind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
    description = "Larder: a feature store and ML training workflow for the JVM.")
public final class LarderCommand implements Callable<Integer> {
  /**
   * The subcommands, in the order {@code --help} lists them (then the definition groups of {@link
   * DefinitionCommands}). {@link #run} registers them all, or, for a command line whose subcommand
   * it knows, that one alone: picocli reads every registered command's annotations by reflection,
   * which was a third of the start-up of a short command.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          QuickstartCommand.class,
          InitCommand.class,
          ImportCommand.class,
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
          UiCommand.class,
          DataCommand.class,
          TrainCommand.class,
          LineageCommand.class,
          RunsCommand.class,
          AuthCommand.class,
          AuditCommand.class,
          CommandLine.HelpCommand.class);

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
    CommandLine cli = commandLine(context, args);
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

  /**
   * The command tree for the command line {@code args}, printing to {@code context}'s streams, with
   * Larder's help layout: every subcommand, or only the one {@code args} run when {@link
   * #subcommandOf} knows it (picocli reads every registered command's annotations by reflection,
   * which was a third of the start-up of a short command).
   */
  static CommandLine commandLine(CliContext context, String... args) {
    CommandLine cli = new CommandLine(new LarderCommand(context));
    String verb = subcommandOf(args);
    boolean definitionGroup =
        verb != null
            && Arrays.stream(DefinitionKind.values())
                .map(RepoCommands::commandName)
                .anyMatch(verb::equals);
    List<Class<?>> chosen =
        verb == null || definitionGroup
            ? List.of()
            : SUBCOMMANDS.stream()
                .filter(
                    c -> {
                      Command command = c.getAnnotation(Command.class);
                      return command.name().equals(verb)
                          || Arrays.asList(command.aliases()).contains(verb);
                    })
                .toList();
    if (definitionGroup) {
      DefinitionCommands.register(cli);
    } else if (chosen.isEmpty()) {
      // no subcommand, help, or a verb Larder does not know: every command, for the usage and
      // the suggestions
      SUBCOMMANDS.forEach(cli::addSubcommand);
      DefinitionCommands.register(cli);
    } else {
      chosen.forEach(cli::addSubcommand);
    }
    CommandLine help = cli.getSubcommands().get("help");
    if (help != null) {
      help.getCommandSpec().usageMessage().header("Show the help of a command.");
    }
    HelpText.install(cli);
    cli.setOut(new java.io.PrintWriter(context.out(), true));
    cli.setErr(new java.io.PrintWriter(context.err(), true));
    return cli;
  }

  /**
   * The subcommand that {@code args} run, when it is plain: the first argument after the root's own
   * options ({@code -r DIR}, {@code --repo DIR}, {@code --repo=DIR}, {@code -v}, {@code
   * --verbose}). {@code null} (every subcommand is then registered) for help, the version, no
   * subcommand or anything else: the root's usage, {@code help} and the suggestions for an unknown
   * subcommand need them all.
   */
  static String subcommandOf(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-r") || arg.equals("--repo")) {
        i++;
      } else if (arg.startsWith("--repo=") || arg.equals("-v") || arg.equals("--verbose")) {
        continue;
      } else if (arg.startsWith("-") || arg.equals("help")) {
        return null;
      } else {
        return arg;
      }
    }
    return null;
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
