package dev.larder.core.source;

import dev.larder.core.Echo;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.SqliteRegistryStoreFactory;
import dev.larder.core.repo.RepoConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The warnings of {@code apply} about source paths that only this machine can resolve (DESIGN B9):
 * a source path in the definitions is relative to the repository folder of the process that reads
 * it, so with a shared registry (any registry type but the embedded {@code sqlite}) another
 * machine, a CI job or a feature server resolves it in its own folder, where the file may not be.
 * One warning per file source (a push source's inline batch source included) whose path is neither
 * absolute nor a URI ({@code scheme://…}). With the embedded SQLite registry there are none.
 */
public final class SourcePathWarnings {
  /** A URI's start: a scheme, then {@code ://} ({@code s3://}, {@code file://}, {@code gs://}). */
  private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

  private SourcePathWarnings() {}

  /**
   * The warnings for {@code definitions} applied to the registry of {@code config}, in definition
   * order, each naming the source, its path, the registry type and the fix; empty for a {@code
   * sqlite} registry.
   */
  public static List<String> of(RepoConfig config, RepoDefinitions definitions) {
    String registryType = config.registry().type();
    if (registryType.equals(SqliteRegistryStoreFactory.TYPE)) {
      return List.of();
    }
    // each file source once: as itself, or as the batch source of the push source it is inline in
    Map<FileSource, String> files = new LinkedHashMap<>();
    for (DataSource source : definitions.sources()) {
      if (source instanceof FileSource file) {
        files.put(file, definitions.locate(file));
      }
    }
    for (DataSource source : definitions.sources()) {
      if (source instanceof PushSource push && push.batchSource() instanceof FileSource batch) {
        files.putIfAbsent(
            batch,
            definitions.locate(push) + ": batch_source " + Echo.of(push.batchSource().name()));
      }
    }
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<FileSource, String> named : files.entrySet()) {
      FileSource file = named.getKey();
      if (isRelative(file.path())) {
        warnings.add(
            named.getValue()
                + " reads the relative path "
                + Echo.of(file.path())
                + " ("
                + config.resolve(file.path())
                + " here), but the registry is shared (registry_type "
                + registryType
                + "): other machines resolve it in their own repository folder and may not have"
                + " the file; use an absolute path or a URI that every machine reaches");
      }
    }
    return warnings;
  }

  /** Whether {@code path} is resolved against the repository: not absolute, not a URI. */
  static boolean isRelative(String path) {
    return !URI.matcher(path).lookingAt() && !Path.of(path).isAbsolute();
  }
}
