package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.FeatureStore;
import dev.larder.core.Plural;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureView;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.ObjectDiff;
import dev.larder.core.registry.RegistryDiff;
import dev.larder.core.source.SourcePathWarnings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code larder plan}, {@code apply} and {@code registry-dump}: definitions and the registry. */
final class RepoCommands {
  private RepoCommands() {}

  /** The repository directory: {@code --repo}, or the working directory. */
  static Path repoDir(CommandSpec spec) {
    LarderCommand root = LarderCommand.root(spec);
    Path repo = root.repo();
    return root.context().resolve(repo == null ? Path.of("") : repo);
  }

  /**
   * Opens the repository {@code --repo} names, acting as the user of the environment, and prints a
   * {@code warning:} line for each key of Feast's in its {@code feature_store.yaml} that Larder
   * does not use.
   */
  static FeatureStore openStore(CommandSpec spec) {
    CliContext context = LarderCommand.root(spec).context();
    FeatureStore store = FeatureStore.open(repoDir(spec), context.principal());
    store.config().warnings().forEach(context::warn);
    return store;
  }

  @Command(
      name = "plan",
      header = "Show what apply would change in the registry.",
      mixinStandardHelpOptions = true,
      description = {
        "Show what apply would create, update or delete in the registry, each change marked",
        "compatible or breaking."
      })
  static final class Plan implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      try (FeatureStore store = openStore(spec)) {
        RegistryDiff diff = store.plan();
        PrintStream out = LarderCommand.root(spec).context().out();
        out.print(text(diff.text()));
        if (diff.hasBreakingChanges()) {
          out.println(
              "Breaking changes need 'larder apply --allow-breaking'"
                  + staleRows(
                      online(diff, diff.breakingViews()), "; it deletes the online rows of ")
                  + ".");
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "apply",
      header = "Apply the repository's definitions to the registry.",
      mixinStandardHelpOptions = true,
      description = {
        "Apply the repository's definitions to the registry (atomically). A breaking change",
        "needs --allow-breaking; without it nothing is written. With a shared registry (any",
        "registry_type but sqlite) each source path relative to the repository gets a warning:",
        "other machines may not have it; use absolute paths or URIs."
      })
  static final class Apply implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
        names = "--allow-breaking",
        description = {
          "Apply breaking changes too (a removed or retyped feature, changed entities, join keys,",
          "source or ttl, a deleted view or service); the online rows of the views they change",
          "are deleted."
        })
    boolean allowBreaking;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      try (FeatureStore store = openStore(spec)) {
        ApplyResult result = store.apply(new ApplyOptions(allowBreaking));
        context.out().print(text(result.diff().text()));
        if (result.committed()) {
          context.out().printf("Applied: registry at revision %d%n", result.revision());
        }
        for (FeatureViewVersion v : result.newVersions()) {
          context
              .out()
              .printf("feature view %s is now %s (%s)%n", v.view(), v.label(), v.summary());
        }
        for (String warning : SourcePathWarnings.of(store.config(), store.definitionsFromFiles())) {
          context.warn(warning);
        }
        for (String view : online(result.diff(), result.breakingViews())) {
          context.warn(
              "deleted the online rows of feature view "
                  + Echo.of(view)
                  + " (breaking change); run 'larder materialize-incremental END' or 'larder"
                  + " materialize START END' to fill them again");
        }
      }
      return ExitCodes.OK;
    }
  }

  /** Those of {@code views} that are online after the apply {@code diff} describes. */
  private static List<String> online(RegistryDiff diff, List<String> views) {
    return views.stream()
        .filter(
            v ->
                diff.find(DefinitionKind.FEATURE_VIEW, v)
                    .flatMap(ObjectDiff::after)
                    .map(d -> ((FeatureView) d).online())
                    .orElse(false))
        .toList();
  }

  private static String staleRows(List<String> views, String prefix) {
    if (views.isEmpty()) {
      return "";
    }
    return prefix
        + (views.size() == 1 ? "feature view " : "feature views ")
        + views.stream().map(v -> Echo.of(v)).collect(Collectors.joining(", "))
        + " (materialize again afterwards)";
  }

  @Command(
      name = "registry-dump",
      header = "Print the registry as JSON.",
      mixinStandardHelpOptions = true,
      description = "Print the registry as JSON (the objects you may describe).")
  static final class Dump implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      try (FeatureStore store = openStore(spec)) {
        LarderCommand.root(spec).context().out().print(store.registryDump());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "teardown",
      header = "Delete the project's online store data.",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the project's online store data. The registry, its history, runs and audit stay."
      })
  static final class Teardown implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      try (FeatureStore store = openStore(spec)) {
        int forgotten = store.teardown();
        context.out().println("Deleted the online store data at " + store.online().location());
        if (forgotten > 0) {
          context
              .out()
              .println(
                  "Forgot "
                      + Plural.of(forgotten, "materialization interval")
                      + "; 'larder materialize-incremental' starts afresh");
        }
      }
      return ExitCodes.OK;
    }
  }

  static String text(String s) {
    return s.endsWith("\n") ? s : s + "\n";
  }

  /** The {@code larder <kind>} command name of a definition kind. */
  static String commandName(DefinitionKind kind) {
    return switch (kind) {
      case ENTITY -> "entities";
      case DATA_SOURCE -> "data-sources";
      case FEATURE_VIEW -> "feature-views";
      case FEATURE_SERVICE -> "feature-services";
      case PERMISSION -> "permissions";
    };
  }
}
