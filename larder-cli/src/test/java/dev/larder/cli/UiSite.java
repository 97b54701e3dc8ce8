package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import dev.larder.server.FeatureServer;
import dev.larder.server.Mount;
import dev.larder.server.ServerConfig;
import dev.larder.ui.UiPaths;
import dev.larder.ui.WebUi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the browser tests look at: {@code larder quickstart}'s repository (its view of 21 features,
 * its two runs: direct and feature store) plus a few definitions of the tests' own, applied with
 * {@code larder apply}, served as {@code larder serve} serves it (the feature server with the web
 * UI mounted under {@code /ui}) on an ephemeral port.
 */
final class UiSite implements AutoCloseable {
  /** Shown as text everywhere, never run. */
  static final String SCRIPT = "<script>window.__injected = 1</script>";

  /** The tests' own definitions: a view whose description holds markup, and a service. */
  static final String EXTRA =
      """
      feature_views:
        - name: escaped_features
          entities: [sample]
          source: classification_source
          schema:
            - {name: feature_0, dtype: Float64}
          online: true
          description: "%s escaped"
          owner: "<b>mallory</b>"
          tags: {team: browser}
      feature_services:
        - name: browser_service
          features:
            - feature_view: classification_features
              features: [feature_0, feature_1]
      """
          .formatted(SCRIPT.replace("\"", "\\\""));

  final Path work;
  final Path home;

  /** The quickstart's run folders: direct loading and through the feature store. */
  final Path directRun;

  final Path featureStoreRun;

  final Path repo;
  final FeatureStore store;
  final FeatureServer server;
  final HttpClient http = HttpClient.newHttpClient();

  private UiSite(
      Path work,
      Path home,
      Path directRun,
      Path featureStoreRun,
      Path repo,
      FeatureStore store,
      FeatureServer server) {
    this.work = work;
    this.home = home;
    this.directRun = directRun;
    this.featureStoreRun = featureStoreRun;
    this.repo = repo;
    this.store = store;
    this.server = server;
  }

  /** Runs the quickstart in {@code work}, adds the tests' definitions and serves the repository. */
  static UiSite quickstart(Path work) throws IOException {
    CliRun quickstart = CliRun.in(work, "quickstart");
    assertThat(quickstart.exitCode()).as(quickstart.err()).isZero();
    Matcher report =
        Pattern.compile(
                "\nreport: \\S+ \\(compare both runs: larder runs compare (\\S+) (\\S+)\\)\n")
            .matcher(quickstart.out());
    assertThat(report.find()).as(quickstart.out()).isTrue();
    Path home = work.resolve("larder-quickstart");
    Path repo = home.resolve("feature_repo");
    Files.writeString(repo.resolve("browser.yaml"), EXTRA);
    CliRun apply = CliRun.in(work, "--repo", repo.toString(), "apply");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    FeatureStore store = FeatureStore.open(repo);
    try {
      FeatureServer server =
          FeatureServer.start(
              store,
              ServerConfig.defaults().withPort(0).withLimits(store.config().featureServer()),
              new Mount(UiPaths.ROOT, WebUi.create(store)));
      return new UiSite(
          work,
          home,
          work.resolve(report.group(1)),
          work.resolve(report.group(2)),
          repo,
          store,
          server);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  String url(String path) {
    return server.uri().resolve(path).toString();
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  /** A {@code GET} of {@code path}: its status and body. */
  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  /** A {@code POST} of JSON. */
  HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
