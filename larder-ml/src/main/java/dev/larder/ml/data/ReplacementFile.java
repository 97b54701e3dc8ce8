package dev.larder.ml.data;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written under a hidden temporary name beside its target and moved into place only when
 * complete, so readers see the old file or the new one, never a part; a failure leaves the target
 * as it was. Closing deletes the temporary file unless it was moved.
 */
final class ReplacementFile implements AutoCloseable {
  private final Path target;
  private final Path temporary;
  private boolean moved;

  private ReplacementFile(Path target, Path temporary) {
    this.target = target;
    this.temporary = temporary;
  }

  /**
   * Creates the target's parent directories and an empty temporary file beside it.
   *
   * @param target an absolute path
   */
  static ReplacementFile beside(Path target) {
    Path directory = target.getParent();
    try {
      Files.createDirectories(directory);
      return new ReplacementFile(
          target, Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp"));
    } catch (IOException e) {
      throw new BackendException(
          "Cannot create a file in " + directory + ": " + e.getMessage(),
          "Check that the directory can be created and written.",
          e);
    }
  }

  /** Where to write. */
  Path temporary() {
    return temporary;
  }

  /** Moves the written file to the target, atomically replacing an existing one. */
  void replaceTarget() {
    move(true, null);
  }

  /**
   * Moves the written file to the target, which must not exist; if it appeared meanwhile, throws
   * the error built by {@code alreadyExists}.
   */
  void moveToAbsentTarget(AlreadyExists alreadyExists) {
    move(false, alreadyExists);
  }

  private void move(boolean replace, AlreadyExists alreadyExists) {
    try {
      if (replace) {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(temporary, target);
      }
      moved = true;
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists.error(e);
    } catch (IOException e) {
      throw new BackendException(
          "Cannot move the new file into place at " + target + ": " + e.getMessage(), null, e);
    }
  }

  /** Builds the error for a target that appeared while the file was being written. */
  @FunctionalInterface
  interface AlreadyExists {
    AlreadyExistsException error(FileAlreadyExistsException cause);
  }

  @Override
  public void close() {
    if (moved) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // Best effort: a leftover temporary file is hidden and never read; the outcome is decided.
    }
  }
}
