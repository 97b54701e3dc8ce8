package dev.larder.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for outage tests: it listens on a free port of 127.0.0.1 and forwards each connection
 * to a real server (a shared PostgreSQL or Redis, which a test must never stop), until the test
 * cuts it. A client pointed at {@link #port()} then sees what it would see of a server that went
 * away, without anything happening to the server or its other clients:
 *
 * <ul>
 *   <li>{@link Cut#REFUSE}: every open connection is closed, and a new one is accepted and reset at
 *       once (a server stopped or restarting);
 *   <li>{@link Cut#HANG}: every open connection is closed, and a new one is accepted but nothing is
 *       forwarded either way (a server that accepts and never answers);
 *   <li>{@link Cut#FREEZE}: open connections stay open but no byte moves either way, and new ones
 *       hang as with {@code HANG} (a network partition, a frozen host: the case that only a
 *       client's own timeouts end).
 * </ul>
 *
 * {@link #restore()} forwards again: new connections go through, and the connections held by {@code
 * HANG} or {@code FREEZE} go on where they stopped (the bytes they sent meanwhile are delivered
 * then), as after a frozen server or a partition recovers; a client that gave up on one has closed
 * it, and its close is forwarded. Threads are daemons; {@link #close()} ends them all.
 */
public final class TcpProxy implements AutoCloseable {
  /** What a cut proxy does to connections. */
  public enum Cut {
    /** Close open connections; reset new ones at once. */
    REFUSE,
    /** Close open connections; hold new ones without forwarding a byte. */
    HANG,
    /** Keep open connections but forward no byte; hold new ones without forwarding. */
    FREEZE
  }

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final List<Link> links = new ArrayList<>();
  private final List<Socket> held = new ArrayList<>();
  private Cut cut;
  private boolean closed;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = Objects.requireNonNull(targetHost, "targetHost");
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort() + "-accept");
    acceptor.setDaemon(true);
  }

  /** A proxy to {@code host:port}, listening and forwarding at once. */
  public static TcpProxy start(String host, int port) {
    try {
      TcpProxy proxy = new TcpProxy(host, port);
      proxy.acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on a free port of 127.0.0.1", e);
    }
  }

  /** The address clients connect to: {@code 127.0.0.1}. */
  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Stops forwarding as {@code how} says, at once. */
  public void cut(Cut how) {
    Objects.requireNonNull(how, "how");
    List<Link> toClose = new ArrayList<>();
    synchronized (this) {
      cut = how;
      if (how == Cut.FREEZE) {
        links.forEach(Link::freeze);
      } else {
        toClose.addAll(links);
        links.clear();
      }
    }
    toClose.forEach(Link::close);
  }

  /** Forwards again: new connections, and those that were held or frozen. */
  public void restore() {
    List<Socket> waiting;
    synchronized (this) {
      cut = null;
      links.forEach(Link::thaw);
      waiting = new ArrayList<>(held);
      held.clear();
    }
    waiting.forEach(this::forward);
  }

  /** Whether the proxy is cut now. */
  public synchronized boolean isCut() {
    return cut != null;
  }

  /** The connections being forwarded (or frozen) now, not counting those held unforwarded. */
  public synchronized int openConnections() {
    links.removeIf(Link::isClosed);
    return links.size();
  }

  @Override
  public void close() {
    List<Link> toClose;
    List<Socket> waiting;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(links);
      links.clear();
      waiting = new ArrayList<>(held);
      held.clear();
    }
    quietly(listener);
    toClose.forEach(Link::close);
    waiting.forEach(TcpProxy::quietly);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      Cut now;
      synchronized (this) {
        if (closed) {
          quietly(client);
          return;
        }
        now = cut;
        if (now == Cut.HANG || now == Cut.FREEZE) {
          held.add(client);
          continue;
        }
      }
      if (now == Cut.REFUSE) {
        reset(client);
      } else {
        forward(client);
      }
    }
  }

  /** Connects {@code client} to the target and starts moving bytes both ways. */
  private void forward(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
      server.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
    } catch (IOException e) {
      quietly(server);
      reset(client);
      return;
    }
    Link link = new Link(client, server);
    synchronized (this) {
      if (closed || cut == Cut.REFUSE || cut == Cut.HANG) {
        // cut while connecting: treat it as one of the open connections the cut closes
        link.close();
        return;
      }
      if (cut == Cut.FREEZE) {
        link.freeze();
      }
      links.add(link);
    }
    link.start("tcp-proxy-" + port());
  }

  /** Closes {@code socket} with a reset rather than an orderly close. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // closing it is what matters
    }
    quietly(socket);
  }

  private static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed or broken: either way it is gone
    }
  }

  /** One forwarded connection: two sockets and a pump each way, which a gate can stop. */
  private static final class Link {
    private final Socket client;
    private final Socket server;
    private final Object gate = new Object();
    private final AtomicInteger pumping = new AtomicInteger(2);
    private boolean frozen;
    private volatile boolean closed;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start(String name) {
      Thread up = new Thread(() -> pump(client, server), name + "-up");
      Thread down = new Thread(() -> pump(server, client), name + "-down");
      up.setDaemon(true);
      down.setDaemon(true);
      up.start();
      down.start();
    }

    void freeze() {
      synchronized (gate) {
        frozen = true;
      }
    }

    void thaw() {
      synchronized (gate) {
        frozen = false;
        gate.notifyAll();
      }
    }

    boolean isClosed() {
      return closed;
    }

    void close() {
      closed = true;
      thaw();
      reset(client);
      reset(server);
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int n = in.read(buffer);
          if (!awaitOpen()) {
            return;
          }
          if (n < 0) {
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
        to.shutdownOutput();
        if (pumping.decrementAndGet() == 0) {
          closed = true; // both ways ended in order
          quietly(client);
          quietly(server);
        }
      } catch (IOException e) {
        close();
      }
    }

    /** Waits while the link is frozen; false if it was closed meanwhile. */
    private boolean awaitOpen() {
      synchronized (gate) {
        while (frozen && !closed) {
          try {
            gate.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      }
      return !closed;
    }
  }
}
