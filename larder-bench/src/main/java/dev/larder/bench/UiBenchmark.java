package dev.larder.bench;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.Principal;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.server.FeatureServer;
import dev.larder.server.ServerConfig;
import dev.larder.ui.UiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench/run ui}: the web UI's pages with a registry of 500 feature views, 100 feature
 * services and 1,000 recorded training runs (issue 12's size), all in this JVM: the UI alone on an
 * ephemeral port ({@link UiServer}, auth off) and the feature server beside it for the baseline,
 * {@code GET /health}. Each page is fetched in turn (rounds over every page, so a slow page cannot
 * hide behind a warm cache of its own): 50 unreported rounds, then 200 measured, one request at a
 * time over one HTTP/1.1 client; the figure is each page's p95 of the whole exchange (request sent
 * to body read), beside {@code /health}'s p95 from the same rounds. Target: every page under 100 ms
 * at p95.
 */
final class UiBenchmark {
  static final int VIEWS = 500;
  static final int SERVICES = 100;
  static final int RUNS = 1000;

  private final int warmup;
  private final int rounds;
  private final List<String> notes = new ArrayList<>();

  UiBenchmark(boolean quick) {
    this.warmup = quick ? 3 : 50;
    this.rounds = quick ? 10 : 200;
  }

  /** The pages measured, by label. */
  static Map<String, String> pages() {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("overview", "/ui");
    pages.put("feature views list", "/ui/feature-views");
    pages.put("feature views list, search", "/ui/feature-views?q=view_49");
    pages.put("feature services list", "/ui/feature-services");
    pages.put("feature view page (2 versions, diff)", "/ui/feature-views/view_250");
    pages.put("feature service page", "/ui/feature-services/service_50");
    pages.put("entity page (used by 500 views)", "/ui/entities/sample");
    pages.put("data source page", "/ui/data-sources/classification_source");
    pages.put("lineage, whole project", "/ui/lineage");
    pages.put("lineage of one view", "/ui/lineage?object=view:view_250");
    pages.put("runs table, newest first", "/ui/runs");
    pages.put("runs table by roc_auc, page 10", "/ui/runs?sort=metric:roc_auc&page=10");
    pages.put("runs compared (3)", "/ui/runs?compare=run-0001&compare=run-0500&compare=run-0999");
    pages.put("run page", "/ui/runs/run-0500");
    pages.put("lookup form", "/ui/lookup");
    pages.put("audit log", "/ui/audit");
    return pages;
  }

