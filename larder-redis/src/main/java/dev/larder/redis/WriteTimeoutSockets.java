package dev.larder.redis;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Sockets to Redis whose writes time out, as their reads do. A socket's read timeout bounds a wait
 * for an answer, but Java has no timeout for a write: when Redis hangs (or the network drops every
 * packet), a pipeline larger than the kernel's buffers blocks its writing thread for good, and a
 * materialization or a large push never answers. So every socket made here is watched: a write that
 * makes no progress (no 64 KiB handed to the kernel) for the timeout gets its socket closed, and
 * fails as a timeout would. One daemon thread checks the open sockets every {@link
 * #CHECK_INTERVAL}.
 */
final class WriteTimeoutSockets implements JedisSocketFactory {
  /** The most bytes handed to the kernel in one write, so that progress is seen within a write. */
  static final int CHUNK_BYTES = 64 * 1024;

  /** How often the open sockets are checked. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

  /** The open sockets of every factory; one daemon thread checks them all. */
  private static final Set<Watched> OPEN = ConcurrentHashMap.newKeySet();

  private static final ScheduledExecutorService WATCHER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "larder-redis-write-timeouts");
            t.setDaemon(true);
            return t;
          });

  static {
    long tick = CHECK_INTERVAL.toMillis();
    WATCHER.scheduleWithFixedDelay(
        WriteTimeoutSockets::closeStalled, tick, tick, TimeUnit.MILLISECONDS);
  }

  private final JedisSocketFactory sockets;
  private final Duration timeout;

  /** Sockets of {@code sockets}, whose writes fail after {@code timeout} without progress. */
  WriteTimeoutSockets(JedisSocketFactory sockets, Duration timeout) {
    this.sockets = sockets;
    this.timeout = timeout;
  }

  @Override
  public Socket createSocket() throws JedisConnectionException {
    Socket socket = sockets.createSocket();
    try {
      Watched w = new Watched(socket, timeout.toNanos());
      OPEN.add(w);
      return w;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new JedisConnectionException("Failed to create socket.", e);
    }
  }

  /** The watched sockets open now, of every factory (for tests). */
  static int openSockets() {
    return OPEN.size();
  }

  private static void closeStalled() {
    long now = System.nanoTime();
    for (Watched w : OPEN) {
      long since = w.out.writingSince;
      if (since != 0 && now - since > w.timeoutNanos) {
        w.out.timedOut = true;
        closeQuietly(w.inner);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing is all that was wanted
    }
  }

  /** The output of a watched socket: written in chunks, each stamped with its start. */
  private static final class Output extends FilterOutputStream {
    /** {@link System#nanoTime} when the chunk being written began, 0 between writes. */
    volatile long writingSince;

    /** Whether the watcher closed the socket under a stalled write. */
    volatile boolean timedOut;

    private final long timeoutMillis;

    Output(OutputStream out, long timeoutMillis) {
      super(out);
      this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        for (int done = 0; done < len; ) {
          int n = Math.min(CHUNK_BYTES, len - done);
          writingSince = System.nanoTime() | 1;
          out.write(b, off + done, n);
          done += n;
        }
      } catch (IOException e) {
        if (timedOut) {
          SocketTimeoutException t =
              new SocketTimeoutException(
                  "Write timed out: no progress for " + timeoutMillis + " ms");
          t.initCause(e);
          throw t;
        }
        throw e;
      } finally {
        writingSince = 0;
      }
    }
  }

  /**
   * A socket whose output is {@link Output}; everything else is the socket it wraps, which the
   * client connected.
   */
  private static final class Watched extends Socket {
    final Socket inner;
    final Output out;
    final long timeoutNanos;
    private final InputStream in;

    Watched(Socket inner, long timeoutNanos) throws IOException {
      this.inner = inner;
      this.timeoutNanos = timeoutNanos;
      this.out = new Output(inner.getOutputStream(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      this.in = inner.getInputStream();
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }

    @Override
    public synchronized void close() throws IOException {
      OPEN.remove(this);
      try {
        inner.close();
      } finally {
        super.close();
      }
    }

    @Override
    public boolean isConnected() {
      return inner.isConnected();
    }

    @Override
    public boolean isBound() {
      return inner.isBound();
    }

    @Override
    public boolean isClosed() {
      return inner.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
      return inner.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
      return inner.isOutputShutdown();
    }

    @Override
    public void shutdownInput() throws IOException {
      inner.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
      inner.shutdownOutput();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      inner.setSoTimeout(timeout);
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
      return inner.getSoTimeout();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
      inner.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
      return inner.getKeepAlive();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
      inner.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
      return inner.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
      inner.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
      return inner.getSoLinger();
    }

    @Override
    public InetAddress getInetAddress() {
      return inner.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
      return inner.getLocalAddress();
    }

    @Override
    public int getPort() {
      return inner.getPort();
    }

    @Override
    public int getLocalPort() {
      return inner.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return inner.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return inner.getLocalSocketAddress();
    }

    @Override
    public String toString() {
      return inner.toString();
    }
  }
}
