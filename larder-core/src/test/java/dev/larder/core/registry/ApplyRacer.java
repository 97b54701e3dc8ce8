package dev.larder.core.registry;

import dev.larder.core.ConflictException;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.RepoDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The main class of a child JVM in {@link RegistryConcurrencyTest}: applies the definitions in a
 * JSON file ({@code DefinitionJson}) to a SQLite registry, but between reading the registry and
 * committing it waits until its peer has read too (a barrier of files), so that both commit from
 * the same revision. Prints {@code applied revision N} and exits 0, or prints {@code conflict:
 * <message>} and exits {@value #CONFLICT_EXIT}.
 *
 * <p>Arguments: registry file, definitions JSON file, barrier folder, own name, peer's name.
 */
final class ApplyRacer {
  static final int CONFLICT_EXIT = 3;
  private static final long WAIT_MILLIS = 60_000;

  private ApplyRacer() {}

  public static void main(String[] args) throws IOException {
    Path registryFile = Path.of(args[0]);
    RepoDefinitions definitions =
        DefinitionJson.readDefinitions(Files.readString(Path.of(args[1])));
    Path barrier = Path.of(args[2]);
    RegistryStore store =
        new PausingStore(
            new SqliteRegistryStore(registryFile, TestDefinitions.PROJECT),
            () -> await(barrier, args[3], args[4]));
    Registry registry =
        new Registry(store, TestDefinitions.PROJECT, d -> {}, Clock.systemUTC(), Actor.current());
    try {
      System.out.println(
          "applied revision "
              + registry.apply(definitions, ApplyOptions.ALLOW_BREAKING).revision());
    } catch (ConflictException e) {
      System.out.println("conflict: " + e.getMessage());
      System.exit(CONFLICT_EXIT);
    }
  }

  /** Marks {@code me} as ready and waits until {@code peer} is ready too. */
  private static void await(Path barrier, String me, String peer) {
    try {
      Files.writeString(barrier.resolve(me + ".ready"), "");
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (!Files.exists(barrier.resolve(peer + ".ready"))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(me + " waited " + WAIT_MILLIS + " ms for " + peer);
        }
        Thread.sleep(5);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(me + " was interrupted at the barrier", e);
    }
  }
}
