package dev.larder.core.repo;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.Field;
import dev.larder.core.model.Permission;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.RolePolicy;
import dev.larder.core.model.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a feature repository's definition files (DESIGN B3, B4): every {@code *.yaml} and {@code
 * *.yml} file directly in the repository folder except {@code feature_store.yaml}, in file-name
 * order, each with the sections {@code entities}, {@code sources}, {@code feature_views}, {@code
 * feature_services} and {@code permissions}. Every error names the file and line, the object and
 * the fix.
 *
 * <p>This checks the definitions themselves and their references to each other; {@code
 * dev.larder.core.source.SourceValidator} checks them against the data files.
 */
public final class DefinitionLoader {
  /** The repository's configuration file, which is not a definitions file. */
  public static final String CONFIG_FILE = "feature_store.yaml";

  private static final List<String> SECTIONS =
      List.of("entities", "sources", "feature_views", "feature_services", "permissions");
  private static final List<String> ENTITY_KEYS =
      List.of("name", "join_keys", "value_type", "description", "tags", "owner");
  private static final List<String> VIEW_KEYS =
      List.of(
          "name", "entities", "ttl", "source", "schema", "online", "description", "tags", "owner");
  private static final List<String> FIELD_KEYS = List.of("name", "dtype", "description", "tags");
  private static final List<String> SERVICE_KEYS =
      List.of("name", "features", "description", "tags", "owner");
  private static final List<String> PROJECTION_KEYS =
      List.of("feature_view", "features", "version", "name_alias", "join_key_map");
  private static final List<String> PERMISSION_KEYS =
      List.of(
          "name",
          "types",
          "name_patterns",
          "required_tags",
          "actions",
          "policy",
          "description",
          "tags");
  private static final String TAGS_EXAMPLE = "{team: ml}";
  private static final Pattern VERSION = Pattern.compile("v?(\\d{1,9})");

  private final RepoDefinitions.Builder builder = RepoDefinitions.builder();
  private final SourceSection sources = new SourceSection();

  private DefinitionLoader() {}

  /** Reads and cross-checks every definition file of the repository at {@code repo}. */
  public static RepoDefinitions load(Path repo) {
    DefinitionLoader loader = new DefinitionLoader();
    for (Path file : definitionFiles(repo)) {
      loader.readFile(YamlNode.read(file, repo.resolve(file.getFileName()).toString()));
    }
    loader.sources.addTo(loader.builder);
    return loader.builder.freeze();
  }

  /** The definition files of the repository at {@code repo}, in file-name order. */
  public static List<Path> definitionFiles(Path repo) {
    if (!Files.isDirectory(repo)) {
      throw new NotFoundException(
          "feature repository not found: " + repo.toAbsolutePath().normalize(),
          "Create one with 'larder init " + repo + "', or name an existing one with --repo");
    }
    try (Stream<Path> files = Files.list(repo)) {
      return files
          .filter(Files::isRegularFile)
          .filter(DefinitionLoader::isDefinitionFile)
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new BackendException(
          "cannot list the feature repository " + repo + ": " + e.getMessage(), null, e);
    }
  }

  private static boolean isDefinitionFile(Path file) {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    return (lower.endsWith(".yaml") || lower.endsWith(".yml"))
        && !name.equals(CONFIG_FILE)
        && !name.equals("feature_store.yml");
  }

  private void readFile(YamlNode root) {
    if (root.isAbsent()) {
      return;
    }
    YamlObject file =
        YamlObject.of(root, "definitions file", "entities: [...], feature_views: [...]")
            .allow(SECTIONS);
    int i = 0;
    for (YamlNode item : file.items("entities", "- {name: sample, join_keys: [sample_index]}")) {
      YamlObject o = item(item, "entity", "entities", ++i, "{name: sample, join_keys: [id]}");
      builder.add(entity(o), o.where());
    }
    i = 0;
    for (YamlNode item : file.items("sources", "- {name: s, type: file, path: data/x.parquet}")) {
      sources.read(item(item, "source", "sources", ++i, "{name: s, type: file, path: x.parquet}"));
    }
    i = 0;
    for (YamlNode item : file.items("feature_views", "- {name: v, entities: [e], source: s}")) {
      YamlObject o = item(item, "feature view", "feature_views", ++i, "{name: v, source: s}");
      builder.add(featureView(o), o.where());
    }
    i = 0;
    for (YamlNode item : file.items("feature_services", "- {name: fs, features: [...]}")) {
      YamlObject o = item(item, "feature service", "feature_services", ++i, "{name: fs}");
      builder.add(featureService(o), o.where());
    }
    i = 0;
    for (YamlNode item : file.items("permissions", "- {name: p, types: [all], actions: [...]}")) {
      YamlObject o = item(item, "permission", "permissions", ++i, "{name: readers}");
      builder.add(permission(o), o.where());
    }
  }

