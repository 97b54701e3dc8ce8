package dev.larder.core.materialize;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.FaultPoint;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PreparedWrites;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Copies one view's {@link LatestRows} into the online store on two threads, so that reading the
 * offline engine and writing the store overlap: a reading thread turns the cursor's rows into
 * batches, encoded with integers and floats never boxed when the store has {@link PreparedWrites}
 * ({@link PreparedWrites#newBatch}), else as {@link BoxedRows}; the calling thread writes each
 * batch, one transaction of the store each, in the cursor's order, and reports progress. At most
 * {@value #QUEUED} batches wait between the two, so memory holds about {@value #QUEUED} + 2 batches
 * whatever the view's size.
 *
 * <p>If either side fails, the other stops after its current batch: the batches written so far stay
 * written (each whole), and the failure is thrown on the calling thread.
 */
final class ViewCopy {
  /** The batches that may wait, read but not yet written. */
  static final int QUEUED = 2;

  private static final long OFFER_MILLIS = 50;

  /** Ends the stream of batches, after the last or after a failure of the reading thread. */
  private static final PreparedWrites.Batch END = () -> 0;

  private final OnlineViewSchema schema;
  private final String view;
  private final OnlineStore online;
  private final PreparedWrites preparing;
  private final int batchSize;
  private final BlockingQueue<PreparedWrites.Batch> queue = new ArrayBlockingQueue<>(QUEUED);
  private volatile boolean cancelled;
  private volatile Throwable readFailure;

  ViewCopy(OnlineViewSchema schema, OnlineStore online, int batchSize) {
    this.schema = schema;
    this.view = schema.view();
    this.online = online;
    this.preparing = online.capability(PreparedWrites.class).orElse(null);
    this.batchSize = batchSize;
  }

  /**
   * Reads {@code cursor} to its end and writes its rows; the cursor is only read, and by the
   * reading thread, which has ended when this returns or throws.
   *
   * @return the rows written
   */
  long run(LatestRows cursor, MaterializeProgress progress) {
    Thread reader = new Thread(() -> read(cursor), "larder-materialize-read-" + view);
    reader.setDaemon(true);
    reader.start();
    long written = 0;
    boolean finished = false;
    try {
      for (PreparedWrites.Batch batch = take(); batch != END; batch = take()) {
        if (batch instanceof BoxedRows rows) {
          online.write(schema, rows.rows());
        } else {
          preparing.write(batch);
        }
        written += batch.size();
        progress.rowsWritten(view, written);
        FaultPoint.MATERIALIZE_BATCH_WRITTEN.reach();
      }
      finished = true;
    } finally {
      if (!finished) {
        cancelled = true;
        queue.clear(); // frees a reader waiting to hand over a batch
      }
      joinUninterruptibly(reader);
    }
    Throwable failure = readFailure;
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new BackendException(
          "cannot read the latest rows of feature view " + Echo.of(view) + ": " + failure,
          null,
          failure);
    }
    return written;
  }

  /** The reading thread: the cursor's rows in batches, then {@link #END}. */
  private void read(LatestRows cursor) {
    try {
      int keyCount = schema.joinKeys().size();
      PreparedWrites.RowBatch rows = newBatch();
      while (!cancelled && cursor.next()) {
        Object[] keys = new Object[keyCount];
        boolean nullKey = false;
        for (int k = 0; k < keyCount; k++) {
          keys[k] = cursor.key(k);
          nullKey |= keys[k] == null;
        }
        if (nullKey) {
          continue; // no read can ask for it
        }
        rows.startRow(schema.key(keys), cursor.eventTimestamp(), cursor.createdTimestamp());
        cursor.values(rows);
        rows.endRow();
        if (rows.size() == batchSize) {
          offer(rows.build());
          rows = newBatch();
        }
      }
      if (rows.size() > 0) {
        offer(rows.build());
      }
    } catch (InterruptedException e) {
      readFailure = e;
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      readFailure = e;
    } finally {
      try {
        offer(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private PreparedWrites.RowBatch newBatch() {
    return preparing == null ? new BoxedRows(schema.features().size()) : preparing.newBatch(schema);
  }

  /** Queues {@code batch}, waiting for room unless the writing side gave up. */
  private void offer(PreparedWrites.Batch batch) throws InterruptedException {
    while (!cancelled) {
      if (queue.offer(batch, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  private PreparedWrites.Batch take() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(
          "the materialization of feature view "
              + Echo.of(view)
              + " was interrupted; the rows written so far stay, and its interval is not recorded",
          "Run it again to complete it",
          e);
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
