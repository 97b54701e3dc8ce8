package dev.larder.ui.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.Entity;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The online lookup form as a {@code POST /get-online-features} request body (DESIGN B7): the
 * features ({@code view:feature}, one per line or separated by commas) or a feature service, the
 * entity keys ({@code sample_index=1,2,3}, one join key per line) and full feature names. A key's
 * values are typed as its entity declares ({@code value_type}), as a JSON client would send them; a
 * value that does not fit goes as text, so that the API's own error names it.
 *
 * @param features the features text as typed (may be empty when a service is chosen)
 * @param service the chosen feature service, or {@code ""}
 * @param entities the entity keys text as typed
 * @param fullFeatureNames whether to ask for {@code view__feature} names
 */
public record LookupRequest(
    String features, String service, String entities, boolean fullFeatureNames) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public LookupRequest {
    features = Objects.requireNonNullElse(features, "");
    service = Objects.requireNonNullElse(service, "").strip();
    entities = Objects.requireNonNullElse(entities, "");
  }

  /** The feature references typed, in order. */
  public List<String> featureList() {
    List<String> out = new ArrayList<>();
    for (String part : features.split("[,\\s]+")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /**
   * The entity keys typed: each non-blank line {@code KEY=V1,V2,…}, in order, values as text.
   *
   * @throws InvalidArgumentException for a line without {@code =} or without a key
   */
  public Map<String, List<String>> entityColumns() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : entities.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || line.substring(0, eq).isBlank()) {
        throw new InvalidArgumentException(
            "entity line " + Echo.of(line.strip()) + " is not KEY=VALUE,VALUE,…",
            "Write one join key per line, e.g. sample_index=1,2,3");
      }
      List<String> values = new ArrayList<>();
      for (String v : line.substring(eq + 1).split(",", -1)) {
        values.add(v.strip());
      }
      out.put(line.substring(0, eq).strip(), values);
    }
    return out;
  }

  /** The request body the HTTP API would receive for this form. */
  public byte[] body(RepoDefinitions definitions) {
    ObjectNode root = MAPPER.createObjectNode();
    if (!service.isEmpty()) {
      root.put("feature_service", service);
    } else {
      ArrayNode list = root.putArray("features");
      featureList().forEach(list::add);
    }
    Map<String, ValueType> types = new HashMap<>();
    for (Entity e : definitions.entities()) {
      e.joinKeys().forEach(k -> types.putIfAbsent(k, e.valueType()));
    }
    ObjectNode columns = root.putObject("entities");
    entityColumns()
        .forEach(
            (key, values) -> {
              ArrayNode column = columns.putArray(key);
              values.forEach(v -> typed(column, v, types.get(key)));
            });
    root.put("full_feature_names", fullFeatureNames);
    try {
      return MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  private static void typed(ArrayNode column, String text, ValueType type) {
    if (type == null) {
      column.add(text);
      return;
    }
    try {
      switch (type) {
        case INT32, INT64, UNIX_TIMESTAMP -> column.add(Long.parseLong(text));
        case FLOAT32, FLOAT64 -> column.add(Double.parseDouble(text));
        case BOOL -> {
          if (text.equals("true") || text.equals("false")) {
            column.add(Boolean.parseBoolean(text));
          } else {
            column.add(text);
          }
        }
        case STRING, BYTES -> column.add(text);
      }
    } catch (NumberFormatException e) {
      column.add(text);
    }
  }
}
