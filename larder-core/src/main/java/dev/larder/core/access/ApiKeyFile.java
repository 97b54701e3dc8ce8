package dev.larder.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.FaultPoint;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Names;
import dev.larder.core.model.RolePolicy;
import dev.larder.core.registry.Actor;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API keys file of a repository ({@code auth: {type: api_key, keys_file: auth/keys.yaml}} in
 * {@code feature_store.yaml}): YAML written only by {@code larder auth}, holding each key's name,
 * roles, creation time and salted hash (see {@link ApiKey}), never a key.
 *
 * <pre>
 * # Larder API keys, managed by 'larder auth'. Salted SHA-256 hashes only, never the keys.
 * version: 1
 * keys:
 * - name: ci
 *   roles: [writer]
 *   created: 2026-03-01T10:00:00Z
 *   salt: …         # base64url
 *   sha256: …       # base64url
 * </pre>
 *
 * <p>A missing file means no keys yet. Changes read the file, change it and replace it atomically
 * (a new file moved over the old one, readable by its owner only), under a lock file beside it so
 * that two {@code larder auth} commands at once do not lose a change.
 */
public final class ApiKeyFile {
  /** Random bytes in a new key: 32, so a key is 43 characters of {@code [A-Za-z0-9_-]}. */
  public static final int KEY_BYTES = 32;

  private static final int SALT_BYTES = 16;
  private static final int VERSION = 1;
  private static final List<String> FILE_KEYS = List.of("version", "keys");
  private static final List<String> KEY_KEYS =
      List.of("name", "roles", "created", "salt", "sha256");
  private static final String HEADER =
      "# Larder API keys, managed by 'larder auth'. Salted SHA-256 hashes only, never the keys.\n";
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private final Path file;
  private final SecureRandom random;

  /** The keys file at {@code file}. */
  public ApiKeyFile(Path file) {
    this(file, new SecureRandom());
  }

  ApiKeyFile(Path file, SecureRandom random) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * The keys file {@code config}'s {@code auth} names; an error naming the fix when auth is not
   * {@code api_key}.
   */
  public static ApiKeyFile of(RepoConfig config) {
    if (!"api_key".equals(config.auth().type())) {
      throw new InvalidArgumentException(
          "API keys need auth: {type: api_key, keys_file: auth/keys.yaml} in "
              + config.repoPath().resolve(RepoConfig.FILE)
              + ", but auth is {type: "
              + config.auth().type()
              + "}",
          "Set auth to {type: api_key, keys_file: auth/keys.yaml} (the path is relative to the"
              + " repository), then add keys");
    }
    return new ApiKeyFile(config.auth().path("keys_file").orElseThrow());
  }

  public Path path() {
    return file;
  }

