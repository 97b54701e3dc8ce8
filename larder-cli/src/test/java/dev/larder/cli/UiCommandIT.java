package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
 * {@code larder ui} as a real process: the UI's URL on stdout, the UI served on 127.0.0.1 without
 * the feature server's API, SIGTERM stopping it with exit status 0.
 */
class UiCommandIT {
  @TempDir Path work;

  @Test
  void servesOnlyTheUiUntilSigterm() throws Exception {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    Path repo = work.resolve("demo");
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process ui =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    LarderCommand.class.getName(),
                    "ui",
                    "--repo",
                    repo.toString(),
                    "--port",
                    "0"))
            .directory(work.toFile())
            .redirectError(work.resolve("stderr.txt").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as(Files.readString(work.resolve("stderr.txt"))).isNotNull();
      assertThat(line).matches("The web UI is at http://127\\.0\\.0\\.1:\\d+/ui");
      URI page = URI.create(line.substring(line.indexOf("http://")));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> overview =
          client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(overview.statusCode()).isEqualTo(200);
      assertThat(overview.body())
          .contains("<title>Overview · classification · Larder</title>")
          .contains("classification_features");
      HttpResponse<String> api =
          client.send(
              HttpRequest.newBuilder(page.resolve("/get-online-features"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(404);

      ui.destroy(); // SIGTERM
      assertThat(ui.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(ui.exitValue()).isZero();
      assertThat(Files.readString(work.resolve("stderr.txt"))).isEmpty();
    } finally {
      ui.destroyForcibly();
    }
  }
}
