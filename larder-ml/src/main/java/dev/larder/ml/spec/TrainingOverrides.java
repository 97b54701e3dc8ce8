package dev.larder.ml.spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Command-line settings that override a spec file; {@code null} means "not given".
 *
 * @param source {@code --source}
 * @param db {@code --db}
 * @param table {@code --table}
 * @param algorithm {@code --model}
 * @param repoPath {@code --repo}
 * @param asOf {@code --as-of}
 * @param sampleIndices {@code --samples}
 * @param forceRecreate {@code --force-recreate} (only ever turns it on)
 */
public record TrainingOverrides(
    TrainingSource source,
    Path db,
    String table,
    Algorithm algorithm,
    Path repoPath,
    Instant asOf,
    List<Long> sampleIndices,
    boolean forceRecreate) {

  /** No overrides. */
  public static final TrainingOverrides NONE =
      new TrainingOverrides(null, null, null, null, null, null, null, false);
}
