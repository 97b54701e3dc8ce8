package dev.larder.core.online;

import dev.larder.core.offline.LatestRows;
import java.time.Instant;
import java.util.List;

/**
 * An optional capability of an {@link OnlineStore}: a write split in two steps, so that a caller
 * can check and encode the next batch on one thread while another thread writes the previous one
 * (materialization does). Ask for it with {@code store.capability(PreparedWrites.class)}; {@code
 * store.write(view, rows)} is the same as {@code store.write(store.prepare(view, rows))}.
 */
public interface PreparedWrites {
  /**
   * Checks and encodes {@code rows} of the view {@code view} names for {@link #write(Batch)}, as
   * {@link OnlineStore#write} would, without touching the store. May run on any thread, also while
   * another thread writes.
   *
   * @throws IllegalArgumentException for a row of the wrong length or a key of other join keys
   */
  Batch prepare(OnlineViewSchema view, List<OnlineRow> rows);

  /**
   * A batch to fill row by row, integers and floats unboxed (a materialization hands it each row's
   * values straight from {@link LatestRows#values}); {@link RowBatch#build} gives what {@link
   * #prepare} would of the same rows. May run on any thread, also while another thread writes.
   */
  RowBatch newBatch(OnlineViewSchema view);

  /**
   * Writes a batch from {@link #prepare} or {@link #newBatch} of this store, under the rules of
   * {@link OnlineStore#write}: a row replaces its key's stored row only when it is not older, and
   * the batch is atomic.
   *
   * @throws IllegalArgumentException for a batch that another store prepared
   */
  void write(Batch batch);

  /** Rows encoded by {@link #prepare} or {@link #newBatch}, opaque to the caller. */
  interface Batch {
    /** The number of rows. */
    int size();
  }

  /**
   * Rows given one at a time: {@link #startRow}, then one value per feature in order (through the
   * {@link LatestRows.ValueSink} methods), then {@link #endRow}.
   */
  interface RowBatch extends LatestRows.ValueSink {
    /** Starts a row: its key and times ({@code createdTimestamp} may be {@code null}). */
    void startRow(EntityKey key, Instant eventTimestamp, Instant createdTimestamp);

    /**
     * Ends the row.
     *
     * @throws IllegalArgumentException when it did not get one value per feature
     */
    void endRow();

    /** The rows ended so far. */
    int size();

    /** The batch of the rows ended so far, for {@link #write(Batch)}. */
    Batch build();
  }
}
