package dev.larder.core.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Names;
import dev.larder.core.offline.OfflineEngineFactory;
import dev.larder.core.online.OnlineStoreFactory;
import dev.larder.core.registry.RegistryStoreFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads {@code feature_store.yaml} into a {@link RepoConfig}, strictly. */
final class RepoConfigReader {
  private static final List<String> KEYS =
      List.of(
          "project",
          "registry",
          "provider",
          "online_store",
          "offline_store",
          "entity_key_serialization_version",
          "auth",
          FeatureServerConfig.SECTION);

  /**
   * The keys of Feast's {@code RepoConfig} that Larder does not use, each with what Larder does
   * instead: accepted with one warning each (the sections are not read further).
   */
  static final Map<String, String> FEAST_ONLY =
      orderedMap(
          "project_description",
          "Larder keeps no project description; describe objects with description: in the"
              + " definition files",
          "batch_engine",
          "Larder materializes in its own process, reading through the offline_store engine"
              + " (DuckDB, or Spark with offline_store: {type: spark})",
          "batch_engine_config",
          "Larder materializes in its own process, reading through the offline_store engine"
              + " (DuckDB, or Spark with offline_store: {type: spark})",
          "embedding_model",
          "Larder has no vector search and embeds nothing",
          "flags",
          "Larder has no feature flags; everything it supports is on",
          "repo_path",
          "the repository is the folder of feature_store.yaml (--repo names it)",
          "coerce_tz_aware",
          "Larder always reads entity timestamps as UTC (an offset is converted, none means"
              + " UTC)",
          "materialization",
          "Larder always pulls only the latest row per entity key in the interval and writes"
              + " the online store in batches of its own",
          "openlineage",
          "Larder records lineage in its registry ('larder lineage NAME')",
          "mlflow",
          "Larder records training runs in its registry ('larder runs list')",
          "data_quality_monitoring",
          "Larder computes no data quality baselines");

  /**
   * The keys of Feast's {@code feature_server} section (its local and MCP servers) that Larder's
   * server does not use, each with what Larder does instead.
   */
  static final Map<String, String> FEAST_FEATURE_SERVER_ONLY =
      orderedMap(
          "type",
          "'larder serve' is Larder's only feature server (Feast's HTTP API)",
          "enabled",
          "'larder serve' starts the feature server",
          "metrics",
          "'larder serve' always serves Prometheus metrics at GET /metrics",
          "feature_logging",
          "Larder does not log served feature values; requests are counted in /metrics and"
              + " writes are audited ('larder audit')",
          "offline_push_batching_enabled",
          "a push to: offline writes its rows as one Parquet file at once",
          "offline_push_batching_batch_size",
          "a push to: offline writes its rows as one Parquet file at once",
          "offline_push_batching_batch_interval_seconds",
          "a push to: offline writes its rows as one Parquet file at once",
          "transformation_service_endpoint",
          "Larder has no on-demand transformations, so no transformation service",
          "mcp_enabled",
          "Larder has no MCP server",
          "mcp_server_name",
          "Larder has no MCP server",
          "mcp_server_version",
          "Larder has no MCP server",
          "mcp_transport",
          "Larder has no MCP server");

  /** An insertion-ordered map of alternating keys and values. */
  static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The start of a PostgreSQL URL: {@code postgresql://} or {@code postgresql+psycopg://}. */
  private static final Pattern SQL_URL = Pattern.compile("postgresql(\\+[A-Za-z0-9_]+)?://");

  private final Path repo;
  private final List<String> warnings = new ArrayList<>();

  private RepoConfigReader(Path repo) {
    this.repo = repo.toAbsolutePath().normalize();
  }

  /**
   * Reads {@code repo/feature_store.yaml}, with each {@code ${NAME}} in a string value replaced by
   * {@code environment.apply(NAME)} (see {@link EnvironmentReferences}).
   */
  static RepoConfig read(Path repo, Function<String, String> environment) {
    Path file = repo.resolve(RepoConfig.FILE);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(
          RepoConfig.FILE + " not found: " + file.toAbsolutePath().normalize(),
          "Create a feature repository with 'larder init "
              + repo
              + "', or name an existing one with --repo");
    }
    YamlNode root = YamlNode.read(file, file.toString());
    if (root.isAbsent()) {
      throw root.error("the file is empty; it needs at least project: and registry:");
    }
    root = new EnvironmentReferences(environment).expand(root);
    return new RepoConfigReader(repo).config(YamlObject.of(root, "configuration", "project: x"));
  }

