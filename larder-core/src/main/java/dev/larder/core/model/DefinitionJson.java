package dev.larder.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form of definitions, for the registry (stored snapshots, diffs, hashes) and
 * {@code registry-dump}. Writing is deterministic: fields in a fixed order, maps sorted by key,
 * every field written (absent values as {@code null}, {@code ""}, {@code []} or {@code {}}; but a
 * schema field's {@code description} and {@code tags} only when set, so that the text of views
 * written before fields had them stays the same), no whitespace; so equal definitions give equal
 * text. Reading is lossless ({@code read(write(d)).equals(d)}) and strict: an unknown field or a
 * wrong type is an error.
 *
 * <pre>
 * {"kind":"entity","name":"sample","join_keys":["sample_index"],"value_type":"INT64",
 *  "description":"","tags":{},"owner":""}
 * {"kind":"file_source","name":"s","path":"data/x.parquet","format":"parquet",
 *  "timestamp_field":"event_timestamp","created_timestamp_column":null,"field_mapping":{}}
 * {"kind":"spark_source","name":"s","table":"db.events","query":null,
 *  "timestamp_field":"event_timestamp","created_timestamp_column":null,"field_mapping":{}}
 * {"kind":"push_source","name":"p","batch_source":{...a file source without "kind"...}}
 * {"kind":"push_source","name":"p","batch_source":{"kind":"spark_source",...}}
 * {"kind":"feature_view","name":"v","entities":["sample"],"ttl":"PT0S","source":"s",
 *  "schema":[{"name":"f","dtype":"Float64"},{"name":"g","dtype":"Int64","description":"…",
 *  "tags":{"k":"v"}}],"online":true,"description":"","tags":{},"owner":""}
 * {"kind":"feature_service","name":"fs","features":[{"feature_view":"v","features":[],
 *  "version":null,"name_alias":null,"join_key_map":{}}],"description":"","tags":{},"owner":""}
 * {"kind":"permission","name":"ml-readers","types":["feature_view"],"name_patterns":["c_.*"],
 *  "required_tags":{},"actions":["describe","read_online"],"policy":{"roles":["reader"]},
 *  "description":"","tags":{}}
 * </pre>
 *
 * A whole {@link RepoDefinitions} is {@code {"entities":[…],"sources":[…],"feature_views":[…],
 * "feature_services":[…],"permissions":[…]}}; {@code types} is {@code ["all"]} for every kind.
 */
