package dev.larder.core.repo;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend section of {@code feature_store.yaml} ({@code registry}, {@code online_store}, {@code
 * offline_store}, {@code auth}): the {@code type} that chooses the backend's factory, and its other
 * keys.
 *
 * <p>For the types Larder ships ({@code sqlite}, {@code duckdb}, {@code none}, {@code api_key}) the
 * options are checked on load and their paths are already absolute. For other types the options are
 * the YAML values as written (maps, lists, strings, {@link Long}, {@link Double}, {@link Boolean})
 * and the backend's factory checks them, resolving relative paths with {@link
 * RepoConfig#resolve(String)}.
 *
 * <p>Serializable, so that an engine's workers on other machines can open the same backend ({@link
 * dev.larder.core.online.OnlineStoreSection}); the options are YAML values, which are.
 *
 * @param type the backend type, e.g. {@code sqlite}
 * @param options the other keys in file order
 */
public record StoreConfig(String type, Map<String, Object> options) implements Serializable {
  public StoreConfig {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a store config needs a type");
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options)));
  }

  /** A config of {@code type} with no options. */
  public static StoreConfig of(String type) {
    return new StoreConfig(type, Map.of());
  }

  /** The option {@code key} as text, if set. */
  public Optional<String> text(String key) {
    return Optional.ofNullable(options.get(key)).map(Object::toString);
  }

  /**
   * The type and the option names, without their values: a value may hold a password (written in
   * the file or read from {@code ${NAME}}), and this text may reach a log or a message.
   */
  @Override
  public String toString() {
    return "StoreConfig[type=" + type + ", options=" + options.keySet() + "]";
  }

  /** The option {@code key} as a path, if set (absolute for the types Larder ships). */
  public Optional<Path> path(String key) {
    return text(key).map(Path::of);
  }
}