  /** Reads an item's name and labels it {@code kind 'name'}. */
  private static YamlObject item(
      YamlNode node, String kind, String section, int index, String example) {
    YamlObject unnamed = YamlObject.of(node, kind + " #" + index + " in " + section, example);
    String name = unnamed.text("name", "give it a name, e.g. name: my_" + kind.replace(' ', '_'));
    return unnamed.named(kind + " " + Echo.of(name));
  }

  private static Entity entity(YamlObject o) {
    o.allow(ENTITY_KEYS);
    List<String> joinKeys = o.textList("join_keys", "[sample_index]");
    if (joinKeys == null) {
      throw o.error(
          "'join_keys' is missing; list the key column(s), e.g. join_keys: [sample_index]");
    }
    String valueType = o.text("value_type", "add value_type: INT64 (or INT32, STRING, BYTES, …)");
    ValueType type = o.parse("value_type", () -> ValueType.parse(valueType));
    String description = o.optionalText("description");
    Map<String, String> tags = o.textMap("tags", TAGS_EXAMPLE);
    String owner = o.optionalText("owner");
    return o.build(
        () -> new Entity(o.optionalText("name"), joinKeys, type, description, tags, owner));
  }

  private static FeatureView featureView(YamlObject o) {
    o.allow(VIEW_KEYS);
    List<String> entities = o.textList("entities", "[sample]");
    if (entities == null) {
      throw o.error(
          "'entities' is missing; list its entities (entities: [sample]), or write entities: []"
              + " for a view joined on time only");
    }
    String source = o.text("source", "name the source it reads, e.g. source: my_source");
    if (!o.has("schema")) {
      throw o.error(
          "'schema' is missing; list its features, e.g. - {name: feature_0, dtype: Float64}");
    }
    List<Field> schema = new ArrayList<>();
    for (YamlNode item : o.items("schema", "- {name: feature_0, dtype: Float64}")) {
      YamlObject field =
          YamlObject.of(item, o.label() + ": schema item", "{name: feature_0, dtype: Float64}");
      field.allow(FIELD_KEYS);
      String name = field.text("name", "name the feature, e.g. name: feature_0");
      YamlObject named = field.named(o.label() + ": feature " + Echo.of(name));
      String dtype = named.text("dtype", "add its type, e.g. dtype: Float64");
      FeatureType type = named.parse("dtype", () -> FeatureType.parse(dtype));
      String fieldDescription = named.optionalText("description");
      Map<String, String> fieldTags = named.textMap("tags", TAGS_EXAMPLE);
      schema.add(named.build(() -> new Field(name, type, fieldDescription, fieldTags)));
    }
    Duration ttl = ttl(o);
    boolean online = o.bool("online", true);
    String description = o.optionalText("description");
    Map<String, String> tags = o.textMap("tags", TAGS_EXAMPLE);
    String owner = o.optionalText("owner");
    return o.build(
        () ->
            new FeatureView(
                o.optionalText("name"),
                entities,
                ttl,
                source,
                schema,
                online,
                description,
                tags,
                owner));
  }

  private static Duration ttl(YamlObject o) {
    YamlNode node = o.node("ttl");
    if (node.isAbsent()) {
      return Duration.ZERO;
    }
    if (!node.isScalar() || node.isBoolean()) {
      throw o.error(
          "ttl", "'ttl' must be a single value; " + TtlSyntax.FORMS + "; got " + node.describe());
    }
    return o.parse("ttl", () -> TtlSyntax.parse(node.scalar()));
  }

