package dev.larder.core.repo;

import dev.larder.core.InvalidDefinitionException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One backend's section of {@code feature_store.yaml} ({@code registry}, {@code online_store},
 * {@code offline_store}) as its {@link BackendFactory} reads it. Every error names the file, the
 * line, the section and the key. The key that chose the backend ({@code type}, or {@code
 * registry_type}) is always allowed and never among the options.
 */
public final class BackendSection {
  private final YamlObject object;
  private final String typeKey;
  private final String type;
  private final Path repo;
  private final Consumer<String> warnings;

  BackendSection(
      YamlObject object, String typeKey, String type, Path repo, Consumer<String> warnings) {
    this.object = object;
    this.typeKey = typeKey;
    this.type = type;
    this.repo = repo;
    this.warnings = warnings;
  }

  /** The section's name, e.g. {@code online_store}. */
  public String name() {
    return object.label();
  }

  /** The backend type as written (or its default when the file leaves it out). */
  public String type() {
    return type;
  }

  /**
   * Rejects any key but {@code keys} (and the type key), naming the closest valid key; call it
   * first.
   */
  public BackendSection allow(List<String> keys) {
    return allow(keys, Map.of());
  }

  /**
   * Rejects any key but {@code keys}, the keys of {@code feastOnly} (and the type key), naming the
   * closest valid key; call it first. {@code feastOnly} holds the keys that Feast's configuration
   * of this backend has and Larder does not use, each with what Larder does instead: each one given
   * is accepted with one warning that names it and says that ({@code feature_store.yaml:7:
   * registry.cache_mode is Feast's and not used by Larder: …}).
   */
  public BackendSection allow(List<String> keys, Map<String, String> feastOnly) {
    List<String> valid = new ArrayList<>(List.of(typeKey));
    valid.addAll(keys);
    object.allow(valid, feastOnly.keySet());
    object.warnUnused(feastOnly, warnings);
    return this;
  }

  /** Whether {@code key} is given. */
  public boolean has(String key) {
    return object.has(key);
  }

  /** A single value (numbers and booleans keep their spelling), if given. */
  public Optional<String> text(String key) {
    return Optional.ofNullable(object.optionalText(key));
  }

  /** A required, non-blank single value; {@code fix} says how to add it. */
  public String requiredText(String key, String fix) {
    return object.text(key, fix);
  }

  /** A path resolved against the repository, or {@code fallback} (also resolved) when absent. */
  public Path path(String key, String fallback) {
    String text = object.has(key) ? object.text(key, "add " + key + ": " + fallback) : fallback;
    return resolve(key, text);
  }

  /** A path resolved against the repository, if given. */
  public Optional<Path> optionalPath(String key) {
    return text(key).map(p -> resolve(key, p));
  }

  private Path resolve(String key, String path) {
    try {
      return repo.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw error(
          key,
          "'"
              + key
              + "' is not a valid path ("
              + e.getReason()
              + "); give a file path, absolute or relative to the repository");
    }
  }

  /** A whole number from {@code min} to {@code max}, if given; anything else is an error. */
  public Optional<Long> wholeNumber(String key, long min, long max) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(text.get().replace("_", ""));
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(
        key,
        "'"
            + key
            + "' must be a whole number from "
            + min
            + " to "
            + max
            + ", got '"
            + text.get()
            + "'");
  }

  /** {@code true} or {@code false}, or {@code fallback} when absent. */
  public boolean bool(String key, boolean fallback) {
    return object.bool(key, fallback);
  }

  /** A mapping of single values ({@code spark_conf}), or an empty map when absent. */
  public Map<String, String> textMap(String key, String example) {
    Map<String, String> map = object.textMap(key, example);
    return map == null ? Map.of() : map;
  }

  /** An error about {@code key}, at its line: {@code file:line: section: message}. */
  public InvalidDefinitionException error(String key, String message) {
    return object.error(key, message);
  }

  /** The options this section configures, as the backend will read them. */
  public StoreConfig config(Map<String, Object> options) {
    return new StoreConfig(type, new LinkedHashMap<>(options));
  }
}
