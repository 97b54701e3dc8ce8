package dev.larder.core.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.Field;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Permission;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.SparkSource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes definitions as a definitions file in the form {@link DefinitionLoader} reads (DESIGN B4),
 * laid out as {@code larder init} writes them: one item per object, short lists and maps in flow
 * style, each feature of a schema on one line. Loading what this writes gives the same definitions.
 */
public final class DefinitionYaml {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Text YAML reads back as the same string without quotes, in block and flow context alike. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");

  /** Plain words that YAML would read as booleans or null. */
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "y", "n", "on", "off", "null");

  private static final Pattern TTL = Pattern.compile("\\d+[smhd]");

  private DefinitionYaml() {}

  /**
   * The definitions of {@code kind} in {@code definitions} as one definitions file (its section
   * alone), or {@code ""} when there are none.
   */
  public static String write(RepoDefinitions definitions, DefinitionKind kind) {
    StringBuilder out = new StringBuilder();
    switch (kind) {
      case ENTITY -> definitions.entities().forEach(e -> entity(out, e));
      case DATA_SOURCE -> definitions.sources().forEach(s -> source(out, s, definitions));
      case FEATURE_VIEW -> definitions.featureViews().forEach(v -> view(out, v));
      case FEATURE_SERVICE -> definitions.featureServices().forEach(s -> service(out, s));
      case PERMISSION -> definitions.permissions().forEach(p -> permission(out, p));
    }
    return out.isEmpty() ? "" : kind.section() + ":\n" + out;
  }

  /**
   * A feature view's ttl as definitions files write it: {@code 0}, a whole number of days, hours,
   * minutes or seconds ({@code 1d}, {@code 90m}), or ISO-8601 for fractions of a second.
   */
  public static String ttl(Duration ttl) {
    if (ttl.isZero()) {
      return "0";
    }
    if (ttl.getNano() != 0) {
      return ttl.toString();
    }
    long s = ttl.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static void entity(StringBuilder out, Entity e) {
    out.append("  - name: ").append(scalar(e.name())).append('\n');
    line(out, "join_keys", list(e.joinKeys()));
    line(out, "value_type", e.valueType().name());
    described(out, e.description(), e.tags(), e.owner());
  }

  private static void source(StringBuilder out, DataSource source, RepoDefinitions all) {
    out.append("  - name: ").append(scalar(source.name())).append('\n');
    if (source instanceof PushSource push) {
      line(out, "type", "push");
      BatchSource batch = push.batchSource();
      if (all.source(batch.name()).filter(batch::equals).isPresent()) {
        line(out, "batch_source", scalar(batch.name()));
      } else {
        out.append("    batch_source:\n");
        out.append("      name: ").append(scalar(batch.name())).append('\n');
        batchFields(out, batch, "      ");
      }
    } else {
      batchFields(out, (BatchSource) source, "    ");
    }
  }

  private static void batchFields(StringBuilder out, BatchSource source, String indent) {
    if (source instanceof FileSource f) {
      out.append(indent).append("type: file\n");
      out.append(indent).append("path: ").append(scalar(f.path())).append('\n');
      timestamps(out, indent, f.timestampField(), f.createdTimestampColumn(), f.fieldMapping());
      if (f.datePartition() != null) {
        out.append(indent)
            .append("date_partition_column: ")
            .append(scalar(f.datePartition().column()))
            .append('\n');
        out.append(indent)
            .append("date_partition_column_format: ")
            .append(scalar(f.datePartition().format()))
            .append('\n');
      }
    } else if (source instanceof SparkSource s) {
      out.append(indent).append("type: spark\n");
      if (s.table() != null) {
        out.append(indent).append("table: ").append(scalar(s.table())).append('\n');
      }
      if (s.query() != null) {
        out.append(indent).append("query: ").append(scalar(s.query())).append('\n');
      }
      timestamps(out, indent, s.timestampField(), s.createdTimestampColumn(), s.fieldMapping());
    } else {
      throw new IllegalArgumentException("unknown batch source " + source.getClass());
    }
  }

  private static void timestamps(
      StringBuilder out,
      String indent,
      String timestampField,
      String created,
      Map<String, String> fieldMapping) {
    out.append(indent).append("timestamp_field: ").append(scalar(timestampField)).append('\n');
    if (created != null) {
      out.append(indent).append("created_timestamp_column: ").append(scalar(created)).append('\n');
    }
    if (!fieldMapping.isEmpty()) {
      out.append(indent).append("field_mapping: ").append(map(fieldMapping)).append('\n');
    }
  }

  private static void view(StringBuilder out, FeatureView v) {
    out.append("  - name: ").append(scalar(v.name())).append('\n');
    line(out, "entities", list(v.entities()));
    line(out, "ttl", ttlScalar(v.ttl()));
    line(out, "source", scalar(v.source()));
    out.append("    schema:\n");
    for (Field field : v.schema()) {
      out.append("      - {name: ")
          .append(scalar(field.name()))
          .append(", dtype: ")
          .append(scalar(field.dtype().spelling()))
          .append("}\n");
    }
    line(out, "online", String.valueOf(v.online()));
    described(out, v.description(), v.tags(), v.owner());
  }

  private static String ttlScalar(Duration ttl) {
    String text = ttl(ttl);
    return text.equals("0") || TTL.matcher(text).matches() ? text : scalar(text);
  }

  private static void service(StringBuilder out, FeatureService s) {
    out.append("  - name: ").append(scalar(s.name())).append('\n');
    out.append("    features:\n");
    for (FeatureViewProjection p : s.projections()) {
      out.append("      - feature_view: ").append(scalar(p.featureView())).append('\n');
      if (!p.features().isEmpty()) {
        out.append("        features: ").append(list(p.features())).append('\n');
      }
      if (p.version() != null) {
        out.append("        version: ").append(p.version()).append('\n');
      }
      if (p.nameAlias() != null) {
        out.append("        name_alias: ").append(scalar(p.nameAlias())).append('\n');
      }
      if (!p.joinKeyMap().isEmpty()) {
        out.append("        join_key_map: ").append(map(p.joinKeyMap())).append('\n');
      }
    }
    described(out, s.description(), s.tags(), s.owner());
  }

  private static void permission(StringBuilder out, Permission p) {
    out.append("  - name: ").append(scalar(p.name())).append('\n');
    line(out, "types", list(p.typeSpellings()));
    if (!p.namePatterns().isEmpty()) {
      line(out, "name_patterns", list(p.namePatterns()));
    }
    if (!p.requiredTags().isEmpty()) {
      line(out, "required_tags", map(p.requiredTags()));
    }
    line(out, "actions", list(p.actions().stream().map(AccessAction::spelling).toList()));
    line(out, "policy", "{roles: " + list(p.policy().roles()) + "}");
    if (!p.description().isEmpty()) {
      line(out, "description", scalar(p.description()));
    }
    if (!p.tags().isEmpty()) {
      line(out, "tags", map(p.tags()));
    }
  }

  private static void described(
      StringBuilder out, String description, Map<String, String> tags, String owner) {
    if (!description.isEmpty()) {
      line(out, "description", scalar(description));
    }
    if (!tags.isEmpty()) {
      line(out, "tags", map(tags));
    }
    if (!owner.isEmpty()) {
      line(out, "owner", scalar(owner));
    }
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append("    ").append(key).append(": ").append(value).append('\n');
  }

  private static String list(List<String> values) {
    return values.stream().map(DefinitionYaml::scalar).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String map(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> scalar(e.getKey()) + ": " + scalar(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /**
   * {@code text} as a YAML scalar: plain when YAML reads it back unchanged as a string, otherwise
   * double-quoted (JSON's escapes are YAML's).
   */
  static String scalar(String text) {
    if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT))) {
      return text;
    }
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string could not be written as JSON", e);
    }
  }
}
