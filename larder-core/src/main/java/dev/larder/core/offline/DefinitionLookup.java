package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where request resolution finds definitions: the registry when retrieving through a feature store,
 * or the repository's definition files ({@link #of(RepoDefinitions)}).
 */
public interface DefinitionLookup {
  /**
   * The feature view {@code name}: its latest version when {@code version} is {@code null}, else
   * that version; empty when there is no such view or version.
   */
  Optional<FeatureView> featureView(String name, Integer version);

  /** The names of the feature views, for suggestions in errors. */
  List<String> featureViewNames();

  /** The entity {@code name}, if defined. */
  Optional<Entity> entity(String name);

  /** The data source {@code name}, if defined. */
  Optional<DataSource> source(String name);

  /**
   * The source that {@code view}, as {@link #featureView featureView(name, version)} returned it,
   * reads: for a pinned version the source as that version recorded it. By default the source of
   * that name among the current definitions.
   */
  default Optional<DataSource> sourceOf(FeatureView view, Integer version) {
    return source(view.source());
  }

  /**
   * The entity {@code name} of {@code view}, as {@link #featureView featureView(name, version)}
   * returned it: for a pinned version the entity as that version recorded it. By default the entity
   * of that name among the current definitions.
   */
  default Optional<Entity> entityOf(FeatureView view, Integer version, String name) {
    return entity(name);
  }

  /**
   * The version numbers of the feature view {@code name}, oldest first, for errors about a version
   * that does not exist; empty when versions are not known.
   */
  default List<Integer> versionNumbers(String name) {
    return List.of();
  }

  /**
   * A lookup over definitions read from files. They hold only the current version of each view, so
   * a version pin is an error that says to retrieve through the registry.
   */
  static DefinitionLookup of(RepoDefinitions definitions) {
    return new FileDefinitions(Objects.requireNonNull(definitions, "definitions"));
  }

  /** {@link DefinitionLookup#of(RepoDefinitions)}. */
  record FileDefinitions(RepoDefinitions definitions) implements DefinitionLookup {
    @Override
    public Optional<FeatureView> featureView(String name, Integer version) {
      if (version != null) {
        throw new InvalidArgumentException(
            "feature view "
                + Echo.of(name)
                + " is pinned to version "
                + version
                + " ('"
                + name
                + "@v"
                + version
                + "'), but definitions read from the repository's files hold only its current"
                + " version",
            "Run 'larder apply' and retrieve through the registry, which keeps every version, or"
                + " drop '@v"
                + version
                + "' to use the current definition");
      }
      return definitions.featureView(name);
    }

    @Override
    public List<String> featureViewNames() {
      return definitions.names(DefinitionKind.FEATURE_VIEW);
    }

    @Override
    public Optional<Entity> entity(String name) {
      return definitions.entity(name);
    }

    @Override
    public Optional<DataSource> source(String name) {
      return definitions.source(name);
    }
  }
}
