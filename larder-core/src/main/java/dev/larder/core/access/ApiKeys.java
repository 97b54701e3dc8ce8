package dev.larder.core.access;

import java.util.List;
import java.util.Optional;

/**
 * The API keys of a keys file as read at one time: immutable, so the feature server can check
 * requests against it from many threads while a newer version is read.
 *
 * @param keys the keys, in file order (names are unique)
 */
public record ApiKeys(List<ApiKey> keys) {
  /** No keys: a keys file that does not exist yet. */
  public static final ApiKeys NONE = new ApiKeys(List.of());

  public ApiKeys {
    keys = List.copyOf(keys);
  }

  /** The key called {@code name}, if there is one. */
  public Optional<ApiKey> named(String name) {
    return keys.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /**
   * The principal of the key {@code key} is, if it is one of these. Every stored key is compared
   * (in constant time each), so the time taken does not tell which key came close.
   */
  public Optional<Principal> authenticate(String key) {
    return match(key).map(ApiKey::principal);
  }

  /**
   * The stored key that {@code key} is, if it is one of these; every stored key is compared, in
   * constant time each, as in {@link #authenticate}.
   */
  public Optional<ApiKey> match(String key) {
    ApiKey found = null;
    for (ApiKey k : keys) {
      if (k.matches(key) && found == null) {
        found = k;
      }
    }
    return Optional.ofNullable(found);
  }
}