  private static FeatureService featureService(YamlObject o) {
    o.allow(SERVICE_KEYS);
    if (!o.has("features")) {
      throw o.error("'features' is missing; list the views it uses, e.g. - feature_view: my_view");
    }
    List<FeatureViewProjection> projections = new ArrayList<>();
    for (YamlNode item : o.items("features", "- {feature_view: v, features: [f]}")) {
      projections.add(projection(o, item));
    }
    String description = o.optionalText("description");
    Map<String, String> tags = o.textMap("tags", TAGS_EXAMPLE);
    String owner = o.optionalText("owner");
    return o.build(
        () -> new FeatureService(o.optionalText("name"), projections, description, tags, owner));
  }

  private static FeatureViewProjection projection(YamlObject service, YamlNode item) {
    YamlObject p =
        YamlObject.of(
            item, service.label() + ": features item", "{feature_view: v, features: [f]}");
    p.allow(PROJECTION_KEYS);
    String view = p.text("feature_view", "name the view, e.g. feature_view: my_view");
    p = p.named(service.label() + ": feature_view " + Echo.of(view));
    List<String> features = p.textList("features", "[feature_0, feature_1]");
    if (features != null && features.isEmpty()) {
      throw p.error("features", "'features' is empty; leave it out to take every feature");
    }
    Integer version = version(p);
    String alias = p.optionalText("name_alias");
    Map<String, String> joinKeyMap = p.textMap("join_key_map", "{sample_index: id}");
    return p.build(() -> new FeatureViewProjection(view, features, version, alias, joinKeyMap));
  }

  private static Permission permission(YamlObject o) {
    o.allow(PERMISSION_KEYS);
    List<String> types = o.textList("types", "[feature_view, feature_service]");
    if (types == null) {
      throw o.error(
          "'types' is missing; list the kinds it governs, e.g. types: [feature_view,"
              + " feature_service], or types: [all]");
    }
    Set<DefinitionKind> kinds = o.parse("types", () -> Permission.parseTypes(types));
    List<String> patterns = o.textList("name_patterns", "[\"classification_.*\"]");
    Map<String, String> requiredTags = o.textMap("required_tags", TAGS_EXAMPLE);
    List<String> actionList = o.textList("actions", "[describe, read_online, read_offline]");
    if (actionList == null) {
      throw o.error(
          "'actions' is missing; list what it allows, e.g. actions: [describe, read_online]"
              + " (create, describe, update, delete, read_online, read_offline, write_online,"
              + " write_offline)");
    }
    Set<AccessAction> actions = o.parse("actions", () -> Permission.parseActions(actionList));
    if (!o.has("policy")) {
      throw o.error("'policy' is missing; say who is allowed, e.g. policy: {roles: [reader]}");
    }
    YamlObject policy =
        YamlObject.of(o.node("policy"), o.label() + ": policy", "{roles: [reader]}")
            .allow(List.of("roles"));
    List<String> roles = policy.textList("roles", "[reader]");
    if (roles == null) {
      throw policy.error("'roles' is missing; list the roles it allows, e.g. roles: [reader]");
    }
    RolePolicy rolePolicy = policy.build(() -> new RolePolicy(roles));
    String description = o.optionalText("description");
    Map<String, String> tags = o.textMap("tags", TAGS_EXAMPLE);
    return o.build(
        () ->
            new Permission(
                o.optionalText("name"),
                kinds,
                patterns,
                requiredTags,
                actions,
                rolePolicy,
                description,
                tags));
  }

  private static Integer version(YamlObject p) {
    String text = p.optionalText("version");
    if (text == null || text.equals("latest")) {
      return null;
    }
    Matcher m = VERSION.matcher(text);
    if (!m.matches()) {
      throw p.error(
          "version",
          "version "
              + Echo.of(text)
              + " is not a version; write 2 (or v2) to pin version 2, or leave version out for"
              + " the latest");
    }
    return Integer.valueOf(m.group(1));
  }
}
