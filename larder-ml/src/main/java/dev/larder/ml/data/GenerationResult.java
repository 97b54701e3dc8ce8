package dev.larder.ml.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link SampleDatabase#create} wrote.
 *
 * @param path the database file, absolute
 * @param rows rows in the table ({@code samples × snapshots})
 * @param samples distinct samples
 * @param features feature columns
 * @param elapsed time taken, generation and writing together
 */
public record GenerationResult(Path path, long rows, int samples, int features, Duration elapsed) {
  public GenerationResult {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
