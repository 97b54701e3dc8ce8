package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.core.Plural;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Permission;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RegistryEntry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code larder entities|data-sources|feature-views|feature-services|permissions list|describe
 * NAME} and {@code larder feature-views versions NAME}: inspect what the registry holds.
 */
final class DefinitionCommands {
  private DefinitionCommands() {}

  /** Adds one command per definition kind to {@code root}. */
  static void register(CommandLine root) {
    for (DefinitionKind kind : DefinitionKind.values()) {
      String plural = plural(kind);
      CommandLine group = new CommandLine(new Group(kind));
      CommandLine list = new CommandLine(new ListCommand(kind));
      list.getCommandSpec()
          .usageMessage()
          .header("List the applied " + plural + " as a table.")
          .description(
              "List the "
                  + plural
                  + " the registry holds: name, details, version and when each"
                  + " was last updated. With permissions defined, only those you may describe.");
      group.addSubcommand("list", list);
      CommandLine describe = new CommandLine(new DescribeCommand(kind));
      describe
          .getCommandSpec()
          .usageMessage()
          .header("Show one of the applied " + plural + " in full.")
          .description(
              "Show one of the "
                  + plural
                  + " the registry holds in full, as YAML, with when it"
                  + " was created and last updated.");
      group.addSubcommand("describe", describe);
      if (kind == DefinitionKind.FEATURE_VIEW) {
        group.addSubcommand("versions", new VersionsCommand());
      }
      group
          .getCommandSpec()
          .usageMessage()
          .header(
              (kind == DefinitionKind.FEATURE_VIEW
                      ? "List, describe and version the "
                      : "List and describe the ")
                  + plural
                  + ".")
          .description(
              "Inspect the " + plural + " the registry holds (what 'larder apply' wrote).");
      root.addSubcommand(RepoCommands.commandName(kind), group);
    }
  }

  /** How help texts name the objects of {@code kind}: {@code feature views}. */
  static String plural(DefinitionKind kind) {
    return RepoCommands.commandName(kind).replace('-', ' ');
  }

  @Command(mixinStandardHelpOptions = true)
  static final class Group implements Runnable {
    private final DefinitionKind kind;
    @Spec private CommandSpec spec;

    Group(DefinitionKind kind) {
      this.kind = kind;
    }

    @Override
    public void run() {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "larder "
              + RepoCommands.commandName(kind)
              + " needs a subcommand: "
              + String.join(", ", spec.subcommands().keySet()));
    }
  }

  @Command(mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    private final DefinitionKind kind;
    @Spec private CommandSpec spec;

    ListCommand(DefinitionKind kind) {
      this.kind = kind;
    }

    @Override
    public Integer call() {
      try (FeatureStore store = RepoCommands.openStore(spec)) {
        TextTable table = new TextTable("NAME", "DETAILS", "VERSION", "LAST UPDATED");
        for (RegistryEntry e : store.list(kind)) {
          table.row(
              e.definition().name(),
              details(e.definition()),
              e.latestVersion().map(FeatureViewVersion::label).orElse(""),
              TextTable.time(e.metadata().lastUpdated()));
        }
        PrintStream out = LarderCommand.root(spec).context().out();
        table.print(out);
        if (store.hidesSome(kind)) {
          out.println(hiddenLine(plural(kind) + " you may not describe"));
        }
      }
      return ExitCodes.OK;
    }
  }

  /**
   * The line that ends a list filtered by permissions: it says that objects are hidden, never how
   * many or which.
   */
  static String hiddenLine(String what) {
    return "Hidden: " + what + " (permissions).";
  }

  @Command(mixinStandardHelpOptions = true)
  static final class DescribeCommand implements Callable<Integer> {
    private final DefinitionKind kind;
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Its name.")
    String name;

    DescribeCommand(DefinitionKind kind) {
      this.kind = kind;
    }

    @Override
    public Integer call() {
      try (FeatureStore store = RepoCommands.openStore(spec)) {
        RegistryEntry entry = store.describe(kind, name);
        LarderCommand.root(spec).context().out().print(entry.describeYaml());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      header = "List a feature view's versions.",
      description = {
        "List a feature view's versions: when each was applied, by whom, whether it was breaking",
        "and what changed from the version before."
      })
  static final class VersionsCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The feature view.")
    String name;

    @Override
    public Integer call() {
      try (FeatureStore store = RepoCommands.openStore(spec)) {
        TextTable table =
            new TextTable("VERSION", "APPLIED AT", "BY", "IMPACT", "SHA-256", "CHANGES");
        for (FeatureViewVersion v : store.versions(name)) {
          table.row(
              v.label(),
              TextTable.time(v.appliedAt()),
              v.appliedBy(),
              v.impactLabel(),
              v.sha256().substring(0, 12),
              v.summary());
        }
        table.print(LarderCommand.root(spec).context().out());
      }
      return ExitCodes.OK;
    }
  }

  /** A query on one line, cut to 60 characters, for a table cell. */
  private static String oneLine(String query) {
    String line = query.strip().replaceAll("\\s+", " ");
    return line.length() <= 60 ? line : line.substring(0, 59) + "…";
  }

  /** One line about a definition, by kind. */
  static String details(Definition d) {
    if (d instanceof Entity e) {
      return "join keys " + String.join(", ", e.joinKeys()) + " (" + e.valueType() + ")";
    }
    if (d instanceof FileSource f) {
      return "file " + f.path() + ", timestamp " + f.timestampField();
    }
    if (d instanceof SparkSource s) {
      return (s.isTable() ? "spark table " + s.table() : "spark query " + oneLine(s.query()))
          + ", timestamp "
          + s.timestampField();
    }
    if (d instanceof PushSource p) {
      return "push, batch source " + p.batchSource().name();
    }
    if (d instanceof FeatureView v) {
      return Plural.of(v.schema().size(), "feature")
          + " of "
          + (v.entities().isEmpty() ? "no entity" : String.join(", ", v.entities()))
          + " from "
          + v.source()
          + ", ttl "
          + (v.ttl().equals(Duration.ZERO) ? "unlimited" : v.ttl().toString());
    }
    if (d instanceof Permission p) {
      return String.join(", ", p.actions().stream().map(AccessAction::spelling).toList())
          + " on "
          + String.join(", ", p.typeSpellings())
          + (p.namePatterns().isEmpty() ? "" : " named " + String.join(" | ", p.namePatterns()))
          + (p.requiredTags().isEmpty() ? "" : " tagged " + p.requiredTags())
          + " for roles "
          + String.join(", ", p.policy().roles());
    }
    FeatureService s = (FeatureService) d;
    return s.projections().stream()
        .map(FeatureViewProjection::featureView)
        .collect(Collectors.joining(", "));
  }
}
