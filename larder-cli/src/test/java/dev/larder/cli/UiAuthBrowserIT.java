package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.Principal;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.server.FeatureServer;
import dev.larder.server.Mount;
import dev.larder.server.ServerConfig;
import dev.larder.testkit.TestRuns;
import dev.larder.testkit.browser.Browser;
import dev.larder.testkit.browser.BrowserExtension;
import dev.larder.ui.UiPaths;
import dev.larder.ui.WebUi;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI with auth on, in headless Chromium: the login form admits a reader's key and refuses a
 * bad one; an object the reader's roles may not describe (a view, and a run that read it) appears
 * in no page, list, count, search result or lineage graph, while an admin sees it on the same
 * pages.
 */
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class UiAuthBrowserIT {
  @RegisterExtension static final BrowserExtension browser = new BrowserExtension();

  static final String SECRET = "secret_risk_scores";
  static final String SECRET_RUN = "run-secret-0001";

  static final String EXTRA =
      """
      feature_views:
        - name: secret_risk_scores
          entities: [sample]
          source: classification_source
          schema:
            - {name: feature_1, dtype: Float64}
          online: true
          description: Hidden from readers
      """;

  static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
        - name: readers
          types: [entity, data_source, feature_view, feature_service]
          name_patterns: ["sample", "classification_.*"]
          actions: [describe, read_online]
          policy: {roles: [reader]}
      """;

  @TempDir static Path work;
  static FeatureStore store;
  static FeatureServer server;
  static String readerKey;
  static String adminKey;

  @BeforeAll
  static void serve() throws IOException {
    Path repo = work.resolve("repo");
    ClassificationRepoTemplate.init(repo, false);
    Files.writeString(repo.resolve("secret.yaml"), EXTRA);
    Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
    String config = Files.readString(repo.resolve("feature_store.yaml"));
    assertThat(config).contains("auth: {type: none}");
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        config.replace("auth: {type: none}", "auth: {type: api_key, keys_file: auth/keys.yaml}"));
    ApiKeyFile keys = new ApiKeyFile(repo.resolve("auth/keys.yaml"));
    readerKey = keys.add("dashboard", List.of("reader"), Clock.systemUTC()).key();
    adminKey = keys.add("root", List.of("admin"), Clock.systemUTC()).key();
    store = FeatureStore.open(repo, Principal.of("root", "admin"));
    store.apply();
    store.recordRun(TestRuns.run("run-public-0001", Instant.parse("2026-01-01T00:00:00Z")));
    store.recordRun(
        TestRuns.run(
            SECRET_RUN,
            Instant.parse("2026-01-02T00:00:00Z"),
            null,
            "classification_features@v1:feature_0",
            SECRET + "@v1:feature_1"));
    server =
        FeatureServer.start(
            store,
            ServerConfig.defaults().withPort(0),
            new Mount(UiPaths.ROOT, WebUi.create(store)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static String url(String path) {
    return server.uri().resolve(path).toString();
  }

  /** Signs in with {@code key} through the login form; returns the page's URL after it. */
  static String signIn(String key) {
    Browser b = browser.get();
    b.driver().manage().deleteAllCookies();
    b.open(url("/ui"), "before-sign-in");
    assertThat(b.url()).contains("/ui/login");
    WebElement field = b.await("form.login input[name=key]");
    field.sendKeys(key);
    b.await("form.login button[type=submit]").click();
    b.waitForLoad();
    b.shoot("after-sign-in");
    return b.url();
  }

  @Test
  @Order(1)
  void theLoginFormRefusesABadKeyAndAdmitsAReaderKey() {
    Browser b = browser.get();
    String after = signIn("not-a-key");
    assertThat(after).contains("/ui/login");
    assertThat(b.await("form.login .error").getText()).isNotBlank();
    // the refusal is a 401 page, which Chromium logs; nothing else may be
    assertThat(b.consoleErrors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("/ui/login")
        .contains("401");
    assertThat(b.driver().manage().getCookies())
        .allSatisfy(c -> assertThat(c.getValue()).doesNotContain("not-a-key"));
    b.open(url("/ui/feature-views"), "still-signed-out");
    assertThat(b.url()).as("no session after a bad key").contains("/ui/login");

    after = signIn(readerKey);
    assertThat(URI.create(after).getPath()).isEqualTo("/ui");
    assertThat(b.await(".top .who").getText()).contains("dashboard");
    assertThat(b.driver().manage().getCookies())
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.getValue()).doesNotContain(readerKey);
              assertThat(c.isHttpOnly()).isTrue();
            });
  }

  /** Every page the signed-in user can reach from the overview, and its HTML. */
  static List<String> crawl(Browser b) {
    Deque<String> queue =
        new ArrayDeque<>(
            List.of(
                "/ui",
                "/ui/feature-views?q=secret",
                "/ui/feature-views?q=risk",
                "/ui/runs",
                "/ui/lineage",
                "/ui/lookup",
                "/ui/audit"));
    Set<String> seen = new LinkedHashSet<>(queue);
    List<String> found = new ArrayList<>();
    while (!queue.isEmpty() && seen.size() <= 60) {
      String path = queue.poll();
      b.open(url(path));
      if (!b.all("[data-testid=lineage-graph]").isEmpty()) {
        b.waitUntil(
            "the lineage graph",
            () -> "true".equals(b.await("[data-testid=lineage-graph]").getAttribute("data-ready")));
      }
      String html = b.driver().getPageSource();
      if (html.contains(SECRET) || html.contains(SECRET_RUN)) {
        found.add(path);
      }
      for (WebElement a : b.all("a[href^='/ui']")) {
        URI href = URI.create(a.getAttribute("href"));
        String p = href.getRawPath();
        if (!p.startsWith("/ui/assets") && !p.equals("/ui/logout") && seen.add(p)) {
          queue.add(p);
        }
      }
    }
    assertThat(seen).contains("/ui/feature-views", "/ui/runs", "/ui/lineage");
    return found;
  }

  @Test
  @Order(2)
  void anObjectTheReaderMayNotDescribeAppearsInNoPageSearchOrGraph() {
    Browser b = browser.get();
    signIn(readerKey);
    assertThat(crawl(b)).as("pages that show the hidden view or its run").isEmpty();
    b.open(url("/ui/feature-views/" + SECRET), "hidden-view");
    assertThat(b.driver().findElement(By.tagName("main")).getText())
        .doesNotContain("Hidden from readers")
        .containsIgnoringCase("not found");
    b.open(url("/ui/runs/" + SECRET_RUN), "hidden-run");
    assertThat(b.driver().getPageSource()).doesNotContain("secret_risk_scores@v1");
    b.open(url("/ui/lineage?object=view:" + SECRET), "hidden-lineage");
    assertThat(b.driver().getPageSource()).doesNotContain("Hidden from readers");
    // the three not-found pages are 404s, which Chromium logs; nothing else may be
    assertThat(b.consoleErrors())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e).contains("status of 404"));
  }

  @Test
  @Order(3)
  void anAdminSeesTheSameObjectOnThosePages() {
    Browser b = browser.get();
    signIn(adminKey);
    assertThat(crawl(b)).as("the crawl reaches the view and its run for an admin").isNotEmpty();
    b.open(url("/ui/feature-views?q=secret"));
    assertThat(b.all("table.objects tbody tr td:first-child").stream().map(WebElement::getText))
        .containsExactly(SECRET);
  }
}
