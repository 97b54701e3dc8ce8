package dev.larder.cli.feast;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.DefinitionYaml;
import dev.larder.core.repo.RepoConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes an imported Feast project as a Larder repository: {@code feature_store.yaml} with Larder's
 * embedded stores, one definitions file per kind, and {@code IMPORT_REPORT.md}. The written files
 * are loaded back and compared with the definitions before the import counts as done.
 */
public final class ImportedRepository {
  /** The report's file in the new repository. */
  public static final String REPORT_FILE = "IMPORT_REPORT.md";

  private static final Map<DefinitionKind, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put(DefinitionKind.ENTITY, "entities.yaml");
    FILES.put(DefinitionKind.DATA_SOURCE, "sources.yaml");
    FILES.put(DefinitionKind.FEATURE_VIEW, "feature_views.yaml");
    FILES.put(DefinitionKind.FEATURE_SERVICE, "feature_services.yaml");
    FILES.put(DefinitionKind.PERMISSION, "permissions.yaml");
  }

  /** A written file and how many objects it holds (0 for the configuration and the report). */
  public record WrittenFile(String name, DefinitionKind kind, int objects) {}

  private ImportedRepository() {}

  /** Refuses a {@code dir} that exists and is not an empty folder. */
  public static void requireEmpty(Path dir, String shown) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new AlreadyExistsException(
          shown + " exists and is not a folder", "Give --out a new or empty folder");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new AlreadyExistsException(
            "the folder " + shown + " is not empty; an import writes a whole new repository",
            "Give --out a new or empty folder (nothing was written)");
      }
    } catch (IOException e) {
      throw new BackendException("cannot list " + shown + ": " + e.getMessage(), null, e);
    }
  }

  /** Writes {@code result} into {@code dir} (new or empty) and returns the files written. */
  public static List<WrittenFile> write(Path dir, FeastImport.Result result, String registry) {
    List<WrittenFile> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(RepoConfig.FILE), config(result.project()));
      written.add(new WrittenFile(RepoConfig.FILE, null, 0));
      RepoDefinitions definitions = result.definitions();
      for (Map.Entry<DefinitionKind, String> file : FILES.entrySet()) {
        String text = DefinitionYaml.write(definitions, file.getKey());
        if (!text.isEmpty()) {
          Files.writeString(dir.resolve(file.getValue()), text, StandardCharsets.UTF_8);
          written.add(
              new WrittenFile(
                  file.getValue(), file.getKey(), definitions.names(file.getKey()).size()));
        }
      }
      Files.writeString(
          dir.resolve(REPORT_FILE),
          ImportReportText.markdown(result, registry, dir),
          StandardCharsets.UTF_8);
      written.add(new WrittenFile(REPORT_FILE, null, 0));
    } catch (IOException e) {
      throw new BackendException(
          "cannot write the imported repository into " + dir + ": " + e.getMessage(), null, e);
    }
    RepoConfig.load(dir);
    RepoDefinitions loaded = DefinitionLoader.load(dir);
    if (!loaded.equals(result.definitions())) {
      throw new IllegalStateException(
          "the definitions written to " + dir + " load back differently: " + loaded);
    }
    return written;
  }

  /** Larder's embedded stores, named as Feast's local template names them. */
  private static String config(String project) {
    return "project: "
        + project
        + "\n"
        + "registry: data/registry.db\n"
        + "provider: local\n"
        + "online_store: {type: sqlite, path: data/online_store.db}\n"
        + "offline_store: {type: duckdb}\n"
        + "entity_key_serialization_version: 3\n"
        + "auth: {type: none}\n";
  }

  /**
   * The file paths of the repository's file sources (push sources' batch sources included), each
   * once, as written.
   */
  public static Set<String> sourcePaths(RepoDefinitions definitions) {
    Set<String> paths = new LinkedHashSet<>();
    for (var source : definitions.sources()) {
      var batch = source instanceof PushSource push ? push.batchSource() : source;
      if (batch instanceof FileSource file) {
        paths.add(file.path());
      }
    }
    return paths;
  }

  /** Whether {@code path}, relative to {@code dir} unless absolute or a URI, exists here. */
  public static boolean present(Path dir, String path) {
    if (path.contains("://")) {
      return true;
    }
    try {
      return Files.exists(dir.resolve(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
