package dev.larder.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * One notice of a commit, as a commit sends it on {@link PostgresRegistryStore#CHANNEL}: {@code
 * {"schema": "public", "project": "shop", "revision": 7}}. The channel is the database's, shared by
 * every schema and project in it, so a listener keeps only the notices of its own.
 *
 * @param schema the schema of the committed registry's tables
 * @param project the project committed
 * @param revision the revision committed
 */
record PostgresNotice(String schema, String project, long revision) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The notice in {@code payload}; empty for a payload of another shape (another writer's). */
  static Optional<PostgresNotice> parse(String payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload == null ? "" : payload);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (root == null
        || !root.path("schema").isTextual()
        || !root.path("project").isTextual()
        || !root.path("revision").canConvertToLong()) {
      return Optional.empty();
    }
    return Optional.of(
        new PostgresNotice(
            root.get("schema").textValue(),
            root.get("project").textValue(),
            root.get("revision").longValue()));
  }

  /** Whether this notice is of the registry of {@code project} in {@code schema}. */
  boolean isOf(String schema, String project) {
    return this.schema.equals(schema) && this.project.equals(project);
  }
}
