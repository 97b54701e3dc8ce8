package dev.larder.core.lineage;

import dev.larder.core.model.DataSource;
import dev.larder.core.model.FeatureService;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RecordedRun;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a lineage graph. Its {@link #id()} is unique in the graph and stable: {@code
 * source:NAME}, {@code view:NAME@vN}, {@code service:NAME}, {@code run:ID}, {@code model:ID}.
 */
public sealed interface LineageNode {
  /** The node's id in the graph. */
  String id();

  NodeKind kind();

  /** The name of the source, view, service or run; for a model, its run folder. */
  String name();

  /** A short label for people: the name, with the version for a view ({@code view v2}). */
  default String label() {
    return name();
  }

  /**
   * A data source.
   *
   * @param definition as the registry defines it now, or as the last view version that read it
   *     recorded it
   * @param current whether the registry defines it now
   */
  record Source(DataSource definition, boolean current) implements LineageNode {
    public Source {
      Objects.requireNonNull(definition, "definition");
    }

    @Override
    public String id() {
      return "source:" + definition.name();
    }

    @Override
    public NodeKind kind() {
      return NodeKind.SOURCE;
    }

    @Override
    public String name() {
      return definition.name();
    }
  }

  /**
   * One version of a feature view.
   *
   * @param version the version, with the view, source and entities it fixed
   * @param current whether it is the latest version of a view the registry defines now
   */
  record View(FeatureViewVersion version, boolean current) implements LineageNode {
    public View {
      Objects.requireNonNull(version, "version");
    }

    @Override
    public String id() {
      return "view:" + version.view() + "@" + version.label();
    }

    @Override
    public NodeKind kind() {
      return NodeKind.VIEW;
    }

    @Override
    public String name() {
      return version.view();
    }

    @Override
    public String label() {
      return version.view() + " " + version.label();
    }
  }

  /**
   * A feature service.
   *
   * @param name its name
   * @param definition as the registry defines it now; empty when only a recorded run names it
   */
  record Service(String name, Optional<FeatureService> definition) implements LineageNode {
    public Service {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(definition, "definition");
    }

    @Override
    public String id() {
      return "service:" + name;
    }

    @Override
    public NodeKind kind() {
      return NodeKind.SERVICE;
    }
  }

  /**
   * A recorded training run.
   *
   * @param run what the registry recorded
   */
  record Run(RecordedRun run) implements LineageNode {
    public Run {
      Objects.requireNonNull(run, "run");
    }

    @Override
    public String id() {
      return "run:" + run.id();
    }

    @Override
    public NodeKind kind() {
      return NodeKind.RUN;
    }

    @Override
    public String name() {
      return run.id();
    }
  }

  /**
   * The model a training run produced, in its run folder.
   *
   * @param run the run that trained it
   */
  record Model(RecordedRun run) implements LineageNode {
    public Model {
      Objects.requireNonNull(run, "run");
    }

    @Override
    public String id() {
      return "model:" + run.id();
    }

    @Override
    public NodeKind kind() {
      return NodeKind.MODEL;
    }

    @Override
    public String name() {
      return run.runPath();
    }
  }
}
