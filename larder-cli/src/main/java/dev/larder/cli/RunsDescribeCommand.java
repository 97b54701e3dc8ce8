package dev.larder.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.larder.core.Echo;
import dev.larder.core.FeatureStore;
import dev.larder.core.JsonOutput;
import dev.larder.core.registry.RecordedRunJson;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder runs describe ID}: everything the registry recorded about one training run. */
@Command(
    name = "describe",
    header = "Show everything recorded about one training run.",
    mixinStandardHelpOptions = true,
    description = {
      "Show everything recorded about a training run: time, user, feature service, every",
      "feature with its view version, sources, as-of time, entity rows (count, SHA-256), training",
      "data (rows, SHA-256), model and model spec, test metrics, run folder."
    })
final class RunsDescribeCommand implements Callable<Integer> {
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The run's id (see 'larder runs list').")
  String id;

  @Option(
      names = "--format",
      paramLabel = "yaml|json",
      description = "yaml (default) or json (the registry's record, as documented in the README).")
  String format = "yaml";

  @Override
  public Integer call() {
    if (!format.equals("yaml") && !format.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--format must be yaml or json, got " + Echo.of(format));
    }
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      ObjectNode run = RecordedRunJson.toTree(store.run(id));
      String text = format.equals("json") ? JsonOutput.pretty(run) : YAML.writeValueAsString(run);
      LarderCommand.root(spec).context().out().print(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return ExitCodes.OK;
  }
}
