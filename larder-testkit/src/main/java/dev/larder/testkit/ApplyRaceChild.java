package dev.larder.testkit;

import dev.larder.core.ConflictException;
import dev.larder.core.FeatureStore;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.ApplyResult;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.source.SourceValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

/**
 * The main class of a child JVM in {@link ConcurrentAppliesContract}: applies definitions of its
 * own to the repository's registry (shared with the other children's), round after round, meeting
 * the other children at a barrier of files before each round so that all apply at once. Round 0
 * goes through {@link Registry} on a store that waits at the barrier between reading the registry
 * and committing, so that every child commits from the same revision; the later rounds go through
 * {@link FeatureStore#apply}, as {@code larder apply --allow-breaking} does. Each round prints
 * {@code applied <round> revision <N>}, {@code conflict <round>: <message>} or {@code unchanged
 * <round>}; any other failure ends the child with status 1.
 *
 * <p>Arguments: repository, rounds, barrier folder, number of children.
 */
public final class ApplyRaceChild {
  private static final long WAIT_MILLIS = 60_000;

  private ApplyRaceChild() {}

  /** The ttl, in seconds, of the view that child {@code child} applies in {@code round}. */
  static long ttlSeconds(int child, int round) {
    return 1000L * (child + 1) + round;
  }

  /** The definitions child {@code child} applies in {@code round}: its own source and ttl. */
  static String definitions(int child, int round) {
    return ConcurrentAppliesContract.DEFINITIONS.replace(
        "    source: stats\n", "    source: stats\n    ttl: " + ttlSeconds(child, round) + "s\n");
  }

  public static void main(String[] args) throws IOException {
    Path repo = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path barrier = Path.of(args[2]);
    int children = Integer.parseInt(args[3]);
    int child = Integer.parseInt(args[4]);
    for (int round = 0; round < rounds; round++) {
      Files.writeString(repo.resolve("features.yaml"), definitions(child, round));
      ApplyResult result;
      try {
        if (round == 0) {
          result = pausedApply(repo, barrier, children, child);
        } else {
          await(barrier, "round" + round, children, child);
          try (FeatureStore store = FeatureStore.open(repo)) {
            result = store.apply(ApplyOptions.ALLOW_BREAKING);
          }
        }
      } catch (ConflictException e) {
        System.out.println("conflict " + round + ": " + e.getMessage());
        continue;
      }
      System.out.println(
          result.committed()
              ? "applied " + round + " revision " + result.revision()
              : "unchanged " + round);
    }
  }

  /** An apply through {@link Registry} that waits for every child between its read and commit. */
  private static ApplyResult pausedApply(Path repo, Path barrier, int children, int child) {
    RepoConfig config = RepoConfig.load(repo);
    RegistryStore store =
        new PausingRegistryStore(
            RegistryStore.open(config), () -> await(barrier, "read", children, child));
    try (Registry registry =
        new Registry(
            store,
            config.project(),
            d -> SourceValidator.validate(config, d),
            Clock.systemUTC(),
            Actor.current())) {
      return registry.apply(DefinitionLoader.load(repo), ApplyOptions.ALLOW_BREAKING);
    }
  }

  /** Marks this child at {@code point} and waits until all {@code children} are there. */
  private static void await(Path barrier, String point, int children, int child) {
    try {
      Files.writeString(barrier.resolve(point + "." + child), "");
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (true) {
        long there;
        try (Stream<Path> files = Files.list(barrier)) {
          there = files.filter(f -> f.getFileName().toString().startsWith(point + ".")).count();
        }
        if (there >= children) {
          return;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "child " + child + " waited " + WAIT_MILLIS + " ms at " + point);
        }
        Thread.sleep(5);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the barrier", e);
    }
  }
}
