package dev.larder.core.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.SqliteOnlineStore;
import dev.larder.core.online.StoredRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-thread copy of a view: batches in cursor order, progress after each write, and a failure
 * on either side stops the other and reaches the caller, with the batches before it written.
 */
class ViewCopyTest {
  static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
  static final OnlineViewSchema SCHEMA =
      new OnlineViewSchema(
          "v",
          List.of(new OnlineViewSchema.KeyField("id", ValueType.INT64)),
          List.of(Field.of("x", "Float64")));

  @TempDir Path dir;

  /** Rows 0 … n-1 (key i, value i * 0.5); key null at {@code nullKey}; fails at {@code failAt}. */
  static final class Rows implements LatestRows {
    final int n;
    final int nullKey;
    final int failAt;
    final AtomicInteger read = new AtomicInteger(-1);

    Rows(int n, int nullKey, int failAt) {
      this.n = n;
      this.nullKey = nullKey;
      this.failAt = failAt;
    }

    @Override
    public ViewPlan view() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean next() {
      int i = read.incrementAndGet();
      if (i == failAt) {
        throw new BackendException("disk gone at row " + i);
      }
      return i < n;
    }

    @Override
    public Object key(int k) {
      return read.get() == nullKey ? null : (Object) (long) read.get();
    }

    @Override
    public Object value(int f) {
      return read.get() * 0.5;
    }

    @Override
    public void values(ValueSink sink) {
      sink.doubleValue(read.get() * 0.5);
    }

    @Override
    public Instant eventTimestamp() {
      return T;
    }

    @Override
    public Instant createdTimestamp() {
      return null;
    }

    @Override
    public void close() {}
  }

  /** Records each write's keys (as ids) and the writing thread; fails the {@code failAt}-th. */
  static final class Recorder implements OnlineStore {
    final List<List<Long>> writes = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    final int failAt;

    Recorder(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public String location() {
      return "memory";
    }

    @Override
    public void write(OnlineViewSchema view, List<OnlineRow> rows) {
      if (writes.size() == failAt) {
        throw new BackendException("store full");
      }
      List<Long> ids = new ArrayList<>();
      for (OnlineRow r : rows) {
        ids.add(Math.round((Double) r.values().get(0) * 2));
      }
      writes.add(ids);
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public List<StoredRow> read(OnlineViewSchema view, List<EntityKey> keys) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteView(OnlineViewSchema view) {}

    @Override
    public void deleteProject() {}

    @Override
    public void close() {}
  }

  private static ViewCopy copy(OnlineStore store, int batchSize) {
    return new ViewCopy(SCHEMA, store, batchSize);
  }

  @Test
  void batchesArriveInCursorOrderOnTheCallingThreadWithProgressAfterEach() {
    Recorder store = new Recorder(-1);
    List<Long> progress = new ArrayList<>();
    long written =
        copy(store, 4)
            .run(
                new Rows(10, 5, -1),
                new MaterializeProgress() {
                  @Override
                  public void rowsWritten(String view, long rowsDone) {
                    progress.add(rowsDone);
                  }
                });
    assertThat(written).isEqualTo(9);
    assertThat(store.writes)
        .containsExactly(List.of(0L, 1L, 2L, 3L), List.of(4L, 6L, 7L, 8L), List.of(9L));
    assertThat(store.threads).containsOnly(Thread.currentThread().getName());
    assertThat(progress).containsExactly(4L, 8L, 9L);
  }

  @Test
  void aReadFailureReachesTheCallerAfterTheBatchesBeforeIt() {
    Recorder store = new Recorder(-1);
    Rows rows = new Rows(100, -1, 9);
    assertThatThrownBy(() -> copy(store, 4).run(rows, MaterializeProgress.NONE))
        .isInstanceOf(BackendException.class)
        .hasMessage("disk gone at row 9");
    assertThat(store.writes).containsExactly(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L));
  }

  @Test
  void aWriteFailureStopsTheReaderBeforeTheEndAndReachesTheCaller() {
    Recorder store = new Recorder(1);
    Rows rows = new Rows(1_000_000, -1, -1);
    assertThatThrownBy(() -> copy(store, 10).run(rows, MaterializeProgress.NONE))
        .isInstanceOf(BackendException.class)
        .hasMessage("store full");
    assertThat(store.writes).hasSize(1);
    // The reader ran at most a few batches ahead: the queue's and the one it was filling.
    assertThat(rows.read.get()).isLessThanOrEqualTo(10 * (ViewCopy.QUEUED + 3));
  }

  @Test
  void aStoreWithPreparedWritesGetsEncodedBatchesInOrder() {
    try (SqliteOnlineStore store = new SqliteOnlineStore(dir.resolve("online.db"), "p")) {
      long written = copy(store, 3).run(new Rows(10, -1, -1), MaterializeProgress.NONE);
      assertThat(written).isEqualTo(10);
      List<EntityKey> keys = new ArrayList<>();
      for (long i = 0; i < 11; i++) {
        keys.add(SCHEMA.key(i));
      }
      List<StoredRow> read = store.read(SCHEMA, keys);
      for (int i = 0; i < 10; i++) {
        assertThat(read.get(i).value(0)).isEqualTo(i * 0.5);
      }
      assertThat(read.get(10)).isNull();
    }
  }
}
