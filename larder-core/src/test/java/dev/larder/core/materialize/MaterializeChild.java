package dev.larder.core.materialize;

import dev.larder.core.FeatureStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A materialization run in its own JVM, to be killed by {@link MaterializeKillIT}: {@code repo
 * start end batchSize}. Prints {@code rows N} after each committed batch.
 */
public final class MaterializeChild {
  private MaterializeChild() {}

  public static void main(String[] args) {
    try (FeatureStore store = FeatureStore.open(Path.of(args[0]))) {
      new Materializer(store.registry(), store.offline(), store.online(), Integer.parseInt(args[3]))
          .materialize(
              Instant.parse(args[1]),
              Instant.parse(args[2]),
              null,
              new MaterializeProgress() {
                @Override
                public void rowsWritten(String view, long rowsDone) {
                  System.out.println("rows " + rowsDone);
                  System.out.flush();
                }
              });
    }
    System.out.println("done");
  }
}
