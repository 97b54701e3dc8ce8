package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder serve} as a real process: the server's URL on stdout's first line and the UI's on
 * the second, Feast-style requests answered, the UI's overview under /ui, SIGTERM stopping it with
 * exit status 0 and the access log written.
 */
class ServeCommandTest {
  @TempDir Path work;

  @Test
  void servesUntilSigtermThenExitsZero() throws Exception {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    Path repo = work.resolve("demo");
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    assertThat(CliRun.in(repo, "materialize-incremental", "2026-01-01").exitCode()).isZero();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process server =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1",
                    LarderCommand.class.getName(),
                    "serve",
                    "--repo",
                    repo.toString(),
                    "--port",
                    "0",
                    "--access-log",
                    work.resolve("access.log").toString()))
            .directory(work.toFile())
            .redirectError(work.resolve("stderr.txt").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as(Files.readString(work.resolve("stderr.txt"))).isNotNull();
      assertThat(line).matches("Serving the feature server at http://127\\.0\\.0\\.1:\\d+");
      URI base = URI.create(line.substring(line.indexOf("http://")));
      assertThat(out.readLine()).isEqualTo("The web UI is at " + base + "/ui");

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> read =
          client.send(
              HttpRequest.newBuilder(base.resolve("/get-online-features"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"features\": [\"classification_features:feature_0\"],"
                              + " \"entities\": {\"sample_index\": [1, 999999]}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains("\"statuses\":[\"PRESENT\",\"NOT_FOUND\"]");
      HttpResponse<String> ui =
          client.send(
              HttpRequest.newBuilder(base.resolve("/ui")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ui.body()).contains("<title>Overview · classification · Larder</title>");

      server.destroy(); // SIGTERM
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isZero();
      assertThat(Files.readString(work.resolve("stderr.txt"))).isEmpty();
      assertThat(Files.readString(work.resolve("access.log")))
          .contains("\"POST /get-online-features HTTP/1.1\" 200");
      assertThatThrownBy(
              () ->
                  client.send(
                      HttpRequest.newBuilder(base.resolve("/health")).build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
    } finally {
      server.destroyForcibly();
    }
  }
}
