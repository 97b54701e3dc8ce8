package dev.larder.cli.feast;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.larder.cli.feast.proto.Registry;
import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Feast file registry ({@code registry.db} or {@code registry.pb}): one serialized {@code
 * feast.core.Registry} message; or Feast's SQL registry kept in SQLite ({@link FeastSqlRegistry}).
 * A file that is neither (another SQLite database, text, a truncated or damaged message) is refused
 * with an error naming the file and what is wrong with it.
 */
public final class FeastRegistryFile {
  /** The first bytes of every SQLite database. */
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.UTF_8);

  /** The highest field number of {@code Registry} that these messages know. */
  private static final int LAST_KNOWN_FIELD = 19;

  private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

  private FeastRegistryFile() {}

  /** The registry in {@code file}, named {@code shown} in errors (the path as the user gave it). */
  public static Registry read(Path file, String shown) {
    if (URI.matcher(shown).matches() || shown.startsWith("gs:") || shown.startsWith("s3:")) {
      throw new InvalidArgumentException(
          "the Feast registry " + shown + " is not a local file",
          "Copy it to this machine first (for example with 'gsutil cp' or 'aws s3 cp') and give"
              + " the local path");
    }
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(
          "Feast registry not found: " + file.toAbsolutePath().normalize(),
          "Give the path of the registry that Feast's feature_store.yaml names (registry:, by"
              + " default data/registry.db in the Feast repository)");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BackendException("cannot read the Feast registry " + shown + ": " + e, null, e);
    }
    if (bytes.length == 0) {
      throw notARegistry(shown, "the file is empty");
    }
    if (startsWith(bytes, SQLITE_HEADER)) {
      Registry sql = FeastSqlRegistry.readOrNull(file, shown);
      if (sql != null) {
        return sql;
      }
      throw new InvalidArgumentException(
          shown
              + " is a SQLite database without the tables of Feast's SQL registry, not a Feast"
              + " registry",
          "larder import feast reads Feast's file registry (a serialized feast.core.Registry"
              + " message, registry_type: file, the default) or Feast's SQL registry in SQLite"
              + " (registry_type: sql with a sqlite:/// path); a Larder registry needs no import");
    }
    Registry registry;
    try {
      registry = Registry.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw notARegistry(shown, describe(e), e);
    }
    checkTopLevel(shown, registry.getUnknownFields());
    return registry;
  }

  /**
   * Refuses a message whose top level holds fields no Feast registry has: a field number Feast uses
   * with the wrong wire type, or a field other than a length-delimited one (every field of Feast's
   * {@code Registry} is a message or a string, so a newer Feast's additions are too). Random bytes
   * that happen to parse as a message almost always fail this.
   */
  private static void checkTopLevel(String shown, UnknownFieldSet unknown) {
    for (Map.Entry<Integer, UnknownFieldSet.Field> e : unknown.asMap().entrySet()) {
      int number = e.getKey();
      UnknownFieldSet.Field field = e.getValue();
      boolean onlyLengthDelimited =
          field.getVarintList().isEmpty()
              && field.getFixed32List().isEmpty()
              && field.getFixed64List().isEmpty()
              && field.getGroupList().isEmpty();
      if (number <= LAST_KNOWN_FIELD || !onlyLengthDelimited) {
        throw notARegistry(
            shown, "its top level has field " + number + " of a kind no Feast registry holds");
      }
    }
  }

  private static String describe(InvalidProtocolBufferException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("truncated")) {
      return "it ends in the middle of a message (the file is truncated)";
    }
    if (message.contains("invalid tag") || message.contains("invalid wire type")) {
      return "its bytes are not a protobuf message (an invalid field tag)";
    }
    if (message.contains("UTF-8")) {
      return "a text field holds bytes that are not UTF-8";
    }
    return "its bytes are not a protobuf message (" + message + ")";
  }

  private static InvalidArgumentException notARegistry(String shown, String why) {
    return notARegistry(shown, why, null);
  }

  private static InvalidArgumentException notARegistry(String shown, String why, Throwable cause) {
    return new InvalidArgumentException(
        shown + " is not a Feast registry: " + why,
        "Give the file that Feast's feature_store.yaml names as registry: (registry.db or"
            + " registry.pb, written by 'feast apply'); if it was copied, copy it again whole",
        cause);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
