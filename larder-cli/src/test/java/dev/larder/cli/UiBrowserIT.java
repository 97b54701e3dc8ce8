package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.testkit.browser.Browser;
import dev.larder.testkit.browser.BrowserExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web UI in headless Chromium, served as {@code larder serve} serves it, over the quickstart's
 * repository (issue 12's acceptance): every page loads without a console error, search filters a
 * list, a click on a lineage node opens its page, the lookup form shows what {@code POST
 * /get-online-features} answers, markup in a description stays text, and the quickstart's project,
 * view, feature-store run and lineage are all there.
 */
class UiBrowserIT {
  @RegisterExtension static final BrowserExtension browser = new BrowserExtension();

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static UiSite site;

  @BeforeAll
  static void serve() throws IOException {
    site = UiSite.quickstart(work);
  }

  @AfterAll
  static void stop() {
    if (site != null) {
      site.close();
    }
  }

  /** Opens {@code path}, failing on a console error there; returns the browser. */
  static Browser open(String path) {
    Browser b = browser.get();
    b.open(site.url(path));
    assertThat(b.consoleErrors()).as("console errors at " + path).isEmpty();
    return b;
  }

  static List<String> texts(List<WebElement> elements) {
    return elements.stream().map(WebElement::getText).toList();
  }

  /** Waits for the ECharts chart in {@code holder} to be drawn (its {@code data-ready}). */
  static void awaitChart(Browser b, String holder) {
    b.waitUntil(
        "the chart in " + holder,
        () ->
            "true".equals(b.await(holder).getAttribute("data-ready"))
                && !b.all(holder + " svg path").isEmpty());
  }

  @Test
  void everyPageLoadsWithoutAConsoleErrorAndNoRequestLeavesTheServer() {
    Browser b = browser.get();
    URI origin = site.uri("/");
    Deque<String> queue = new ArrayDeque<>(List.of("/ui"));
    Set<String> seen = new LinkedHashSet<>(queue);
    List<String> problems = new ArrayList<>();
    while (!queue.isEmpty() && seen.size() <= 80) {
      String path = queue.poll();
      HttpResponse<String> head = site.get(path);
      if (head.statusCode() != 200) {
        problems.add(path + " answered " + head.statusCode());
        continue;
      }
      b.open(site.url(path));
      if (!b.all("[data-testid=lineage-graph]").isEmpty()) {
        awaitChart(b, "[data-testid=lineage-graph]");
      }
      for (String error : b.consoleErrors()) {
        problems.add(path + ": " + error);
      }
      for (String elsewhere : b.requestsOutside(origin)) {
        problems.add(path + " requested " + elsewhere);
      }
      for (WebElement a : b.all("a[href^='/ui']")) {
        String href = URI.create(a.getAttribute("href")).getRawPath();
        String query = URI.create(a.getAttribute("href")).getRawQuery();
        // one page per path: sorting and paging variants are the same page
        if (!href.startsWith("/ui/assets") && seen.add(href)) {
          queue.add(query == null || !href.equals("/ui/lineage") ? href : href + "?" + query);
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(seen)
        .contains(
            "/ui",
            "/ui/entities",
            "/ui/data-sources",
            "/ui/feature-views",
            "/ui/feature-services",
            "/ui/permissions",
            "/ui/runs",
            "/ui/lineage",
            "/ui/lookup",
            "/ui/audit",
            "/ui/feature-views/classification_features",
            "/ui/data-sources/classification_source",
            "/ui/entities/sample",
            "/ui/feature-services/browser_service");
    assertThat(seen).anyMatch(p -> p.startsWith("/ui/runs/"));
  }

  @Test
  void theQuickstartsProjectViewRunAndLineageAreShown() throws IOException {
    Browser b = open("/ui");
    assertThat(b.await(".top .project").getText()).isEqualTo("classification");
    assertThat(b.driver().findElement(By.tagName("main")).getText())
        .contains("classification_features");

    open("/ui/feature-views/classification_features");
    List<String> fields = texts(b.all("[data-testid=view-schema] tbody tr td:first-child"));
    assertThat(fields).hasSize(21).contains("feature_0", "feature_19", "target");

    open("/ui/runs");
    List<WebElement> runs = b.all("[data-testid=runs-table] tbody tr");
    WebElement featureStoreRun =
        runs.stream()
            // a run through the feature store names the view version it read
            .filter(r -> r.getText().contains("classification_features@v1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no feature-store run in " + texts(runs)));
    String id = featureStoreRun.getAttribute("data-run");
    b.shoot("runs");
    featureStoreRun.findElement(By.cssSelector("a[href^='/ui/runs/']")).click();
    b.waitForLoad();
    b.shoot("run");
    assertThat(b.url()).endsWith("/ui/runs/" + id);
    List<String> metrics = texts(b.all("[data-testid=run-metrics] tr th"));
    assertThat(metrics).contains("accuracy");
    assertThat(b.await("[data-testid=run-metrics] tr[data-metric=accuracy] td").getText())
        .matches("0\\.\\d+");

    b.await("[data-testid=run-lineage-link]").click();
    b.waitForLoad();
    awaitChart(b, "[data-testid=lineage-graph]");
    b.shoot("run-lineage");
    JsonNode data = lineageData(b);
    List<String> ids = new ArrayList<>();
    data.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids)
        .anyMatch(n -> n.contains("classification_source"))
        .anyMatch(n -> n.contains("classification_features"))
        .anyMatch(n -> n.contains(id));
    // the graph is drawn: one SVG label per node
    List<String> labels = texts(b.all("[data-testid=lineage-graph] svg text"));
    assertThat(labels).contains("classification_source");
  }

  static JsonNode lineageData(Browser b) throws IOException {
    return JSON.readTree(
        (String) b.script("return document.getElementById('lineage-data').textContent"));
  }

  @Test
  void searchFiltersAList() {
    Browser b = open("/ui/feature-views");
    List<String> all = texts(b.all("table.objects tbody tr td:first-child"));
    assertThat(all).contains("classification_features", "escaped_features");
    WebElement search = b.await("form.search input[name=q]");
    search.sendKeys("escaped");
    search.sendKeys(Keys.ENTER);
    b.waitUntil("the search's answer", () -> b.url().contains("q=escaped"));
    b.waitForLoad();
    b.shoot("search");
    assertThat(texts(b.all("table.objects tbody tr td:first-child")))
        .containsExactly("escaped_features");
    // search reaches the owner and description too
    b.open(site.url("/ui/feature-views?q=mallory"));
    assertThat(texts(b.all("table.objects tbody tr td:first-child")))
        .containsExactly("escaped_features");
    b.open(site.url("/ui/feature-views?q=no-such-thing-at-all"));
    assertThat(b.all("table.objects tbody tr")).isEmpty();
  }

  @Test
  void clickingALineageNodeOpensItsPage() throws IOException {
    Browser b = open("/ui/lineage?object=view:classification_features");
    awaitChart(b, "[data-testid=lineage-graph]");
    JsonNode source = null;
    for (JsonNode n : lineageData(b).get("nodes")) {
      if ("/ui/data-sources/classification_source".equals(n.path("url").asText())) {
        source = n;
      }
    }
    assertThat(source).as("the source's node").isNotNull();
    // Where ECharts drew the node, in the viewport's coordinates: a real mouse click there.
    @SuppressWarnings("unchecked")
    List<Number> at =
        (List<Number>)
            b.script(
                "var holder = document.getElementById('lineage-graph');"
                    + " var c = echarts.getInstanceByDom(holder);"
                    + " var p = c.convertToPixel({seriesIndex: 0}, [arguments[0], arguments[1]]);"
                    + " var r = holder.getBoundingClientRect();"
                    + " return [Math.round(r.left + p[0]), Math.round(r.top + p[1])];",
                source.get("x").asDouble(),
                source.get("y").asDouble());
    int x = at.get(0).intValue();
    int y = at.get(1).intValue();
    assertThat(
            b.script(
                "return document.elementFromPoint(arguments[0], arguments[1]).closest('svg') !== null",
                x,
                y))
        .as("the node's point is on the graph")
        .isEqualTo(true);
    new Actions(b.driver()).moveToLocation(x, y).click().perform();
    b.waitUntil(
        "the source's page", () -> b.url().endsWith("/ui/data-sources/classification_source"));
    b.waitForLoad();
    b.shoot("clicked-source");
    assertThat(b.driver().findElement(By.tagName("h1")).getText())
        .contains("classification_source");
  }

  @Test
  void theLookupFormShowsWhatTheApiAnswers() throws IOException {
    Browser b = open("/ui/lookup");
    b.await("[data-testid=lookup-features]")
        .sendKeys("classification_features:feature_0, classification_features:target");
    b.await("[data-testid=lookup-entities]").sendKeys("sample_index=0,10,999999");
    b.await("[data-testid=lookup-submit]").click();
    b.waitForLoad();
    b.await("[data-testid=lookup-json]");
    b.shoot("lookup-result");
    JsonNode shown = JSON.readTree(b.await("[data-testid=lookup-json]").getText());
    String request = b.await("[data-testid=lookup-request]").getText();
    HttpResponse<String> api = site.postJson("/get-online-features", request);
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(shown).isEqualTo(JSON.readTree(api.body()));
    assertThat(JSON.readTree(request).get("entities").get("sample_index").toString())
        .isEqualTo("[0,10,999999]");
    // the table shows the same values and statuses, row by row
    JsonNode results = shown.get("results");
    List<WebElement> rows = b.all("[data-testid=lookup-result] tbody tr");
    assertThat(rows).hasSize(3);
    for (int row = 0; row < 3; row++) {
      List<WebElement> cells = rows.get(row).findElements(By.cssSelector("td"));
      assertThat(cells).hasSize(results.size());
      for (int col = 0; col < cells.size(); col++) {
        assertThat(cells.get(col).getAttribute("data-status"))
            .isEqualTo(results.get(col).get("statuses").get(row).asText());
      }
    }
    assertThat(rows.get(2).findElements(By.cssSelector("td")).get(1).getAttribute("data-status"))
        .isEqualTo("NOT_FOUND");
    JsonNode feature0 = results.get(1).get("values").get(0);
    assertThat(rows.get(0).findElements(By.cssSelector("td .value")).get(1).getText())
        .isEqualTo(feature0.asText());
  }

  @Test
  void markupInADescriptionIsShownAsTextEverywhere() {
    for (String path :
        List.of(
            "/ui/feature-views/escaped_features",
            "/ui/feature-views",
            "/ui/feature-views?q=escaped",
            "/ui/lineage?object=view:escaped_features")) {
      Browser b = open(path);
      assertThat(b.script("return typeof window.__injected")).as(path).isEqualTo("undefined");
      assertThat(b.all("main b")).as(path + ": the owner's <b> stays text").isEmpty();
      if (!path.startsWith("/ui/lineage")) {
        assertThat(b.driver().findElement(By.tagName("main")).getText())
            .as(path)
            .contains(UiSite.SCRIPT);
      }
    }
  }

  @Test
  void apiDocsListEveryEndpointFromTheServerAloneAndTryItOutCallsIt() {
    Browser b = browser.get();
    b.driver().get(site.url("/docs"));
    b.waitUntil("Swagger UI's endpoints", () -> b.all(".opblock").size() >= 9);
    b.shoot("docs");
    assertThat(b.requestsOutside(site.uri("/"))).isEmpty();
    assertThat(b.requestedUrls()).contains(site.url("/openapi.json"));
    List<String> listed =
        b.all(".opblock").stream()
            .map(
                op ->
                    op.findElement(By.cssSelector(".opblock-summary-method")).getText()
                        + " "
                        + op.findElement(By.cssSelector(".opblock-summary-path"))
                            .getAttribute("data-path"))
            .toList();
    assertThat(listed)
        .containsExactlyInAnyOrder(
            "POST /get-online-features",
            "POST /push",
            "POST /write-to-online-store",
            "POST /materialize",
            "POST /materialize-incremental",
            "GET /health",
            "GET /metrics",
            "GET /openapi.json",
            "GET /docs");

    // "Try it out" on GET /health calls this server and shows its answer
    String health = "#operations-default-health";
    b.await(health + " .opblock-summary-control").click();
    b.await(health + " .try-out__btn").click();
    b.await(health + " .execute").click();
    WebElement status = b.await(health + " .live-responses-table tr.response .response-col_status");
    b.shoot("docs-try-health");
    assertThat(status.getText()).isEqualTo("200");
    assertThat(b.await(health + " .live-responses-table tr.response .microlight").getText())
        .contains("\"status\": \"ok\"");
  }

  /** What the SVG of the chart {@code name} under {@code root} holds. */
  record ChartSvg(int paths, int rects, int longestPath, List<String> texts) {}

  @SuppressWarnings("unchecked")
  static ChartSvg chart(Browser b, String root, String name) {
    String selector = root + " .larder-chart[data-chart='" + name + "'] svg";
    b.waitUntil("the " + name + " chart's SVG", () -> !b.all(selector).isEmpty());
    Map<String, Object> svg =
        (Map<String, Object>)
            b.script(
                "var svg = document.querySelector(arguments[0]);"
                    + " var paths = Array.from(svg.querySelectorAll('path'));"
                    + " var longest = 0; paths.forEach(function (p) {"
                    + "   var d = p.getAttribute('d') || '';"
                    + "   longest = Math.max(longest, (d.match(/[LC]/g) || []).length); });"
                    + " return {paths: paths.length, rects: svg.querySelectorAll('rect').length,"
                    + "   longest: longest,"
                    + "   texts: Array.from(svg.querySelectorAll('text')).map(function (t) {"
                    + "     return t.textContent; })};",
                selector);
    return new ChartSvg(
        ((Number) svg.get("paths")).intValue(),
        ((Number) svg.get("rects")).intValue(),
        ((Number) svg.get("longest")).intValue(),
        (List<String>) svg.get("texts"));
  }

  /**
   * The report under {@code root} drew its ROC curve (a path of many segments, beside the chance
   * diagonal and the axes) and its confusion matrix (four cells, each labelled with the count that
   * the report's table gives).
   */
  static void assertReportPlots(Browser b, String root) {
    b.waitUntil(
        "the report's charts", () -> "true".equals(b.await(root).getAttribute("data-drawn")));
    ChartSvg roc = chart(b, root, "roc");
    assertThat(roc.longestPath()).as("the ROC curve's segments: " + roc).isGreaterThanOrEqualTo(10);
    assertThat(roc.paths()).as(roc.toString()).isGreaterThanOrEqualTo(3);
    ChartSvg cm = chart(b, root, "confusion-matrix");
    List<String> counts = texts(b.all(root + " table.confusion-matrix td.num"));
    assertThat(counts).hasSize(4);
    assertThat(cm.texts()).as("the heatmap's cell labels").containsAll(counts);
    assertThat(cm.paths() + cm.rects()).as(cm.toString()).isGreaterThanOrEqualTo(4);
    ChartSvg pr = chart(b, root, "precision-recall");
    assertThat(pr.longestPath()).as(pr.toString()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void eachRunsReportOpensFromDiskWithNoNetworkAndDrawsItsPlots() {
    Browser b = browser.get();
    b.offline(true);
    try {
      for (Path run : List.of(site.directRun, site.featureStoreRun)) {
        Path report = run.resolve("report.html");
        b.open(report.toUri().toString(), "report-" + run.getFileName());
        assertReportPlots(b, "[data-larder-report]");
        b.shoot("report-drawn-" + run.getFileName());
        assertThat(b.requestsOutside(report.toUri())).as("requests that left the file").isEmpty();
        assertThat(b.requestedUrls()).containsExactly(report.toUri().toString());
        assertThat(b.consoleErrors()).as(report.toString()).isEmpty();
      }
    } finally {
      b.offline(false);
    }
  }

  @Test
  void theRunPageDrawsTheSameReport() {
    String id = site.featureStoreRun.getFileName().toString();
    Browser b = open("/ui/runs/" + id);
    assertReportPlots(b, "[data-testid=run-report] [data-larder-report]");
    b.shoot("run-report");
    assertThat(b.requestsOutside(site.uri("/"))).isEmpty();
  }

  @Test
  void runsCompareWritesAPageComparingTheQuickstartsTwoRuns() {
    CliRun compare =
        CliRun.in(
            work,
            "runs",
            "compare",
            site.directRun.toString(),
            site.featureStoreRun.toString(),
            "--output",
            "compare.html");
    assertThat(compare.exitCode()).as(compare.err()).isZero();
    Path page = work.resolve("compare.html");
    Browser b = browser.get();
    b.offline(true);
    try {
      b.open(page.toUri().toString(), "runs-compare");
      b.waitUntil(
          "the comparison's charts", () -> !b.all(".larder-chart[data-chart='roc'] svg").isEmpty());
      b.shoot("runs-compare-drawn");
      String text = b.driver().findElement(By.tagName("body")).getText();
      assertThat(text)
          .contains(site.directRun.getFileName().toString())
          .contains(site.featureStoreRun.getFileName().toString());
      ChartSvg roc = chart(b, "body", "roc");
      // two ROC curves overlaid: two long paths
      Object curves =
          b.script(
              "return Array.from(document.querySelectorAll("
                  + "\".larder-chart[data-chart='roc'] svg path\")).filter(function (p) {"
                  + " return ((p.getAttribute('d') || '').match(/[LC]/g) || []).length >= 10;"
                  + " }).length;");
      assertThat(((Number) curves).intValue()).as(roc.toString()).isGreaterThanOrEqualTo(2);
      assertThat(b.requestsOutside(page.toUri())).isEmpty();
      assertThat(b.consoleErrors()).isEmpty();
    } finally {
      b.offline(false);
    }
  }
}
