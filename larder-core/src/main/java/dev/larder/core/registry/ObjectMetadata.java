package dev.larder.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * When a registry object was first applied and when an apply last changed it. {@code created}
 * survives updates; an object deleted and defined again starts with a new {@code created}.
 *
 * @param created when the object was created (UTC)
 * @param lastUpdated when an apply last changed it (or its feature view version); never before
 *     {@code created}
 */
public record ObjectMetadata(Instant created, Instant lastUpdated) {
  public ObjectMetadata {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    if (lastUpdated.isBefore(created)) {
      throw new IllegalArgumentException(
          "last updated " + lastUpdated + " is before created " + created);
    }
  }

  /** Metadata of an object created at {@code now}. */
  public static ObjectMetadata createdAt(Instant now) {
    return new ObjectMetadata(now, now);
  }

  /** This metadata with {@code lastUpdated} set to {@code now}, {@code created} kept. */
  public ObjectMetadata updatedAt(Instant now) {
    return new ObjectMetadata(created, now.isBefore(created) ? created : now);
  }
}
