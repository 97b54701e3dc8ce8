package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.registry.RegistrySnapshot;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The registry snapshot of online reads: reloaded after its maximum age or an invalidation. */
class CachedSnapshotTest {
  @Test
  void reloadsOnlyWhenOlderThanTheMaximumAgeOrInvalidated() {
    AtomicLong now = new AtomicLong();
    AtomicInteger loads = new AtomicInteger();
    CachedSnapshot cache =
        new CachedSnapshot(
            () -> {
              loads.incrementAndGet();
              return RegistrySnapshot.empty("p");
            },
            Duration.ofSeconds(2),
            now::get);
    cache.get();
    now.set(Duration.ofMillis(1999).toNanos());
    cache.get();
    assertThat(loads).hasValue(1);
    now.set(Duration.ofSeconds(2).toNanos());
    cache.get();
    assertThat(loads).hasValue(2);
    cache.invalidate();
    cache.get();
    cache.get();
    assertThat(loads).hasValue(3);
  }
}
