package dev.larder.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that answer requests once their bodies have arrived: {@code workers} at once, {@code
 * queued} waiting, and a {@link java.util.concurrent.RejectedExecutionException} beyond (the route
 * table's 503), so the work in flight, and the memory it takes, stay bounded whatever the load.
 * Jetty's own threads only accept connections, receive bodies and answer {@code /health} and {@code
 * /metrics}, so those stay fast while every worker is busy.
 */
final class WorkerPool extends ThreadPoolExecutor {
  WorkerPool(int workers, int queued) {
    super(workers, workers, 30, TimeUnit.SECONDS, queue(queued), new Named(), new AbortPolicy());
    allowCoreThreadTimeOut(true);
  }

  private static BlockingQueue<Runnable> queue(int queued) {
    return queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
  }

  /** Daemon threads named {@code larder-worker-N}. */
  private static final class Named implements ThreadFactory {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "larder-worker-" + next.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
