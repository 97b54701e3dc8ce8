package dev.larder.core.repo;

import dev.larder.core.DidYouMean;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Names;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  static final String DEFAULT_ONLINE_PATH = "data/online_store.db";

  private final Path repo;

  private RepoConfigReader(Path repo) {
    this.repo = repo.toAbsolutePath().normalize();
  }

  static RepoConfig read(Path repo) {
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
    return new RepoConfigReader(repo).config(YamlObject.of(root, "configuration", "project: x"));
  }

  private RepoConfig config(YamlObject o) {
    o.allow(KEYS);
    String project = o.text("project", "add project: my_project (letters, digits and _)");
    if (!Names.isValid(project)) {
      throw o.error(
          "project", "project '" + project + "' is not valid: use letters, digits and _ only");
    }
    String provider = o.has("provider") ? o.optionalText("provider") : "local";
    if (!provider.equals("local")) {
      throw o.error(
          "provider", "provider '" + provider + "' is not supported; use provider: local");
    }
    int version = RepoConfig.ENTITY_KEY_SERIALIZATION_VERSION;
    if (o.has("entity_key_serialization_version")) {
      String text = o.optionalText("entity_key_serialization_version");
      if (!text.equals("3")) {
        throw o.error(
            "entity_key_serialization_version",
            "entity_key_serialization_version "
                + text
                + " is not supported; Larder writes version 3: set it to 3 or leave it out");
      }
    }
    return new RepoConfig(
        repo,
        project,
        registry(o),
        provider,
        onlineStore(o),
        offlineStore(o),
        version,
        auth(o),
        featureServer(o));
  }

  private FeatureServerConfig featureServer(YamlObject o) {
    FeatureServerConfig d = FeatureServerConfig.defaults();
    YamlNode node = o.node(FeatureServerConfig.SECTION);
    if (node.isAbsent()) {
      return d;
    }
    YamlObject s =
        YamlObject.of(node, FeatureServerConfig.SECTION, "{max_request_values: 1000000}")
            .allow(FeatureServerConfig.KEYS);
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
        "'"
            + key
            + "' must be a whole number from 0 to "
            + Integer.MAX_VALUE
            + ", got '"
            + text
            + "'");
  }

  private StoreConfig registry(YamlObject o) {
    YamlNode node = o.node("registry");
    if (node.isAbsent()) {
      throw o.error(
          "'registry' is missing; add registry: data/registry.db (a path relative to the"
              + " repository)");
    }
    if (node.isScalar()) {
      return pathConfig(
          o, "registry", "sqlite", "path", o.text("registry", "add registry: data/registry.db"));
    }
    YamlObject r =
        YamlObject.of(node, "registry", "{registry_type: sqlite, path: data/registry.db}")
            .allow(List.of("registry_type", "path"));
    String type = r.has("registry_type") ? r.optionalText("registry_type") : "sqlite";
    String path = r.text("path", "add path: data/registry.db");
    return switch (type) {
      case "sqlite" -> pathConfig(r, "path", "sqlite", "path", path);
      case "postgres" -> new StoreConfig("postgres", Map.of("path", path));
      default ->
          throw r.error(
              "registry_type",
              "registry_type '"
                  + type
                  + "' is not supported"
                  + DidYouMean.sentenceEnd(type, List.of("sqlite", "postgres"))
                  + " Use sqlite or postgres");
    };
  }

  private StoreConfig onlineStore(YamlObject o) {
    YamlNode node = o.node("online_store");
    if (node.isAbsent()) {
      return new StoreConfig(
          "sqlite", Map.of("path", repo.resolve(DEFAULT_ONLINE_PATH).normalize().toString()));
    }
    YamlObject s =
        YamlObject.of(node, "online_store", "{type: sqlite, path: data/online_store.db}");
    String type = s.has("type") ? s.text("type", "name the backend, e.g. type: sqlite") : "sqlite";
    if (type.equals("sqlite")) {
      s.allow(List.of("type", "path"));
      return pathConfig(
          s,
          "path",
          "sqlite",
          "path",
          s.has("path") ? s.text("path", "add path: " + DEFAULT_ONLINE_PATH) : DEFAULT_ONLINE_PATH);
    }
    return otherType(type, node);
  }

  private StoreConfig offlineStore(YamlObject o) {
    YamlNode node = o.node("offline_store");
    if (node.isAbsent()) {
      return StoreConfig.of("duckdb");
    }
    YamlObject s = YamlObject.of(node, "offline_store", "{type: duckdb}");
    String type = s.has("type") ? s.text("type", "name the backend, e.g. type: duckdb") : "duckdb";
    if (type.equals("duckdb") || type.equals("file")) {
      List<String> allowed = new ArrayList<>(List.of("type"));
      allowed.addAll(RepoConfig.DUCKDB_OPTIONS);
      s.allow(allowed);
      return otherType("duckdb", node);
    }
    return otherType(type, node);
  }

  private StoreConfig auth(YamlObject o) {
    YamlNode node = o.node("auth");
    if (node.isAbsent()) {
      return StoreConfig.of("none");
    }
    YamlObject a = YamlObject.of(node, "auth", "{type: none}");
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
      default ->
          throw a.error(
              "type",
              "auth type '"
                  + type
                  + "' is not supported"
                  + DidYouMean.sentenceEnd(type, List.of("none", "api_key"))
                  + " Use none or api_key");
    };
  }

  /** A type Larder does not ship: every key is kept for that backend's factory to check. */
  private static StoreConfig otherType(String type, YamlNode node) {
    Map<String, Object> options = new LinkedHashMap<>();
    node.entries().forEach((k, v) -> options.put(k, v.plain()));
    options.remove("type");
    return new StoreConfig(type, options);
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