  List<BenchMain.Row> run() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("larder-bench-ui");
    try {
      return run(dir.resolve("repo"));
    } finally {
      deleteTree(dir);
    }
  }

  private List<BenchMain.Row> run(Path repo) throws IOException, InterruptedException {
    long setupStart = System.nanoTime();
    ClassificationRepoTemplate.init(repo, false);
    Files.writeString(repo.resolve("many.yaml"), definitions(false));
    try (FeatureStore store = FeatureStore.open(repo, Principal.of("bench", "admin"))) {
      store.apply();
      // a second version of every view (a compatible change: one feature more)
      Files.writeString(repo.resolve("many.yaml"), definitions(true));
      store.apply();
      // straight into the registry's store: the runs' view versions exist (v2 of each view), and
      // FeatureStore.recordRun's check reads the whole registry once per run
      try (RegistryStore runs = RegistryStore.open(store.config())) {
        for (int i = 0; i < RUNS; i++) {
          runs.recordRun(run(i));
        }
      }
      notes.add(
          String.format(
              Locale.ROOT,
              "ui: %d feature views (2 versions each), %d services, %d runs; set up in %.1f s;"
                  + " %d rounds of every page after %d unreported",
              VIEWS + 1,
              SERVICES,
              RUNS,
              (System.nanoTime() - setupStart) / 1e9,
              rounds,
              warmup));
      try (UiServer ui = UiServer.start(store, 0);
          FeatureServer api = FeatureServer.start(store, ServerConfig.defaults().withPort(0))) {
        return measure(ui.port(), api.port());
      }
    }
  }

  private List<BenchMain.Row> measure(int uiPort, int apiPort)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, String> pages = pages();
    Map<String, long[]> times = new LinkedHashMap<>();
    pages.keySet().forEach(k -> times.put(k, new long[rounds]));
    long[] health = new long[rounds];
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (int round = -warmup; round < rounds; round++) {
      for (Map.Entry<String, String> page : pages.entrySet()) {
        long start = System.nanoTime();
        HttpResponse<String> r = get(client, uiPort, page.getValue());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 200) {
          throw new IllegalStateException(
              page.getValue() + " answered " + r.statusCode() + ": " + r.body());
        }
        sizes.put(page.getKey(), r.body().length());
        if (round >= 0) {
          times.get(page.getKey())[round] = took;
        }
      }
      long start = System.nanoTime();
      HttpResponse<String> h = get(client, apiPort, "/health");
      long took = System.nanoTime() - start;
      if (h.statusCode() != 200) {
        throw new IllegalStateException("/health answered " + h.statusCode());
      }
      if (round >= 0) {
        health[round] = took;
      }
    }
    double healthP95 = p95(health);
    List<BenchMain.Row> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : times.entrySet()) {
      double p = p95(e.getValue());
      rows.add(
          new BenchMain.Row(
              "ui " + e.getKey() + ", p95",
              String.format(Locale.ROOT, "%.1f ms", p / 1e6),
              String.format(Locale.ROOT, "GET /health p95 %.2f ms", healthP95 / 1e6),
              p / healthP95,
              "< 100 ms"));
      notes.add(
          String.format(
              Locale.ROOT,
              "ui %s (%s): p50 %.1f ms, %d KiB",
              e.getKey(),
              pages.get(e.getKey()),
              p50(e.getValue()) / 1e6,
              sizes.get(e.getKey()) / 1024));
    }
    return rows;
  }

  List<String> notes() {
    return notes;
  }

  private static HttpResponse<String> get(HttpClient client, int port, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double p95(long[] values) {
    return percentile(values, 0.95);
  }

  private static double p50(long[] values) {
    return percentile(values, 0.50);
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /**
   * 500 views over the repository's source, each with 4 features (5 with {@code second}) of {@code
   * classification_data}, and 100 services of 5 views each.
   */
  static String definitions(boolean second) {
    StringBuilder y = new StringBuilder("feature_views:\n");
    for (int i = 0; i < VIEWS; i++) {
      y.append("  - name: view_").append(i).append('\n');
      y.append("    entities: [sample]\n");
      y.append("    source: classification_source\n");
      y.append("    schema:\n");
      int features = second ? 5 : 4;
      for (int f = 0; f < features; f++) {
        y.append("      - {name: feature_").append((i + f) % 20).append(", dtype: Float64}\n");
      }
      y.append("    online: true\n");
      y.append("    description: View ").append(i).append(" of the UI benchmark\n");
      y.append("    owner: team").append(i % 7).append("@example.com\n");
      y.append("    tags: {team: t").append(i % 7).append("}\n");
    }
    y.append("feature_services:\n");
    for (int s = 0; s < SERVICES; s++) {
      y.append("  - name: service_").append(s).append('\n');
      y.append("    features:\n");
      for (int k = 0; k < 5; k++) {
        y.append("      - feature_view: view_").append((s * 5 + k) % VIEWS).append('\n');
      }
    }
    return y.toString();
  }

  /** Run {@code i}: read 3 views' second versions, half of them through a service. */
  static RecordedRun run(int i) {
    List<ResolvedFeature> features = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      int view = (i * 3 + k) % VIEWS;
      features.add(new ResolvedFeature("view_" + view, 2, "feature_" + (view % 20)));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.8 + (i % 100) / 1000.0);
    metrics.put("roc_auc", 0.85 + (i * 37 % 100) / 1000.0);
    metrics.put("f1", 0.75 + (i * 11 % 100) / 1000.0);
    return new RecordedRun(
        String.format(Locale.ROOT, "run-%04d", i),
        Instant.parse("2025-11-01T00:00:00Z").plusSeconds(60L * i),
        "bench",
        new TrainingInputs(
            features,
            List.of("classification_source"),
            i % 2 == 0 ? Optional.empty() : Optional.of("service_" + (i % SERVICES)),
            Instant.parse("2025-11-01T00:00:00Z"),
            "e".repeat(64),
            1000),
        998,
        "d".repeat(64),
        "logistic-regression",
        "{\"algorithm\":\"logistic-regression\"}",
        metrics,
        "/tmp/runs/" + i,
        Optional.empty());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths
          .sorted((a, b) -> b.compareTo(a))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