  /** The keys in the file; none when the file does not exist. */
  public ApiKeys read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return ApiKeys.NONE;
    } catch (IOException e) {
      throw new BackendException(
          "cannot read the API keys file " + file + ": " + e.getMessage(), null, e);
    }
    try {
      return parse(text);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidDefinitionException d) {
        throw d;
      }
      throw damaged(e.getMessage(), e);
    }
  }

  /**
   * A new random key called {@code name} with {@code roles}: its hash is stored, the key itself is
   * returned once and never kept.
   *
   * @throws AlreadyExistsException if a key of that name exists
   */
  public NewKey add(String name, Collection<String> roles, Clock clock) {
    requireName(name);
    Set<String> sorted = new TreeSet<>();
    for (String role : roles) {
      if (!RolePolicy.isValidRole(role)) {
        throw new InvalidArgumentException(
            "role " + Echo.of(role) + " is not a valid role name",
            "Role names use letters, digits, _, . and - only (e.g. --roles reader,writer)");
      }
      sorted.add(role);
    }
    byte[] secret = new byte[KEY_BYTES];
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(secret);
    random.nextBytes(salt);
    String key = ApiKey.encode(secret);
    ApiKey stored =
        new ApiKey(
            name,
            List.copyOf(sorted),
            clock.instant().truncatedTo(ChronoUnit.SECONDS),
            salt,
            ApiKey.hash(salt, key));
    change(
        keys -> {
          if (keys.stream().anyMatch(k -> k.name().equals(name))) {
            throw new AlreadyExistsException(
                "an API key named " + Echo.of(name) + " already exists in " + file,
                "Choose another name, or revoke it first with 'larder auth revoke " + name + "'");
          }
          keys.add(stored);
        });
    return new NewKey(stored, key);
  }

  /**
   * Removes the key called {@code name} and returns it.
   *
   * @throws NotFoundException if there is none, naming the closest name
   */
  public ApiKey revoke(String name) {
    ApiKey[] removed = new ApiKey[1];
    change(
        keys -> {
          for (Iterator<ApiKey> i = keys.iterator(); i.hasNext(); ) {
            ApiKey k = i.next();
            if (k.name().equals(name)) {
              removed[0] = k;
              i.remove();
              return;
            }
          }
          List<String> names = keys.stream().map(ApiKey::name).toList();
          throw new NotFoundException(
              "no API key named " + Echo.of(name) + " in " + file + DidYouMean.suffix(name, names),
              "Keys: " + Names.listing(names) + ". Run 'larder auth list' to see them");
        });
    return removed[0];
  }

  /**
   * A key just added.
   *
   * @param stored what the file holds
   * @param key the key itself, to hand to its user once
   */
  public record NewKey(ApiKey stored, String key) {}

  @FunctionalInterface
  private interface Change {
    void apply(List<ApiKey> keys);
  }

  /** Reads, changes and atomically replaces the file, under the lock file. */
  private void change(Change change) {
    try {
      Files.createDirectories(file.getParent());
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        List<ApiKey> keys = new ArrayList<>(read().keys());
        change.apply(keys);
        write(keys);
      }
    } catch (IOException e) {
      throw new BackendException(
          "cannot write the API keys file " + file + ": " + e.getMessage(), null, e);
    }
  }

  private void write(List<ApiKey> keys) throws IOException {
    ObjectNode root = YAML.createObjectNode();
    root.put("version", VERSION);
    ArrayNode list = root.putArray("keys");
    for (ApiKey k : keys) {
      ObjectNode o = list.addObject().put("name", k.name());
      ArrayNode roles = o.putArray("roles");
      k.roles().forEach(roles::add);
      o.put("created", IsoTimes.format(k.created()))
          .put("salt", ApiKey.encode(k.salt()))
          .put("sha256", ApiKey.encode(k.sha256()));
    }
    String text = HEADER + YAML.writeValueAsString(root);
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps the default permissions
      }
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
      FaultPoint.KEYS_BEFORE_RENAME.reach();
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private ApiKeys parse(String text) throws IOException {
    JsonNode root = YAML.readTree(text);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return ApiKeys.NONE;
    }
    if (!root.isObject()) {
      throw damaged("it is not a mapping with version: and keys:", null);
    }
    only(root, FILE_KEYS, "the file");
    if (root.path("version").asInt(-1) != VERSION) {
      throw damaged(
          "its version is " + root.path("version") + "; this Larder reads version " + VERSION,
          null);
    }
    List<ApiKey> keys = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    JsonNode list = root.path("keys");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw damaged("keys: is not a list", null);
    }
    for (JsonNode k : list) {
      String name = k.path("name").asText("");
      only(k, KEY_KEYS, "key " + Echo.of(name));
      if (!Actor.isValidName(name) || !names.add(name)) {
        throw damaged("key name " + Echo.of(name) + " is not valid or is used twice", null);
      }
      List<String> roles = new ArrayList<>();
      for (JsonNode r : k.path("roles")) {
        roles.add(RolePolicy.requireRole("key " + Echo.of(name) + ": role", r.asText()));
      }
      keys.add(
          new ApiKey(
              name,
              roles,
              Instant.parse(k.path("created").asText()),
              ApiKey.decode(k.path("salt").asText()),
              ApiKey.decode(k.path("sha256").asText())));
    }
    return new ApiKeys(keys);
  }

  private void only(JsonNode node, List<String> keys, String what) {
    if (!node.isObject()) {
      throw damaged(what + " is not a mapping", null);
    }
    for (Iterator<String> i = node.fieldNames(); i.hasNext(); ) {
      String key = i.next();
      if (!keys.contains(key)) {
        throw damaged(
            what + " has unknown key " + Echo.of(key) + DidYouMean.sentenceEnd(key, keys), null);
      }
    }
  }

  private InvalidDefinitionException damaged(String detail, Throwable cause) {
    return new InvalidDefinitionException(
        "the API keys file " + file + " cannot be read: " + detail,
        "It is written by 'larder auth'; restore it from a backup, or move it away and add the"
            + " keys again",
        cause);
  }

  private static void requireName(String name) {
    if (!Actor.isValidName(name)) {
      throw new InvalidArgumentException(
          "API key name " + Echo.of(name) + " is not valid",
          "Use "
              + Actor.NAME_RULE
              + " (the name is the user the server acts as, e.g. ci-pipeline)");
    }
  }
}
