package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.repo.RepoConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

  /** Opens the repository {@code --repo} names, acting as the user of the environment. */
  static FeatureStore openStore(CommandSpec spec) {
    return FeatureStore.open(repoDir(spec), LarderCommand.root(spec).context().principal());
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = "Show what apply would create, update or delete in the registry.")
  static final class Plan implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      try (FeatureStore store = openStore(spec)) {
        LarderCommand.root(spec).context().out().print(text(store.plan().text()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Apply the repository's definitions to the registry (atomically).")
  static final class Apply implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      try (FeatureStore store = openStore(spec)) {
        ApplyResult result = store.apply();
        context.out().print(text(result.diff().text()));
        if (result.committed()) {
          context.out().printf("Applied: registry at revision %d%n", result.revision());
        }
        for (FeatureViewVersion v : result.newVersions()) {
          context
              .out()
              .printf("feature view %s is now %s (%s)%n", v.view(), v.label(), v.summary());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "registry-dump",
      mixinStandardHelpOptions = true,
      description = "Print the registry as JSON (the objects you may describe).")
  static final class Dump implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      try (FeatureStore store = openStore(spec)) {
        LarderCommand.root(spec).context().out().println(store.registryDump());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "teardown",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the project's online store data. The registry, its history, runs and audit stay."
      })
  static final class Teardown implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
      RepoConfig config = RepoConfig.load(repoDir(spec));
      CliContext context = LarderCommand.root(spec).context();
      if (!"sqlite".equals(config.onlineStore().type())) {
        throw new dev.larder.core.InvalidArgumentException(
            "teardown knows the sqlite online store, but online_store.type is '"
                + config.onlineStore().type()
                + "'",
            "Delete that store's data with its own tools");
      }
      Path db = config.onlineStore().path("path").orElseThrow();
      boolean deleted = false;
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        deleted |= java.nio.file.Files.deleteIfExists(Path.of(db + suffix));
      }
      context
          .out()
          .println(
              deleted
                  ? "Deleted the online store data at " + db
                  : "No online store data at " + db + "; nothing to delete");
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
