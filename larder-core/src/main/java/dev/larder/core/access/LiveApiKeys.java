package dev.larder.core.access;

import dev.larder.core.BackendException;
import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The keys of an {@link ApiKeyFile} as a long-running server sees them: read again when the file
 * changed (its modification time, size and identity, since {@code larder auth} replaces it
 * atomically), looked at no more than once per recheck interval, so an added or revoked key counts
 * within that time without a restart. Thread-safe. A damaged file is the server's problem, not a
 * request's: its error becomes a {@link BackendException}.
 */
public final class LiveApiKeys {
  private record Loaded(ApiKeys keys, Optional<Stamp> stamp, long checkedAt) {}

  private record Stamp(Object fileKey, long modified, long size) {}

  private final ApiKeyFile file;
  private final long recheckNanos;
  private final LongSupplier nanoTime;
  private volatile Loaded loaded;

  /** The keys of {@code file}, looked at again at most once per {@code recheck}. */
  public LiveApiKeys(ApiKeyFile file, Duration recheck, LongSupplier nanoTime) {
    this.file = Objects.requireNonNull(file, "file");
    this.recheckNanos = recheck.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The file. */
  public ApiKeyFile file() {
    return file;
  }

  /** The keys as of at most the recheck interval ago. */
  public ApiKeys keys() {
    Loaded l = loaded;
    long now = nanoTime.getAsLong();
    if (l != null && now - l.checkedAt() < recheckNanos) {
      return l.keys();
    }
    synchronized (this) {
      l = loaded;
      if (l != null && now - l.checkedAt() < recheckNanos) {
        return l.keys();
      }
      Optional<Stamp> stamp = stamp();
      ApiKeys keys = l != null && l.stamp().equals(stamp) ? l.keys() : read();
      loaded = new Loaded(keys, stamp, now);
      return keys;
    }
  }

  private ApiKeys read() {
    try {
      return file.read();
    } catch (LarderException e) {
      if (e.code() == ErrorCode.BACKEND_UNAVAILABLE) {
        throw e;
      }
      throw new BackendException(e.getMessage(), e.hint(), e);
    }
  }

  private Optional<Stamp> stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
      return Optional.of(
          new Stamp(
              Objects.requireNonNullElse(a.fileKey(), ""),
              a.lastModifiedTime().toMillis(),
              a.size()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BackendException(
          "cannot read the API keys file " + file.path() + ": " + e.getMessage(), null, e);
    }
  }
}
