package dev.larder.core.access;

import dev.larder.core.BackendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The secret that signs the web UI's session tokens ({@link SessionTokens}): 32 random bytes,
 * base64url, in a file beside the API keys file ({@code auth/keys.yaml} → {@code
 * auth/keys.yaml.session-secret}), readable by its owner only. Every server that reads the same
 * keys file reads the same secret, so a fleet accepts each other's sessions; deleting the file ends
 * every session at the next start.
 *
 * <p>It is created on first need, atomically: the secret is written whole to a temporary file,
 * which is then hard-linked to the final name, a step that fails when the name exists; so two
 * servers starting at once create one secret, and the loser reads the winner's. Where the file
 * system has no hard links, the file is created exclusively and written in place, and a reader that
 * finds it still empty waits for its content.
 */
public final class SessionSecret {
  /** Random bytes in a secret. */
  public static final int BYTES = 32;

  private SessionSecret() {}

  /** Where the secret of the keys file {@code keysFile} is kept. */
  public static Path pathBeside(Path keysFile) {
    return keysFile.resolveSibling(keysFile.getFileName() + ".session-secret");
  }

  /**
   * The secret beside {@code keysFile}, created if there is none yet.
   *
   * @throws BackendException if it cannot be read or written, or is damaged (naming the file and
   *     the fix: delete it)
   */
  public static byte[] loadOrCreate(Path keysFile) {
    Path file = pathBeside(keysFile.toAbsolutePath().normalize());
    try {
      for (int attempt = 0; attempt < 50; attempt++) {
        byte[] existing = read(file);
        if (existing != null) {
          return existing;
        }
        if (create(file)) {
          byte[] created = read(file);
          if (created != null) {
            return created;
          }
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new BackendException(
          "cannot read or create the session secret " + file + ": " + e.getMessage(),
          "Check that the folder of the keys file is writable by the server's user",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while reading the session secret " + file, null, e);
    }
    throw new BackendException(
        "the session secret " + file + " stays empty",
        "Delete it; the next server to start creates a new one (signing everyone out)",
        null);
  }

  /** The secret in {@code file}; {@code null} when it does not exist or is still empty. */
  private static byte[] read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return null;
    }
    if (text.isEmpty()) {
      return null;
    }
    byte[] secret;
    try {
      secret = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      secret = new byte[0];
    }
    if (secret.length < BYTES) {
      throw new BackendException(
          "the session secret " + file + " is damaged: it is not " + BYTES + " bytes of base64url",
          "Delete it; the next server to start creates a new one (signing everyone out)",
          null);
    }
    return secret;
  }

  /** Creates the file with a new secret; {@code false} when another process created it first. */
  private static boolean create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] secret = new byte[BYTES];
    new SecureRandom().nextBytes(secret);
    byte[] text =
        (Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      ownerOnly(temp);
      write(temp, text, StandardOpenOption.WRITE);
      try {
        Files.createLink(file, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException e) {
        if (Files.exists(file)) {
          return false;
        }
        // no hard links here: create the file exclusively, then write it
        try {
          createOwnerOnly(file, text);
          return true;
        } catch (FileAlreadyExistsException raced) {
          return false;
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void write(Path file, byte[] text, StandardOpenOption... options)
      throws IOException {
    try (FileChannel out = FileChannel.open(file, options)) {
      out.write(ByteBuffer.wrap(text));
      out.force(true);
    }
  }

  private static void createOwnerOnly(Path file, byte[] text) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileChannel out;
    try {
      out =
          FileChannel.open(
              file,
              options,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      out = FileChannel.open(file, options);
    }
    try (FileChannel c = out) {
      c.write(ByteBuffer.wrap(text));
      c.force(true);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the default permissions
    }
  }
}
