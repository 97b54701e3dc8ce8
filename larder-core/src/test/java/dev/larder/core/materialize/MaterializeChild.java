package dev.larder.core.materialize;

import dev.larder.core.FeatureStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A materialization run in its own JVM, to be killed by {@link MaterializeKillTest}: {@code repo
 * start end batchSize}. Prints {@code rows N} after each committed batch, then pauses for a
 * millisecond, so that the run lasts long enough for the parent to kill it mid-way however fast the
 * machine.
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
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              });
    }
    System.out.println("done");
  }
}
