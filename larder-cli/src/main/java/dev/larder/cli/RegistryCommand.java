package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryExport;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder registry copy --to TARGET}: moving a project's registry to another backend. */
@Command(
    name = "registry",
    header = "Copy the registry to another backend.",
    mixinStandardHelpOptions = true,
    description = "Move the project's registry to another backend (see 'registry copy --help').",
    subcommands = {RegistryCommand.Copy.class})
final class RegistryCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "larder registry needs a subcommand: copy");
  }

  @Command(
      name = "copy",
      header = "Copy the whole registry, history included, to TARGET.",
      mixinStandardHelpOptions = true,
      description = {
        "Copy the project's whole registry from the repository's registry to TARGET: every",
        "revision (time, author, summary), the objects with their created and last_updated",
        "times, every feature view version, every materialization interval, every training run",
        "and the whole audit log, with their original times. Leases are not copied. Lineage,",
        "versions, runs, audit and registry-dump then read the same from TARGET. The copy is",
        "written in one atomic step, only into a project that holds nothing there yet (else",
        "exit 1, nothing written); the source is only read. Then point registry: in",
        "feature_store.yaml at TARGET. Not governed by permissions (like audit): whoever can",
        "read the registry can copy it."
      })
  static final class Copy implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "TARGET",
        description = {
          "Where to copy to. A path ending in .yaml or .yml: a file with a registry: section in",
          "feature_store.yaml's syntax, or a whole feature_store.yaml (only its registry: is",
          "read; relative paths in it are relative to its folder). A postgresql://… URL: that",
          "PostgreSQL registry (registry_type sql). Anything else: the path of a SQLite",
          "registry file, relative to the working directory."
        })
    String to;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      RepoConfig config = RepoConfig.load(RepoCommands.repoDir(spec));
      config.warnings().forEach(context::warn);
      StoreConfig target = target(context);
      try (Registry source = Registry.open(config);
          RegistryStore destination = RegistryStore.open(config.withRegistry(target))) {
        RegistryExport copied = source.copyTo(destination);
        context
            .out()
            .printf(
                "Copied project %s from %s to %s: %s.%n",
                Echo.of(config.project()),
                source.location(),
                destination.location(),
                copied.summary());
        context
            .out()
            .println(
                "The source is unchanged. To use the copy, point registry: in "
                    + RepoConfig.FILE
                    + " at it.");
      }
      return ExitCodes.OK;
    }

    /** {@code --to} read as a YAML file, a PostgreSQL URL or a SQLite path. */
    private StoreConfig target(CliContext context) {
      if (to.isBlank()) {
        throw new ParameterException(
            spec.commandLine(), "--to is empty; give a YAML file, a postgresql:// URL or a path");
      }
      String lower = to.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        Path file;
        try {
          file = context.resolve(Path.of(to));
        } catch (InvalidPathException e) {
          throw new ParameterException(
              spec.commandLine(),
              "--to " + Echo.of(to) + " is not a valid path (" + e.getReason() + ")");
        }
        return RepoConfig.registrySection(file);
      }
      return RepoConfig.registryAt(to, context.workDir(), "--to");
    }
  }
}
