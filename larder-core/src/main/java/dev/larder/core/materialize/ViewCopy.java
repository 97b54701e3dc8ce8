package dev.larder.core.materialize;

import dev.larder.core.BackendException;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.online.EntityKeyFormat;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.PreparedWrites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Copies one view's {@link LatestRows} into the online store on two threads, so that reading the
 * offline engine and writing the store overlap: a reading thread turns the cursor's rows into
 * batches (and encodes them when the store has {@link PreparedWrites}); the calling thread writes
 * each batch, one transaction of the store each, in the cursor's order, and reports progress. At
 * most {@value #QUEUED} batches wait between the two, so memory holds about {@value #QUEUED} + 2
 * batches whatever the view's size.
 *
 * <p>If either side fails, the other stops after its current batch: the batches written so far stay
 * written (each whole), and the failure is thrown on the calling thread.
 */
final class ViewCopy {
  /** The batches that may wait, read but not yet written. */
  static final int QUEUED = 2;

  private static final long OFFER_MILLIS = 50;

  /** One batch: its rows, or its rows encoded by {@link PreparedWrites#prepare}. */
  private record Batch(List<OnlineRow> rows, PreparedWrites.Batch prepared, int size) {}

  /** Ends the stream of batches, after the last or after a failure of the reading thread. */
  private static final Batch END = new Batch(List.of(), null, 0);

  private final String view;
  private final List<String> features;
  private final OnlineStore online;
  private final PreparedWrites preparing;
  private final EntityKeyFormat format;
  private final int batchSize;
  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
  private volatile boolean cancelled;
  private volatile Throwable readFailure;

  ViewCopy(
      String view,
      List<String> features,
      OnlineStore online,
      EntityKeyFormat format,
      int batchSize) {
    this.view = view;
    this.features = features;
    this.online = online;
    this.preparing = online instanceof PreparedWrites p ? p : null;
    this.format = format;
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
      for (Batch batch = take(); batch != END; batch = take()) {
        if (batch.prepared() != null) {
          preparing.write(batch.prepared());
        } else {
          online.write(view, features, batch.rows());
        }
        written += batch.size();
        progress.rowsWritten(view, written);
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
          "cannot read the latest rows of feature view '" + view + "': " + failure, null, failure);
    }
    return written;
  }

  /** The reading thread: the cursor's rows in batches, then {@link #END}. */
  private void read(LatestRows cursor) {
    try {
      int keyCount = format.keys().size();
      List<OnlineRow> rows = newBatch();
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
        Object[] values = new Object[features.size()];
        for (int f = 0; f < values.length; f++) {
          values[f] = cursor.value(f);
        }
        rows.add(
            new OnlineRow(
                format.encode(keys),
                Arrays.asList(values),
                cursor.eventTimestamp(),
                cursor.createdTimestamp()));
        if (rows.size() == batchSize) {
          hand(rows);
          rows = newBatch();
        }
      }
      if (!rows.isEmpty()) {
        hand(rows);
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

  private List<OnlineRow> newBatch() {
    return new ArrayList<>(Math.min(batchSize, 65_536));
  }

  private void hand(List<OnlineRow> rows) throws InterruptedException {
    offer(
        preparing == null
            ? new Batch(rows, null, rows.size())
            : new Batch(null, preparing.prepare(view, features, rows), rows.size()));
  }

  /** Queues {@code batch}, waiting for room unless the writing side gave up. */
  private void offer(Batch batch) throws InterruptedException {
    while (!cancelled) {
      if (queue.offer(batch, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  private Batch take() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(
          "the materialization of feature view '"
              + view
              + "' was interrupted; the rows written so far stay, and its interval is not recorded",
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
