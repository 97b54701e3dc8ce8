package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a feature view version fixes: the view, the source it reads and its entities, as they
 * were when the version was recorded — enough to read that version's data later (its schema,
 * source, keys and ttl). Its canonical JSON text is
 *
 * <pre>{"feature_view":{…},"source":{…},"entities":[{…},…]}</pre>
 *
 * with each definition in {@code DefinitionJson} form; {@link #sha256()} hashes that text. A
 * definition read back from the registry keeps the exact text it was stored with, so its hash never
 * changes.
 *
 * <p>A view needs a new version when {@link #changesFrom} finds a change: in the view's {@code
 * schema}, {@code entities}, {@code ttl} or {@code source}, in any field of its source, or in the
 * {@code join_keys} or {@code value_type} of one of its entities. Descriptions, tags, owners and
 * {@code online} do not make versions, nor do a feature's own description and tags.
 */
public final class VersionedDefinition {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> VIEW_FIELDS = Set.of("schema", "entities", "ttl", "source");
  private static final Set<String> ENTITY_FIELDS = Set.of("join_keys", "value_type");

  private final FeatureView featureView;
  private final DataSource source;
  private final List<Entity> entities;
  private final String json;

  private VersionedDefinition(
      FeatureView featureView, DataSource source, List<Entity> entities, String json) {
    this.featureView = featureView;
    this.source = source;
    this.entities = List.copyOf(entities);
    this.json = json;
  }

  /** The versioned definition of {@code view} as {@code definitions} define it now. */
  public static VersionedDefinition of(FeatureView view, RepoDefinitions definitions) {
    DataSource source = definitions.sourceOf(view);
    List<Entity> entities = definitions.entitiesOf(view);
    ObjectNode root = MAPPER.createObjectNode();
    root.set("feature_view", DefinitionJson.toTree(view));
    root.set("source", DefinitionJson.toTree(source));
    ArrayNode list = root.putArray("entities");
    entities.forEach(e -> list.add(DefinitionJson.toTree(e)));
    return new VersionedDefinition(view, source, entities, root.toString());
  }

  /** Reads the canonical JSON text of a versioned definition, keeping the text as it is. */
  public static VersionedDefinition parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidDefinitionException(
          "feature view version JSON is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    if (root == null || !root.isObject() || !root.path("entities").isArray()) {
      throw new InvalidDefinitionException(
          "feature view version JSON must be {\"feature_view\":…,\"source\":…,\"entities\":[…]},"
              + " got "
              + json);
    }
    FeatureView view = expect(root.path("feature_view"), FeatureView.class);
    DataSource source = expect(root.path("source"), DataSource.class);
    List<Entity> entities = new ArrayList<>();
    root.path("entities").forEach(e -> entities.add(expect(e, Entity.class)));
    if (!source.name().equals(view.source())
        || !entities.stream().map(Entity::name).toList().equals(view.entities())) {
      throw new InvalidDefinitionException(
          "feature view version JSON of "
              + Echo.of(view.name())
              + " holds a source or entities that the view does not use");
    }
    return new VersionedDefinition(view, source, entities, json);
  }

  private static <T> T expect(JsonNode node, Class<T> type) {
    Object d = DefinitionJson.fromTree(node);
    if (!type.isInstance(d)) {
      throw new InvalidDefinitionException(
          "feature view version JSON holds " + node + " where a " + type.getSimpleName() + " goes");
    }
    return type.cast(d);
  }

  public FeatureView featureView() {
    return featureView;
  }

  public DataSource source() {
    return source;
  }

  /** The view's entities in its order. */
  public List<Entity> entities() {
    return entities;
  }

  /** The canonical JSON text. */
  public String json() {
    return json;
  }

  /** The SHA-256 of {@link #json()} (UTF-8) in lower-case hex. */
  public String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(json.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The changes from {@code previous} that make a new version (empty: none): the view's fields
   * {@code schema}, {@code entities}, {@code ttl}, {@code source}; then, when the source has the
   * same name, each changed field of it as {@code source.<field>}; then, for entities of the same
   * name, {@code entities.<name>.join_keys} and {@code .value_type}.
   */
  public List<FieldChange> changesFrom(VersionedDefinition previous) {
    List<FieldChange> out = new ArrayList<>();
    for (FieldChange c : FieldChanges.between(tree(previous.featureView), tree(featureView))) {
      if (VIEW_FIELDS.contains(c.topField()) && !c.isFeatureText()) {
        out.add(c);
      }
    }
    if (previous.source.name().equals(source.name())) {
      for (FieldChange c : FieldChanges.between(tree(previous.source), tree(source))) {
        out.add(c.prefixed("source."));
      }
    }
    for (Entity entity : entities) {
      Optional<Entity> old =
          previous.entities.stream().filter(e -> e.name().equals(entity.name())).findFirst();
      if (old.isPresent()) {
        for (FieldChange c : FieldChanges.between(tree(old.get()), tree(entity))) {
          if (ENTITY_FIELDS.contains(c.topField())) {
            out.add(c.prefixed("entities." + entity.name() + "."));
          }
        }
      }
    }
    return out;
  }

  private static ObjectNode tree(Definition definition) {
    return DefinitionJson.toTree(definition);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedDefinition other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json;
  }
}
