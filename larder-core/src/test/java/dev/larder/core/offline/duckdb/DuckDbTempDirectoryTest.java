package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's spill folders under {@code java.io.tmpdir}: named after the process that made them, and
 * removed at the next start when that process is gone (a killed process cannot clean up), never
 * while it lives, and never a folder that Larder did not name so.
 */
class DuckDbTempDirectoryTest {
  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
  private final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<Path> made = new ArrayList<>();
  @TempDir Path repo;

  @AfterEach
  void removeWhatThisTestMade() throws Exception {
    for (Path p : made) {
      if (Files.exists(p)) {
        try (var files = Files.walk(p)) {
          for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    p.waitFor();
    while (ProcessHandle.of(pid).isPresent()) {
      Thread.sleep(10);
    }
    return pid;
  }

  private Path folder(String name) throws Exception {
    Path dir = Files.createDirectory(TMP.resolve(name));
    Files.writeString(dir.resolve("duckdb_temp_storage-0.tmp"), "spilled");
    made.add(dir);
    return dir;
  }

  private static List<Path> ownFolders() throws Exception {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(TMP, "larder-duckdb-" + ProcessHandle.current().pid() + "-*")) {
      s.forEach(out::add);
    }
    return out;
  }

  @Test
  void startingAnEngineRemovesTheFoldersOfDeadProcessesOnly() throws Exception {
    long dead = deadPid();
    long live = ProcessHandle.current().pid();
    Path ofDead = folder("larder-duckdb-" + dead + "-" + tag);
    Path ofLive = folder("larder-duckdb-" + live + "-" + tag);
    Path oldStyle = folder("larder-duckdb-" + tag.replaceAll("[a-f]", "7"));
    Path other = folder("larder-duckdbx-" + dead + "-" + tag);
    Path notAFolder = TMP.resolve("larder-duckdb-" + dead + "-f" + tag);
    Files.writeString(notAFolder, "a file");
    made.add(notAFolder);

    try (DuckDbOfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      assertThat(ofDead).doesNotExist();
      assertThat(ofLive.resolve("duckdb_temp_storage-0.tmp")).exists();
      assertThat(oldStyle.resolve("duckdb_temp_storage-0.tmp")).exists();
      assertThat(other.resolve("duckdb_temp_storage-0.tmp")).exists();
      assertThat(notAFolder).isRegularFile();
      assertThat(ownFolders()).contains(ofLive).hasSizeGreaterThan(1);
    }
  }

  @Test
  void theEnginesFolderNamesItsProcessAndGoesAtClose() throws Exception {
    List<Path> before = ownFolders();
    Path mine;
    try (DuckDbOfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      List<Path> during = ownFolders();
      during.removeAll(before);
      assertThat(during).hasSize(1);
      mine = during.get(0);
      assertThat(mine.getFileName().toString())
          .matches("larder-duckdb-" + ProcessHandle.current().pid() + "-[A-Za-z0-9]+");
    }
    assertThat(mine).doesNotExist();
  }

  @Test
  void leftoversAreJudgedByTheirPidAndLinksAreNotFollowed(@TempDir Path parent) throws Exception {
    Path own = Files.createDirectory(parent.resolve("larder-duckdb-1-own"));
    Path gone = Files.createDirectories(parent.resolve("larder-duckdb-2-a1/sub"));
    Files.writeString(gone.resolve("spill.tmp"), "x");
    Path living = Files.createDirectory(parent.resolve("larder-duckdb-3-a1"));
    Path kept = Files.createDirectory(parent.resolve("elsewhere"));
    Files.writeString(kept.resolve("precious"), "y");
    Path link = Files.createSymbolicLink(parent.resolve("larder-duckdb-4-a1"), kept);
    Path unmatched = Files.createDirectory(parent.resolve("larder-duckdb-5-a_1"));

    List<Path> removed =
        DuckDbTempDirectory.removeLeftovers(parent, pid -> pid == 1 || pid == 3, own);

    assertThat(removed).containsExactly(parent.resolve("larder-duckdb-2-a1"));
    assertThat(parent.resolve("larder-duckdb-2-a1")).doesNotExist();
    assertThat(own).isDirectory();
    assertThat(living).isDirectory();
    assertThat(link).isSymbolicLink();
    assertThat(kept.resolve("precious")).hasContent("y");
    assertThat(unmatched).isDirectory();
  }
}