public final class DefinitionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DefinitionJson() {}

  /** The canonical JSON text of {@code definition}. */
  public static String write(Definition definition) {
    return text(toTree(definition));
  }

  /** The canonical JSON text of every definition in {@code definitions}. */
  public static String write(RepoDefinitions definitions) {
    ObjectNode root = MAPPER.createObjectNode();
    for (DefinitionKind kind : DefinitionKind.values()) {
      ArrayNode list = root.putArray(kind.section());
      for (Definition d : definitions.all()) {
        if (d.kind() == kind) {
          list.add(toTree(d));
        }
      }
    }
    return text(root);
  }

  /** Reads a definition written by {@link #write(Definition)}. */
  public static Definition read(String json) {
    return fromTree(parse(json));
  }

  /** Reads a definition of an expected type. */
  public static <T extends Definition> T read(String json, Class<T> type) {
    Definition d = read(json);
    if (!type.isInstance(d)) {
      throw new InvalidDefinitionException(
          "definition JSON holds a " + d.label() + ", not a " + type.getSimpleName());
    }
    return type.cast(d);
  }

  /** Reads definitions written by {@link #write(RepoDefinitions)} and freezes them. */
  public static RepoDefinitions readDefinitions(String json) {
    JsonFields root = new JsonFields(parse(json), "definitions JSON");
    List<String> sections = new ArrayList<>();
    for (DefinitionKind kind : DefinitionKind.values()) {
      sections.add(kind.section());
    }
    root.only(sections.toArray(String[]::new));
    RepoDefinitions.Builder builder = RepoDefinitions.builder();
    for (String section : sections) {
      for (JsonNode item : root.optionalArray(section)) {
        builder.add(fromTree(item));
      }
    }
    return builder.freeze();
  }

  /** The canonical JSON tree of {@code definition}. */
  public static ObjectNode toTree(Definition definition) {
    ObjectNode o = MAPPER.createObjectNode();
    if (definition instanceof Entity e) {
      o.put("kind", "entity").put("name", e.name());
      strings(o.putArray("join_keys"), e.joinKeys());
      o.put("value_type", e.valueType().name());
      described(o, e.description(), e.tags(), e.owner());
    } else if (definition instanceof FileSource f) {
      o.put("kind", "file_source");
      fileSource(o, f);
    } else if (definition instanceof SparkSource s) {
      o.put("kind", "spark_source");
      sparkSource(o, s);
    } else if (definition instanceof PushSource p) {
      o.put("kind", "push_source").put("name", p.name());
      ObjectNode batch = o.putObject("batch_source");
      if (p.batchSource() instanceof SparkSource s) {
        sparkSource(batch.put("kind", "spark_source"), s);
      } else {
        // a file batch source has no "kind", as before Spark sources existed
        fileSource(batch, (FileSource) p.batchSource());
      }
    } else if (definition instanceof FeatureView v) {
      o.put("kind", "feature_view").put("name", v.name());
      strings(o.putArray("entities"), v.entities());
      o.put("ttl", v.ttl().toString()).put("source", v.source());
      ArrayNode schema = o.putArray("schema");
      for (Field field : v.schema()) {
        ObjectNode f =
            schema.addObject().put("name", field.name()).put("dtype", field.dtype().spelling());
        // only when set, so that a view written before fields had them keeps its exact text
        if (!field.description().isEmpty()) {
          f.put("description", field.description());
        }
        if (!field.tags().isEmpty()) {
          map(f.putObject("tags"), field.tags());
        }
      }
      o.put("online", v.online());
      described(o, v.description(), v.tags(), v.owner());
    } else if (definition instanceof FeatureService s) {
      o.put("kind", "feature_service").put("name", s.name());
      ArrayNode features = o.putArray("features");
      for (FeatureViewProjection p : s.projections()) {
        ObjectNode item = features.addObject().put("feature_view", p.featureView());
        strings(item.putArray("features"), p.features());
        item.put("version", p.version()).put("name_alias", p.nameAlias());
        map(item.putObject("join_key_map"), p.joinKeyMap());
      }
      described(o, s.description(), s.tags(), s.owner());
    } else if (definition instanceof Permission p) {
      o.put("kind", "permission").put("name", p.name());
      strings(o.putArray("types"), p.typeSpellings());
      strings(o.putArray("name_patterns"), p.namePatterns());
      map(o.putObject("required_tags"), p.requiredTags());
      strings(o.putArray("actions"), p.actions().stream().map(AccessAction::spelling).toList());
      strings(o.putObject("policy").putArray("roles"), p.policy().roles());
      o.put("description", p.description());
      map(o.putObject("tags"), p.tags());
    }
    return o;
  }

  /** Reads a definition from its JSON tree. */
  public static Definition fromTree(JsonNode node) {
    JsonFields untitled = new JsonFields(node, "definition JSON");
    String kind = untitled.text("kind");
    JsonFields o =
        new JsonFields(
            node,
            "definition JSON for " + kind.replace('_', ' ') + " " + Echo.of(untitled.text("name")));
    switch (kind) {
      case "entity":
        o.only("kind", "name", "join_keys", "value_type", "description", "tags", "owner");
        return new Entity(
            o.text("name"),
            o.strings("join_keys"),
            ValueType.parse(o.text("value_type")),
            o.optionalText("description"),
            o.map("tags"),
            o.optionalText("owner"));
      case "file_source":
        return fileSource(o, "kind");
      case "spark_source":
        return sparkSource(o);
      case "push_source":
        o.only("kind", "name", "batch_source");
        JsonFields batch = o.object("batch_source");
        return new PushSource(
            o.text("name"),
            "spark_source".equals(batch.optionalText("kind"))
                ? sparkSource(batch)
                : fileSource(batch, null));
      case "feature_view":
        o.only(
            "kind",
            "name",
            "entities",
            "ttl",
            "source",
            "schema",
            "online",
            "description",
            "tags",
            "owner");
        List<Field> schema = new ArrayList<>();
        for (JsonNode f : o.array("schema")) {
          JsonFields field = new JsonFields(f, o.what() + " schema");
          field.only("name", "dtype", "description", "tags");
          schema.add(
              new Field(
                  field.text("name"),
                  FeatureType.parse(field.text("dtype")),
                  f.has("description") ? field.optionalText("description") : null,
                  f.has("tags") ? field.map("tags") : null));
        }
        return new FeatureView(
            o.text("name"),
            o.strings("entities"),
            o.duration("ttl"),
            o.text("source"),
            schema,
            o.bool("online"),
            o.optionalText("description"),
            o.map("tags"),
            o.optionalText("owner"));
      case "feature_service":
        o.only("kind", "name", "features", "description", "tags", "owner");
        List<FeatureViewProjection> projections = new ArrayList<>();
        for (JsonNode p : o.array("features")) {
          JsonFields item = new JsonFields(p, o.what() + " features");
          item.only("feature_view", "features", "version", "name_alias", "join_key_map");
          projections.add(
              new FeatureViewProjection(
                  item.text("feature_view"),
                  item.optionalStrings("features"),
                  item.optionalInt("version"),
                  item.optionalText("name_alias"),
                  item.map("join_key_map")));
        }
        return new FeatureService(
            o.text("name"),
            projections,
            o.optionalText("description"),
            o.map("tags"),
            o.optionalText("owner"));
      case "permission":
        o.only(
            "kind",
            "name",
            "types",
            "name_patterns",
            "required_tags",
            "actions",
            "policy",
            "description",
            "tags");
        JsonFields policy = o.object("policy");
        policy.only("roles");
        return new Permission(
            o.text("name"),
            Permission.parseTypes(o.strings("types")),
            o.strings("name_patterns"),
            o.map("required_tags"),
            Permission.parseActions(o.strings("actions")),
            new RolePolicy(policy.strings("roles")),
            o.optionalText("description"),
            o.map("tags"));
      default:
        throw new InvalidDefinitionException(
            "definition JSON has unknown kind "
                + Echo.of(kind)
                + "; expected entity, file_source, spark_source, push_source, feature_view,"
                + " feature_service or permission");
    }
  }

  private static void fileSource(ObjectNode o, FileSource f) {
    o.put("name", f.name())
        .put("path", f.path())
        .put("format", f.format().name().toLowerCase(Locale.ROOT))
        .put("timestamp_field", f.timestampField())
        .put("created_timestamp_column", f.createdTimestampColumn());
    map(o.putObject("field_mapping"), f.fieldMapping());
    if (f.datePartition() != null) {
      o.put("date_partition_column", f.datePartition().column())
          .put("date_partition_column_format", f.datePartition().format());
    }
  }

  private static FileSource fileSource(JsonFields o, String kindField) {
    List<String> keys =
        new ArrayList<>(
            List.of(
                "name",
                "path",
                "format",
                "timestamp_field",
                "created_timestamp_column",
                "field_mapping",
                "date_partition_column",
                "date_partition_column_format"));
    if (kindField != null) {
      keys.add(kindField);
    }
    o.only(keys.toArray(String[]::new));
    String format = o.text("format").toUpperCase(Locale.ROOT);
    if (!format.equals("PARQUET") && !format.equals("CSV")) {
      throw new InvalidDefinitionException(o.what() + ": format must be parquet or csv");
    }
    return new FileSource(
        o.text("name"),
        o.text("path"),
        FileFormat.valueOf(format),
        o.text("timestamp_field"),
        o.optionalText("created_timestamp_column"),
        o.map("field_mapping"),
        o.optionalText("date_partition_column") == null
            ? null
            : new DatePartition(
                o.optionalText("date_partition_column"),
                o.optionalText("date_partition_column_format")));
  }

  private static void sparkSource(ObjectNode o, SparkSource s) {
    o.put("name", s.name())
        .put("table", s.table())
        .put("query", s.query())
        .put("timestamp_field", s.timestampField())
        .put("created_timestamp_column", s.createdTimestampColumn());
    map(o.putObject("field_mapping"), s.fieldMapping());
  }

  private static SparkSource sparkSource(JsonFields o) {
    o.only(
        "kind",
        "name",
        "table",
        "query",
        "timestamp_field",
        "created_timestamp_column",
        "field_mapping");
    return new SparkSource(
        o.text("name"),
        o.optionalText("table"),
        o.optionalText("query"),
        o.text("timestamp_field"),
        o.optionalText("created_timestamp_column"),
        o.map("field_mapping"));
  }

  private static void described(
      ObjectNode o, String description, Map<String, String> tags, String owner) {
    o.put("description", description);
    map(o.putObject("tags"), tags);
    o.put("owner", owner);
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void map(ObjectNode object, Map<String, String> map) {
    new TreeMap<>(map).forEach(object::put);
  }

  private static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidDefinitionException(
          "definition JSON is not valid JSON: " + e.getOriginalMessage(),
          "The registry may be damaged; restore it or apply the definitions again",
          e);
    }
  }
}
