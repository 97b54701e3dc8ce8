package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named selection of features from one or more views, the unit a model consumes.
 *
 * @param name unique among feature services
 * @param projections the views and features it takes, one or more; no two share a {@link
 *     FeatureViewProjection#nameToUse() name}
 * @param description free text ({@code ""} when absent)
 * @param tags free key-value pairs, sorted by key
 * @param owner free text ({@code ""} when absent)
 */
public record FeatureService(
    String name,
    List<FeatureViewProjection> projections,
    String description,
    Map<String, String> tags,
    String owner)
    implements Definition {

  public FeatureService {
    Names.require("feature service name", name);
    String who = Definition.label(DefinitionKind.FEATURE_SERVICE, name);
    projections = List.copyOf(Checks.required(who, "features", projections));
    if (projections.isEmpty()) {
      throw new InvalidDefinitionException(
          who + ": features is empty; list the views it uses, e.g. - feature_view: my_view");
    }
    Map<String, FeatureViewProjection> byName = new HashMap<>();
    for (FeatureViewProjection p : projections) {
      FeatureViewProjection previous = byName.put(p.nameToUse(), p);
      if (previous != null) {
        throw new InvalidDefinitionException(
            who
                + ": two projections are both named "
                + Echo.of(p.nameToUse())
                + "; merge them, or give one a name_alias");
      }
    }
    description = Checks.text(description);
    tags = Checks.textMap(who, "tag", tags);
    owner = Checks.text(owner);
  }

  @Override
  public DefinitionKind kind() {
    return DefinitionKind.FEATURE_SERVICE;
  }

  /** A builder for a service called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link FeatureService}; each setting may be given once. */
  public static final class Builder {
    private final String name;
    private final List<FeatureViewProjection> projections = new ArrayList<>();
    private String description;
    private Map<String, String> tags;
    private String owner;

    private Builder(String name) {
      this.name = name;
    }

    private String who() {
      return Definition.label(DefinitionKind.FEATURE_SERVICE, name);
    }

    /** Adds a projection; projections keep the order they are added in. */
    public Builder projection(FeatureViewProjection value) {
      projections.add(Objects.requireNonNull(value, "projection"));
      return this;
    }

    public Builder description(String value) {
      description = Checks.once(who(), "description", description, value);
      return this;
    }

    public Builder tags(Map<String, String> value) {
      tags = Checks.once(who(), "tags", tags, value);
      return this;
    }

    public Builder owner(String value) {
      owner = Checks.once(who(), "owner", owner, value);
      return this;
    }

    public FeatureService build() {
      return new FeatureService(name, projections, description, tags, owner);
    }
  }
}
