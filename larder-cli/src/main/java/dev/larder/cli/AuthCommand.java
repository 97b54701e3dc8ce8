package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.FeatureStore;
import dev.larder.core.access.ApiKey;
import dev.larder.core.access.ApiKeyFile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code larder auth add-key|list|revoke}: the feature server's API keys, in the keys file that
 * {@code auth: {type: api_key, keys_file: …}} names. Local administration: whoever can write the
 * repository's files may manage keys; permissions do not govern it. Each change is audited.
 */
@Command(
    name = "auth",
    header = "Manage the feature server's API keys.",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the feature server's API keys (auth: {type: api_key, keys_file: …} in",
      "feature_store.yaml). The keys file holds salted hashes only; a key is shown once, when",
      "it is added. Not governed by permissions: whoever can write the repository manages keys."
    },
    subcommands = {AuthCommand.AddKey.class, AuthCommand.ListKeys.class, AuthCommand.Revoke.class})
final class AuthCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "larder auth needs a subcommand: add-key, list or revoke");
  }

  @Command(
      name = "add-key",
      header = "Add an API key.",
      mixinStandardHelpOptions = true,
      description = {
        "Add an API key: the server then acts as user NAME with the given roles for requests",
        "that send 'Authorization: Bearer <key>'. The key is printed once, alone on the last",
        "line; only its salted hash is stored."
      })
  static final class AddKey implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The key's name, the user it acts as.")
    String name;

    @Option(
        names = "--roles",
        split = ",",
        paramLabel = "ROLE",
        description = "Its roles, comma-separated (default: none).")
    List<String> roles = new ArrayList<>();

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      try (FeatureStore store = RepoCommands.openStore(spec)) {
        ApiKeyFile file = ApiKeyFile.of(store.config());
        ApiKeyFile.NewKey added =
            store.audited(
                "auth add-key",
                List.of("api_key:" + name),
                () -> file.add(name, roles, Clock.systemUTC()),
                k -> "roles: " + rolesText(k.stored()));
        if (added.stored().roles().isEmpty()) {
          context.warn(
              "key "
                  + Echo.of(name)
                  + " has no roles; once permissions are defined it is allowed nothing (add one"
                  + " with --roles)");
        }
        context
            .out()
            .printf(
                "Added API key '%s' (roles: %s) to %s.%n",
                name, rolesText(added.stored()), file.path());
        context
            .out()
            .println("It is shown this once; send it as 'Authorization: Bearer <key>'. The key:");
        context.out().println(added.key());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      header = "List the API keys (names and roles, never the keys).",
      mixinStandardHelpOptions = true,
      description = "List the API keys: names, roles and when each was added (never the keys).")
  static final class ListKeys implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      try (FeatureStore store = RepoCommands.openStore(spec)) {
        ApiKeyFile file = ApiKeyFile.of(store.config());
        TextTable table = new TextTable("NAME", "ROLES", "CREATED");
        for (ApiKey k : file.read().keys()) {
          table.row(k.name(), String.join(",", k.roles()), TextTable.time(k.created()));
        }
        table.print(context.out());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "revoke",
      header = "Remove an API key.",
      mixinStandardHelpOptions = true,
      description = "Remove an API key; a running server refuses it within a second.")
  static final class Revoke implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The key's name.")
    String name;

    @Override
    public Integer call() {
      CliContext context = LarderCommand.root(spec).context();
      try (FeatureStore store = RepoCommands.openStore(spec)) {
        ApiKeyFile file = ApiKeyFile.of(store.config());
        ApiKey removed =
            store.audited(
                "auth revoke",
                List.of("api_key:" + name),
                () -> file.revoke(name),
                k -> "roles: " + rolesText(k));
        context
            .out()
            .printf(
                "Revoked API key '%s' (roles: %s); a running server refuses it within a second.%n",
                removed.name(), rolesText(removed));
      }
      return ExitCodes.OK;
    }
  }

  private static String rolesText(ApiKey key) {
    return key.roles().isEmpty() ? "none" : String.join(", ", key.roles());
  }
}
