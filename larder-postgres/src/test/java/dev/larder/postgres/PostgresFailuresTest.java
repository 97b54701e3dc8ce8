package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.ErrorCode;
import dev.larder.core.registry.RegistryStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL that cannot be reached, a database that does not exist, a refused user: each is a
 * {@link BackendException} (CLI exit 3) naming the registry's URL without its password, and the
 * fix, soon (not after a pool's long wait).
 */
class PostgresFailuresTest {
  private static final String PASSWORD = "hunter2-do-not-show";

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  private static String url(String user, int port, String database) {
    PostgresUrl test = TestPostgres.url();
    return "postgresql://"
        + user
        + ":"
        + PASSWORD
        + "@"
        + test.host()
        + ":"
        + port
        + "/"
        + database
        + "?sslpassword=another-"
        + PASSWORD;
  }

  private static BackendException failure(String url) {
    Instant began = Instant.now();
    try (RegistryStore store = new PostgresRegistryStore(PostgresUrl.parse(url), "p")) {
      Throwable thrown = null;
      try {
        store.currentRevision();
      } catch (RuntimeException e) {
        thrown = e;
      }
      assertThat(thrown).isInstanceOf(BackendException.class);
      assertThat(Duration.between(began, Instant.now()))
          .as("refused at once")
          .isLessThan(PostgresRegistryStore.CONNECT_TIMEOUT);
      BackendException e = (BackendException) thrown;
      assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
      assertThat(e.getMessage() + e.hint()).doesNotContain(PASSWORD);
      assertThat(e.getMessage()).contains(PostgresUrl.parse(url).toString());
      return e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void postgresThatDoesNotAnswerIsABackendErrorNamingTheUrlWithoutItsPassword() throws Exception {
    PostgresUrl test = TestPostgres.url();
    int port = freePort();
    BackendException e = failure(url(test.user(), port, test.database()));
    assertThat(e.getMessage())
        .startsWith(
            "cannot reach PostgreSQL for the registry postgresql://"
                + test.user()
                + "@"
                + test.host()
                + ":"
                + port
                + "/"
                + test.database()
                + ": ");
    assertThat(e.hint()).startsWith("Start PostgreSQL");
  }

  @Test
  void aDatabaseThatDoesNotExistIsNamedWithHowToCreateIt() {
    PostgresUrl test = TestPostgres.url();
    String database = "larder_no_such_database_" + TestPostgres.newProject("x");
    BackendException e = failure(url(test.user(), test.port(), database));
    assertThat(e.getMessage())
        .contains("the database '" + database + "'")
        .contains("does not exist on " + test.host() + ":" + test.port());
    assertThat(e.hint()).contains("createdb").contains(database);
  }

  @Test
  void aUserPostgresRefusesIsNamedWithTheFix() {
    PostgresUrl test = TestPostgres.url();
    String user = "larder_no_such_user_" + TestPostgres.newProject("x");
    BackendException e = failure(url(user, test.port(), test.database()));
    assertThat(e.getMessage()).startsWith("PostgreSQL refused the user '" + user + "'");
    assertThat(e.hint()).contains("user PostgreSQL accepts");
  }

  @Test
  void aClosedStoreSaysSo() {
    RegistryStore store = new PostgresRegistryStore(TestPostgres.url(), "p");
    store.close();
    assertThatThrownBy(store::currentRevision).hasMessageContaining("is closed");
  }
}
