package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.FeatureView;
import dev.larder.core.time.IsoTimes;
import java.util.Objects;
import java.util.Optional;

/**
 * One applied object as the list and describe commands show it.
 *
 * @param definition the definition
 * @param metadata when it was created and last updated
 * @param latestVersion for a feature view, its current version
 */
public record RegistryEntry(
    Definition definition, ObjectMetadata metadata, Optional<FeatureViewVersion> latestVersion) {
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  public RegistryEntry {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(latestVersion, "latestVersion");
  }

  /** The entry of {@code definition}, which must be applied in {@code snapshot}. */
  public static RegistryEntry of(RegistrySnapshot snapshot, Definition definition) {
    return new RegistryEntry(
        definition,
        snapshot.metadata(definition),
        definition instanceof FeatureView v ? snapshot.latestVersion(v.name()) : Optional.empty());
  }

  /**
   * The entry as {@code larder <kind> describe NAME} prints it (and the web UI shows it): the
   * definition's fields as YAML, then {@code created}, {@code last_updated} and, for a feature
   * view, its current {@code version}.
   */
  public String describeYaml() {
    ObjectNode node = DefinitionJson.toTree(definition);
    node.put("created", IsoTimes.format(metadata.created()));
    node.put("last_updated", IsoTimes.format(metadata.lastUpdated()));
    latestVersion.ifPresent(v -> node.put("version", v.label()));
    try {
      return YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a definition could not be written as YAML", e);
    }
  }
}
