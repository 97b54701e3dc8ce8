package dev.larder.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One API key as the keys file stores it: its name (the user the feature server acts as), roles,
 * creation time, and a salted hash of the key, never the key itself.
 *
 * <p>The hash is SHA-256 over a random 16-byte salt followed by the key's UTF-8 bytes. A slow
 * password hash (PBKDF2, bcrypt) protects low-entropy secrets people choose; these keys are 32
 * random bytes (256 bits) from {@link java.security.SecureRandom}, so no amount of hashing speed
 * makes guessing one feasible, while the server checks a key on every request, where a slow hash
 * would cost tens of milliseconds. The per-key salt keeps equal keys from having equal hashes and
 * rules out precomputed tables; comparison is constant-time.
 *
 * @param name the key's name, used as the user name: letters, digits, {@code _ . @ -}
 * @param roles its roles, sorted
 * @param created when it was added
 * @param salt the salt, 16 random bytes
 * @param sha256 SHA-256 of the salt and the key
 */
public record ApiKey(String name, List<String> roles, Instant created, byte[] salt, byte[] sha256) {
  public ApiKey {
    Objects.requireNonNull(name, "name");
    roles = List.copyOf(roles);
    Objects.requireNonNull(created, "created");
    salt = salt.clone();
    sha256 = sha256.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  /** Whether {@code key} is this key, compared in constant time. */
  public boolean matches(String key) {
    return MessageDigest.isEqual(sha256, hash(salt, key));
  }

  /** The principal that requests with this key act as. */
  public Principal principal() {
    return Principal.of(name, roles);
  }

  /** SHA-256 of {@code salt} followed by the UTF-8 bytes of {@code key}. */
  static byte[] hash(byte[] salt, String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      return digest.digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] decode(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey k
        && name.equals(k.name)
        && roles.equals(k.roles)
        && created.equals(k.created)
        && MessageDigest.isEqual(salt, k.salt)
        && MessageDigest.isEqual(sha256, k.sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, roles, created);
  }

  @Override
  public String toString() {
    return "ApiKey[" + name + ", roles=" + roles + ", created=" + created + "]";
  }
}
