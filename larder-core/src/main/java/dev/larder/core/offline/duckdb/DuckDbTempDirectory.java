package dev.larder.core.offline.duckdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder where DuckDB spills when {@code feature_store.yaml} names none: {@code
 * larder-duckdb-<pid>-<random>} under {@code java.io.tmpdir}, deleted when the engine closes.
 *
 * <p>A process that was killed cannot delete its folder, so each new one first removes the folders
 * of processes that are gone: those whose name is {@code larder-duckdb-<pid>-<random>}, whose
 * {@code <pid>} is no live process, that are real folders (not links) and that belong to the same
 * user as the new folder. A folder of a live process, or one named otherwise, is never touched.
 */
public final class DuckDbTempDirectory {
  static final String PREFIX = "larder-duckdb-";
  private static final Pattern NAME = Pattern.compile("larder-duckdb-([0-9]{1,18})-[A-Za-z0-9]+");

  private DuckDbTempDirectory() {}

  /**
   * A new folder for this process under {@code parent}, after removing the leftovers of processes
   * that are gone.
   */
  public static Path create(Path parent) throws IOException {
    Path created = Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
    removeLeftovers(parent, pid -> ProcessHandle.of(pid).isPresent(), created);
    return created;
  }

  /**
   * Removes the folders under {@code parent} named {@code larder-duckdb-<pid>-<random>} whose pid
   * is not {@code alive} and whose owner is the owner of {@code own} (which is kept); failures to
   * delete are ignored (another process may be removing the same folder).
   *
   * @return the folders removed
   */
  static List<Path> removeLeftovers(Path parent, LongPredicate alive, Path own) {
    Objects.requireNonNull(own, "own");
    List<Path> removed = new ArrayList<>();
    UserPrincipal owner;
    try {
      owner = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path entry : entries) {
        Matcher m = NAME.matcher(entry.getFileName().toString());
        if (!m.matches()
            || entry.equals(own)
            || alive.test(Long.parseLong(m.group(1)))
            || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            || !owner.equals(Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS))) {
          continue;
        }
        if (delete(entry)) {
          removed.add(entry);
        }
      }
    } catch (IOException e) {
      // the folder cannot be listed: nothing is removed, and the new folder works regardless
    }
    return removed;
  }

  /** Deletes {@code directory} and what it holds, following no links; whether it is gone. */
  public static boolean delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return !Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
    }
  }
}
