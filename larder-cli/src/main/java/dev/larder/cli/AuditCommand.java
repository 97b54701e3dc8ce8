package dev.larder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.Echo;
import dev.larder.core.FeatureStore;
import dev.larder.core.JsonOutput;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder audit [--since TIME] [--format table|json]}: the audit log of the registry
 * database, oldest first. Local administration, not governed by permissions.
 */
@Command(
    name = "audit",
    header = "Print the audit log.",
    mixinStandardHelpOptions = true,
    description = {
      "Print the audit log: every apply, materialization, push, write to the online store,",
      "permission denial and API key change, with who, when, which objects and the outcome.",
      "Not governed by permissions: whoever can read the repository's registry reads it."
    })
final class AuditCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Only entries at or after TIME (ISO-8601; no offset means UTC).")
  String since;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format = "table";

  @Override
  public Integer call() throws IOException {
    CliContext context = LarderCommand.root(spec).context();
    if (!format.equals("table") && !format.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--format " + Echo.of(format) + " is not valid; use table or json");
    }
    Instant from =
        since == null ? null : OptionValues.parse(spec, () -> IsoTimes.parse("--since", since));
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      List<AuditEntry> entries = store.audit(from);
      if (format.equals("json")) {
        ArrayNode list = JSON.createArrayNode();
        for (AuditEntry e : entries) {
          ObjectNode o = list.addObject().put("at", IsoTimes.format(e.at())).put("user", e.user());
          e.roles().forEach(o.putArray("roles")::add);
          o.put("action", e.action());
          e.objects().forEach(o.putArray("objects")::add);
          o.put("outcome", e.outcome().spelling()).put("detail", e.detail());
        }
        context.out().print(JsonOutput.pretty(list));
      } else {
        TextTable table =
            new TextTable("TIME", "USER", "ROLES", "ACTION", "OUTCOME", "OBJECTS", "DETAIL");
        for (AuditEntry e : entries) {
          table.row(
              TextTable.time(e.at()),
              e.user(),
              String.join(",", e.roles()),
              e.action(),
              e.outcome().spelling(),
              String.join(",", e.objects()),
              e.detail());
        }
        table.print(context.out());
      }
    }
    return ExitCodes.OK;
  }
}
