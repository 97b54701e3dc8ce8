package dev.larder.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory operations commands share: emptiness checks and recursive deletion. */
public final class Directories {
  private Directories() {}

  /** Whether {@code dir} is a directory with no entries. */
  public static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Deletes everything inside {@code dir}, keeping {@code dir} itself. */
  public static void deleteContents(Path dir) throws IOException {
    delete(dir, false);
  }

  /** Deletes {@code dir} and everything inside it. */
  public static void deleteTree(Path dir) throws IOException {
    delete(dir, true);
  }

  private static void delete(Path dir, boolean includingDir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        if (includingDir || !p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