  /**
   * The {@code registry} section of the YAML file {@code file} (a whole {@code feature_store.yaml},
   * whose other keys are ignored, or a file holding only that section), checked by its type's
   * factory as in {@code feature_store.yaml}; relative paths in it are relative to the file's
   * folder.
   */
  static StoreConfig registrySection(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new NotFoundException(
          "registry file not found: " + absolute,
          "Give a YAML file with a registry: section (a feature_store.yaml will do), a SQLite"
              + " file path, or a postgresql:// URL");
    }
    YamlNode root = YamlNode.read(absolute, absolute.toString());
    String example = "registry: {registry_type: sqlite, path: data/registry.db}";
    if (root.isAbsent()) {
      throw root.error("the file is empty; it needs a registry section, e.g. " + example);
    }
    YamlObject o = YamlObject.of(root, "registry file", example);
    if (!o.has("registry")) {
      throw o.error(
          "'registry' is missing; add "
              + example
              + " (relative paths are relative to this file's folder)");
    }
    return new RepoConfigReader(absolute.getParent()).registry(o);
  }

  /**
   * A registry given by its location alone: a {@code postgresql://} (or {@code
   * postgresql+driver://}) URL is registry type {@code sql}, anything else the path of a SQLite
   * file, relative to {@code base}; checked by the type's factory as in {@code feature_store.yaml}.
   * {@code origin} names where the location came from, for errors.
   */
  static StoreConfig registryAt(String location, Path base, String origin) {
    String type = SQL_URL.matcher(location).lookingAt() ? "sql" : "sqlite";
    Map<String, String> section = new LinkedHashMap<>();
    section.put("registry_type", type);
    section.put("path", location);
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(section); // JSON is YAML, quoted safely
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of two strings could not be written as JSON", e);
    }
    return new RepoConfigReader(base)
        .backend(
            YamlNode.parse(json, origin),
            "registry",
            "registry_type",
            "sqlite",
            RegistryStoreFactory.class,
            RegistryStoreFactory.EXAMPLE);
  }

  private RepoConfig config(YamlObject o) {
    o.allow(KEYS, FEAST_ONLY.keySet());
    o.warnUnused(FEAST_ONLY, warnings::add);
    String project = o.text("project", "add project: my_project (letters, digits and _)");
    if (!Names.isValid(project)) {
      throw o.error(
          "project",
          "project " + Echo.of(project) + " is not valid: use letters, digits and _ only");
    }
    String provider = o.has("provider") ? o.optionalText("provider") : "local";
    if (!provider.equals("local")) {
      throw o.error(
          "provider", "provider " + Echo.of(provider) + " is not supported; use provider: local");
    }
    StoreConfig registry = registry(o);
    StoreConfig online = onlineStore(o);
    serializationVersion(o, online);
    return new RepoConfig(
        repo,
        project,
        registry,
        provider,
        online,
        offlineStore(o),
        RepoConfig.ENTITY_KEY_SERIALIZATION_VERSION,
        auth(o),
        featureServer(o),
        inFileOrder(warnings, o.node().file()));
  }

  /**
   * Checks {@code entity_key_serialization_version}: Larder writes Feast's version 3 wherever keys
   * are Feast's (the Redis store); Feast's older versions 1 and 2 are accepted with a warning only
   * with the SQLite online store, whose keys are Larder's own.
   */
  private void serializationVersion(YamlObject o, StoreConfig online) {
    String key = "entity_key_serialization_version";
    if (!o.has(key)) {
      return;
    }
    String text = o.optionalText(key);
    if (text.equals("3")) {
      return;
    }
    if ((text.equals("1") || text.equals("2")) && online.type().equals("sqlite")) {
      warnings.add(
          o.node(key).where()
              + ": "
              + key
              + " is Feast's and not used by Larder: its SQLite online store keys rows its own"
              + " way, so version "
              + text
              + " is ignored (Larder writes Feast's version 3 where keys are Feast's, in Redis)");
      return;
    }
    throw o.error(
        key,
        key
            + " "
            + text
            + " is not supported; Larder writes version 3"
            + (online.type().equals("sqlite") ? "" : " (Feast's current key layout)")
            + ": set it to 3 or leave it out");
  }

  /**
   * {@code warnings} ordered by their line ({@code file:line: …}; each section's are told when the
   * section is read).
   */
  private static List<String> inFileOrder(List<String> warnings, String file) {
    List<String> sorted = new ArrayList<>(warnings);
    sorted.sort(
        java.util.Comparator.comparingInt(
            w -> {
              String rest = w.startsWith(file + ":") ? w.substring(file.length() + 1) : "";
              int colon = rest.indexOf(':');
              return colon > 0 && rest.substring(0, colon).chars().allMatch(Character::isDigit)
                  ? Integer.parseInt(rest.substring(0, colon))
                  : Integer.MAX_VALUE;
            }));
    return sorted;
  }

  private FeatureServerConfig featureServer(YamlObject o) {
    FeatureServerConfig d = FeatureServerConfig.defaults();
    YamlNode node = o.node(FeatureServerConfig.SECTION);
    if (node.isAbsent()) {
      return d;
    }
    YamlObject s =
        YamlObject.of(node, FeatureServerConfig.SECTION, "{max_request_values: 1000000}")
            .allow(FeatureServerConfig.KEYS, FEAST_FEATURE_SERVER_ONLY.keySet());
    s.warnUnused(FEAST_FEATURE_SERVER_ONLY, warnings::add);
    // read outside build(), which places its errors at the section: these carry their own line
    long body = number(s, "max_body_bytes", d.maxBodyBytes());
    long values = number(s, "max_request_values", d.maxRequestValues());
    long response = number(s, "max_response_bytes", d.maxResponseBytes());
    int concurrent = (int) number(s, "max_concurrent_requests", d.maxConcurrentRequests());
    int queued = (int) number(s, "max_queued_requests", d.maxQueuedRequests());
    long buffered = number(s, "max_buffered_body_bytes", d.maxBufferedBodyBytes());
    long rate = number(s, "min_body_bytes_per_second", d.minBodyBytesPerSecond());
    return s.build(
        () -> new FeatureServerConfig(body, values, response, concurrent, queued, buffered, rate));
  }

  /** A whole number of at most 2^31 - 1 (as big as any limit needs), or {@code fallback}. */
  private static long number(YamlObject o, String key, long fallback) {
    String text = o.optionalText(key);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value >= 0 && value <= Integer.MAX_VALUE) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw o.error(
        key,
        Echo.of(key)
            + " must be a whole number from 0 to "
            + Integer.MAX_VALUE
            + ", got "
            + Echo.of(text));
  }

  private StoreConfig registry(YamlObject o) {
    YamlNode node = o.node("registry");
    if (node.isAbsent()) {
      throw o.error(
          "'registry' is missing; add registry: data/registry.db (a path relative to the"
              + " repository)");
    }
    if (node.isScalar()) {
      o.text("registry", "add registry: data/registry.db");
      node = node.syntheticMap(Map.of("path", node));
    }
    return backend(
        node,
        "registry",
        "registry_type",
        "sqlite",
        RegistryStoreFactory.class,
        RegistryStoreFactory.EXAMPLE);
  }

  private StoreConfig onlineStore(YamlObject o) {
    return backend(
        orEmpty(o, "online_store"),
        "online_store",
        "type",
        "sqlite",
        OnlineStoreFactory.class,
        OnlineStoreFactory.EXAMPLE);
  }

  private StoreConfig offlineStore(YamlObject o) {
    return backend(
        orEmpty(o, "offline_store"),
        "offline_store",
        "type",
        "duckdb",
        OfflineEngineFactory.class,
        OfflineEngineFactory.EXAMPLE);
  }

  /** The section {@code key}, or an empty one at the parent's line when the file leaves it out. */
  private static YamlNode orEmpty(YamlObject parent, String key) {
    YamlNode node = parent.node(key);
    if (node.isAbsent()) {
      return parent.node().syntheticMap(Map.of());
    }
    return typeOnly(node);
  }

  /** A section written as its type alone ({@code online_store: redis}, as Feast allows). */
  private static YamlNode typeOnly(YamlNode node) {
    return node.isScalar() && !node.isBoolean() ? node.syntheticMap(Map.of("type", node)) : node;
  }

  /**
   * One backend section: its type (or {@code defaultType}) chooses a factory of {@code family},
   * which checks the section's keys and values itself.
   */
  private <F extends BackendFactory> StoreConfig backend(
      YamlNode node,
      String section,
      String typeKey,
      String defaultType,
      Class<F> family,
      String example) {
    YamlObject object = YamlObject.of(node, section, example);
    String type =
        object.has(typeKey)
            ? object.text(typeKey, "name the backend, e.g. " + typeKey + ": " + defaultType)
            : defaultType;
    F factory;
    try {
      factory = BackendFactories.forType(family, section, type, example);
    } catch (InvalidDefinitionException e) {
      throw e.within(object.has(typeKey) ? object.node(typeKey).where() : object.where());
    }
    return factory.configure(
        new BackendSection(object, typeKey, factory.type(), repo, warnings::add));
  }

  private StoreConfig auth(YamlObject o) {
    YamlNode node = o.node("auth");
    if (node.isAbsent()) {
      return StoreConfig.of("none");
    }
    YamlObject a = YamlObject.of(typeOnly(node), "auth", "{type: none}");
    String type = a.text("type", "add type: none, or type: api_key with keys_file: auth/keys.yaml");
    return switch (type) {
      case "none", "no_auth" -> {
        a.allow(List.of("type"));
        yield StoreConfig.of("none");
      }
      case "api_key" -> {
        a.allow(List.of("type", "keys_file"));
        yield pathConfig(
            a,
            "keys_file",
            "api_key",
            "keys_file",
            a.text("keys_file", "add keys_file: auth/keys.yaml"));
      }
      case "oidc", "kubernetes" ->
          throw a.error(
              "type",
              "auth type "
                  + Echo.of(type)
                  + " is Feast's "
                  + (type.equals("oidc") ? "OpenID Connect" : "Kubernetes service account")
                  + " authentication, which Larder does not have. Use type: api_key with"
                  + " keys_file: auth/keys.yaml (keys made with 'larder auth add-key'), or"
                  + " type: no_auth");
      default ->
          throw a.error(
              "type",
              "auth type "
                  + Echo.of(type)
                  + " is not supported"
                  + DidYouMean.sentenceEnd(type, List.of("none", "no_auth", "api_key"))
                  + " Use none (no_auth) or api_key");
    };
  }

  /**
   * A backend of {@code type} whose option {@code option} is {@code path} (the value of {@code key}
   * in {@code o}) resolved against the repository.
   */
  private StoreConfig pathConfig(
      YamlObject o, String key, String type, String option, String path) {
    try {
      return new StoreConfig(type, Map.of(option, repo.resolve(path).normalize().toString()));
    } catch (InvalidPathException e) {
      throw o.error(
          key,
          "'"
              + key
              + "' is not a valid path ("
              + e.getReason()
              + "); give a file path, absolute or relative to the repository");
    }
  }
}
