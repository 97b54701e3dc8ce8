package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.model.Entity;
import dev.larder.core.model.ValueType;
import dev.larder.server.OnlineFeaturesJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder get-online-features}: an online read, printed as exactly the JSON that {@code POST
 * /get-online-features} answers (DESIGN B7), on one line.
 */
@Command(
    name = "get-online-features",
    header = "Read features from the online store as JSON.",
    mixinStandardHelpOptions = true,
    description = {
      "Read features from the online store for the given entity keys and print the JSON of the",
      "feature server's /get-online-features: join keys first, then the features in request",
      "order, each with values, statuses (PRESENT, NOT_FOUND, NULL_VALUE, OUTSIDE_MAX_AGE) and",
      "event timestamps."
    })
final class GetOnlineFeaturesCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(
        names = "--features",
        split = ",",
        paramLabel = "VIEW:FEATURE",
        description = "Feature references, comma-separated.")
    List<String> features;

    @Option(names = "--feature-service", paramLabel = "NAME", description = "A feature service.")
    String service;
  }

  @Option(
      names = "--entity",
      required = true,
      paramLabel = "KEY=V1,V2",
      description = {
        "A join key and its values, one per entity row (repeat for composite keys);",
        "values take the type of the key's entity (value_type)."
      })
  List<String> entities;

  @Option(names = "--full-feature-names", description = "Name features view__feature.")
  boolean fullFeatureNames;

  @Override
  public Integer call() throws IOException {
    CliContext context = LarderCommand.root(spec).context();
    Map<String, List<String>> given = parseEntities();
    FeatureSelection what =
        selection.service != null
            ? FeatureSelection.service(selection.service)
            : FeatureSelection.of(selection.features);
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      Map<String, ValueType> types = new HashMap<>();
      for (Entity e : store.snapshot().definitions().entities()) {
        e.joinKeys().forEach(k -> types.putIfAbsent(k, e.valueType()));
      }
      Map<String, List<Object>> columns = new LinkedHashMap<>();
      given.forEach((key, texts) -> columns.put(key, typed(texts, types.get(key))));
      byte[] json =
          OnlineFeaturesJson.toBytes(store.getOnlineFeatures(what, columns, fullFeatureNames));
      context.out().write(json);
      context.out().println();
    }
    return ExitCodes.OK;
  }

  /** {@code --entity KEY=V1,V2 …} as key → texts, in the order given. */
  private Map<String, List<String>> parseEntities() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String entity : entities) {
      int eq = entity.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--entity " + Echo.of(entity) + " is not KEY=V1,V2,…; e.g. --entity sample_index=1,2");
      }
      String key = entity.substring(0, eq);
      List<String> values = Arrays.asList(entity.substring(eq + 1).split(",", -1));
      if (out.putIfAbsent(key, values) != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--entity " + key + " is given twice; give all its values once: " + key + "=V1,V2");
      }
    }
    return out;
  }

  /**
   * The texts as values of the join key's declared type, where they parse as one; otherwise as
   * text, so that the read's own check names the key, the value and the type.
   */
  private static List<Object> typed(List<String> texts, ValueType type) {
    List<Object> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(type == null ? t : typed(t, type));
    }
    return out;
  }

  private static Object typed(String text, ValueType type) {
    try {
      return switch (type) {
        case INT32, INT64, UNIX_TIMESTAMP -> Long.parseLong(text.strip());
        case FLOAT32, FLOAT64 -> Double.parseDouble(text.strip());
        case BOOL ->
            text.strip().equalsIgnoreCase("true")
                ? Boolean.TRUE
                : text.strip().equalsIgnoreCase("false") ? Boolean.FALSE : text;
        case STRING, BYTES -> text;
      };
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
