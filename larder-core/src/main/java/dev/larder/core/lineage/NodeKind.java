package dev.larder.core.lineage;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.util.Locale;

/**
 * The kinds of node in a lineage graph, in pipeline order: data source → feature view (version) →
 * feature service → training run → model.
 */
public enum NodeKind {
  SOURCE("source", "data_source", "data source"),
  VIEW("view", "feature_view", "feature view"),
  SERVICE("service", "feature_service", "feature service"),
  RUN("run", "training_run", "training run"),
  MODEL("model", "model", "model");

  private final String option;
  private final String jsonName;
  private final String label;

  NodeKind(String option, String jsonName, String label) {
    this.option = option;
    this.jsonName = jsonName;
    this.label = label;
  }

  /** As {@code --kind} spells it: {@code source}, {@code view}, {@code service}, {@code run}. */
  public String option() {
    return option;
  }

  /** As the lineage JSON spells it: {@code data_source}, {@code feature_view}, … */
  public String jsonName() {
    return jsonName;
  }

  /** For people: {@code data source}, {@code feature view}, … */
  public String label() {
    return label;
  }

  /**
   * The kind {@code text} names, as {@code --kind} takes it: {@code source}, {@code view}, {@code
   * service} or {@code run} (a model is named by its run).
   */
  public static NodeKind parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    for (NodeKind kind : values()) {
      if (kind != MODEL && (kind.option.equals(t) || kind.jsonName.equals(t))) {
        return kind;
      }
    }
    throw new InvalidArgumentException(
        "lineage kind " + Echo.of(text) + " is not one of source, view, service, run",
        t.equals("model")
            ? "A model is named by its training run: use --kind run and the run id"
            : null);
  }
}
