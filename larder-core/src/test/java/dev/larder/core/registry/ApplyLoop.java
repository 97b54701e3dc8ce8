package dev.larder.core.registry;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The main class of a child JVM in {@link RunRecordingConcurrencyTest}: applies two different sets
 * of definitions in turn to a SQLite registry, each apply a new revision and a new view version,
 * printing {@code applied revision N} after each. The two differ in breaking ways (a feature view's
 * schema), so the applies are allowed to break.
 *
 * <p>Arguments: registry file, number of applies.
 */
final class ApplyLoop {
  private ApplyLoop() {}

  public static void main(String[] args) {
    Registry registry =
        new Registry(
            new SqliteRegistryStore(Path.of(args[0]), TestDefinitions.PROJECT),
            TestDefinitions.PROJECT,
            d -> {},
            Clock.systemUTC(),
            new Actor("applier"));
    int applies = Integer.parseInt(args[1]);
    for (int i = 0; i < applies; i++) {
      long revision =
          registry
              .apply(
                  i % 2 == 0
                      ? TestDefinitions.with(
                          TestDefinitions.source(), TestDefinitions.viewBuilder(5).build())
                      : TestDefinitions.classification(),
                  ApplyOptions.ALLOW_BREAKING)
              .revision();
      System.out.println("applied revision " + revision);
      System.out.flush();
    }
  }
}
