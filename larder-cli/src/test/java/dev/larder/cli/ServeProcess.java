package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code larder serve --port 0} in a JVM of its own, and requests to it. */
final class ServeProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One HTTP exchange. */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(body, e);
      }
    }
  }

  private final Process process;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ServeProcess(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  /** Serves {@code repo}, its stderr going to {@code stderr}, once it printed its address. */
  static ServeProcess start(Path repo, Path stderr) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-XX:TieredStopAtLevel=1",
                    LarderCommand.class.getName(),
                    "serve",
                    "--repo",
                    repo.toString(),
                    "--port",
                    "0"))
            .directory(repo.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as(Files.readString(stderr)).isNotNull();
      return new ServeProcess(p, URI.create(line.substring(line.indexOf("http://"))));
    } catch (IOException | RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }

  URI uri() {
    return base;
  }

  /** POSTs {@code body} to {@code path}, with {@code key} as bearer token unless null. */
  Answer post(String path, String body, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GETs {@code path}, without a key. */
  Answer get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs {@code body} without a key and asserts status 200. */
  JsonNode ok(String path, String body) {
    Answer a = post(path, body, null);
    assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
    return a.json();
  }

  /** Stops the server with SIGTERM (then SIGKILL after 20 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
