package dev.larder.core.online;

import java.util.List;

/**
 * An optional capability of an {@link OnlineStore}: a write split in two steps, so that a caller
 * can check and encode the next batch on one thread while another thread writes the previous one
 * (materialization does). {@code store.write(view, features, rows)} is the same as {@code
 * store.write(store.prepare(view, features, rows))}.
 */
public interface PreparedWrites {
  /**
   * Checks and encodes {@code rows} of view {@code view} for {@link #write(Batch)}, as {@link
   * OnlineStore#write} would, without touching the store. May run on any thread, also while another
   * thread writes.
   *
   * @throws IllegalArgumentException for an invalid name or a row of the wrong length
   */
  Batch prepare(String view, List<String> features, List<OnlineRow> rows);

  /**
   * Writes a batch from {@link #prepare} of this store, under the rules of {@link
   * OnlineStore#write}: a row replaces its key's stored row only when it is not older, and the
   * batch is atomic.
   *
   * @throws IllegalArgumentException for a batch that another store prepared
   */
  void write(Batch batch);

  /** Rows encoded by {@link #prepare}, opaque to the caller. */
  interface Batch {
    /** The number of rows. */
    int size();
  }
}
