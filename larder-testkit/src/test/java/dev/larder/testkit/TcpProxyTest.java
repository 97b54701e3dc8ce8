package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outage proxy against a small echo server of the test's own: it forwards both ways; {@code
 * REFUSE} closes open connections and resets new ones; {@code HANG} closes open ones and holds new
 * ones silent until {@code restore()}, which delivers what they sent; {@code FREEZE} stalls open
 * connections without closing them, and {@code restore()} lets their bytes through.
 */
class TcpProxyTest {
  private ServerSocket echo;
  private Thread echoThread;
  private TcpProxy proxy;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    echoThread =
        new Thread(
            () -> {
              while (true) {
                Socket s;
                try {
                  s = echo.accept();
                } catch (IOException e) {
                  return;
                }
                Thread t =
                    new Thread(
                        () -> {
                          try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                          } catch (IOException e) {
                            // the client went away
                          }
                        });
                t.setDaemon(true);
                t.start();
              }
            });
    echoThread.setDaemon(true);
    echoThread.start();
    proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(proxy.host(), proxy.port());
    s.setSoTimeout(2_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String receive(Socket s, int length) throws IOException {
    return new String(s.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Whether {@code s} was closed or reset by the other end. */
  private static boolean closedByPeer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket s = connect()) {
      send(s, "hello");
      assertThat(receive(s, 5)).isEqualTo("hello");
      assertThat(proxy.openConnections()).isEqualTo(1);
    }
  }

  @Test
  void refuseClosesOpenConnectionsAndResetsNewOnesUntilRestored() throws IOException {
    try (Socket open = connect()) {
      send(open, "a");
      assertThat(receive(open, 1)).isEqualTo("a");
      proxy.cut(TcpProxy.Cut.REFUSE);
      assertThat(proxy.isCut()).isTrue();
      assertThat(closedByPeer(open)).as("the open connection is closed").isTrue();
    }
    try (Socket refused = connect()) {
      assertThat(closedByPeer(refused)).as("a new connection is reset").isTrue();
    }
    proxy.restore();
    try (Socket s = connect()) {
      send(s, "back");
      assertThat(receive(s, 4)).isEqualTo("back");
    }
  }

  @Test
  void hangHoldsNewConnectionsSilentAndRestoreDeliversWhatTheySent() throws IOException {
    try (Socket open = connect()) {
      send(open, "a");
      assertThat(receive(open, 1)).isEqualTo("a");
      proxy.cut(TcpProxy.Cut.HANG);
      assertThat(closedByPeer(open)).as("the open connection is closed").isTrue();
    }
    try (Socket held = connect()) {
      held.setSoTimeout(300);
      send(held, "waiting");
      assertThatThrownBy(() -> held.getInputStream().read())
          .as("nothing comes back while hung")
          .isInstanceOf(SocketTimeoutException.class);
      proxy.restore();
      held.setSoTimeout(2_000);
      assertThat(receive(held, 7)).as("sent before the restore, echoed after").isEqualTo("waiting");
    }
  }

  @Test
  void freezeStallsOpenConnectionsWithoutClosingThem() throws IOException {
    try (Socket open = connect()) {
      send(open, "a");
      assertThat(receive(open, 1)).isEqualTo("a");
      proxy.cut(TcpProxy.Cut.FREEZE);
      open.setSoTimeout(300);
      send(open, "frozen");
      assertThatThrownBy(() -> open.getInputStream().read())
          .as("no byte moves while frozen")
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.openConnections()).as("but the connection stays open").isEqualTo(1);
      proxy.restore();
      open.setSoTimeout(2_000);
      assertThat(receive(open, 6)).isEqualTo("frozen");
    }
  }
}
