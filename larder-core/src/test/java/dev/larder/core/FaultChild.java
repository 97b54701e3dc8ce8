package dev.larder.core;

import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.online.PushMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The writes of {@link FaultPointsIT}, each in a JVM of its own armed at one {@link FaultPoint}:
 * {@code apply REPO}, {@code push REPO} (driver 2 at 2.5 through push source {@code live} to the
 * offline store) or {@code add-key FILE NAME}. Prints {@code done} when the write finished.
 */
public final class FaultChild {
  private FaultChild() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "apply" -> {
        try (FeatureStore store = FeatureStore.open(Path.of(args[1]))) {
          store.apply();
        }
      }
      case "push" -> {
        try (FeatureStore store = FeatureStore.open(Path.of(args[1]))) {
          store.push("live", FaultPointsIT.pushedRows(), PushMode.OFFLINE);
        }
      }
      case "add-key" ->
          new ApiKeyFile(Path.of(args[1])).add(args[2], List.of("reader"), Clock.systemUTC());
      default -> throw new IllegalArgumentException("unknown action " + args[0]);
    }
    System.out.println("done");
  }
}
