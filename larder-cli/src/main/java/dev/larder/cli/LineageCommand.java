package dev.larder.cli;

import dev.larder.core.FeatureStore;
import dev.larder.core.lineage.LineageFormat;
import dev.larder.core.lineage.NodeKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder lineage NAME}: where something in the registry came from and what came of it. */
@Command(
    name = "lineage",
    header = "Show what something came from and what came of it.",
    mixinStandardHelpOptions = true,
    description = {
      "Print the lineage of a data source, feature view, feature service or training run: what it",
      "was made from and what was made from it, as source -> feature view (version) -> feature",
      "service -> training runs -> models (run folders). A feature view shows every version."
    })
final class LineageCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "NAME",
      description = "A data source, feature view or feature service name, or a run id.")
  String name;

  @Option(
      names = "--kind",
      paramLabel = "source|view|service|run",
      description = "What NAME names, when two kinds of thing share the name.")
  String kind;

  @Option(
      names = "--format",
      paramLabel = "text|json|dot|mermaid",
      description =
          "text (default), json (nodes and edges; see README), dot (Graphviz) or mermaid"
              + " (flowchart LR).")
  String format;

  @Override
  public Integer call() {
    NodeKind nodeKind = kind == null ? null : OptionValues.parse(spec, () -> NodeKind.parse(kind));
    LineageFormat lineageFormat =
        format == null
            ? LineageFormat.TEXT
            : OptionValues.parse(spec, () -> LineageFormat.parse(format));
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      LarderCommand.root(spec)
          .context()
          .out()
          .print(lineageFormat.render(store.lineage(name, nodeKind)));
    }
    return ExitCodes.OK;
  }
}
