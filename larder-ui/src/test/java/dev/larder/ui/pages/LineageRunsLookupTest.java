package dev.larder.ui.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.FeatureStore;
import dev.larder.server.FeatureServer;
import dev.larder.server.ServerConfig;
import dev.larder.ui.UiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage graph's data, the runs table and run page, and the lookup form against the HTTP API's
 * own answers, with auth off.
 */
class LineageRunsLookupTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static FeatureStore store;
  static UiServer server;
  static FeatureServer api;
  static PagesClient ui;
  static PagesClient http;

  @BeforeAll
  static void serve() {
    store = PagesRepo.create(work.resolve("repo"), false);
    server = UiServer.start(store, 0);
    api = FeatureServer.start(store, ServerConfig.defaults().withPort(0));
    ui = new PagesClient(server.port());
    http = new PagesClient(api.port());
  }

  @AfterAll
  static void stop() {
    api.close();
    server.close();
    store.close();
  }

  /** The graph data of a lineage page, from its JSON block. */
  static JsonNode graph(String body) throws IOException {
    Matcher m =
        Pattern.compile(
                "<script type=\"application/json\" id=\"lineage-data\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return JSON.readTree(m.group(1));
  }

  static List<String> ids(JsonNode graph) {
    List<String> out = new ArrayList<>();
    graph.path("nodes").forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  @Test
  void theProjectGraphHasEveryNodeWithItsPageAndTheEChartsScripts() throws IOException {
    String body = ui.get("/ui/lineage").body();
    assertThat(body).contains("src=\"/ui/assets/echarts.min.js\"");
    assertThat(body).contains("src=\"/ui/assets/lineage.js\"");
    assertThat(body).contains("id=\"lineage-graph\"");
    JsonNode g = graph(body);
    assertThat(ids(g))
        .contains(
            "source:classification_source",
            "view:recent_features@v1",
            "view:recent_features@v3",
            "service:classifier",
            "run:run-recent",
            "model:run-recent");
    for (JsonNode n : g.path("nodes")) {
      if (n.path("id").asText().equals("view:recent_features@v3")) {
        assertThat(n.path("url").asText()).isEqualTo("/ui/feature-views/recent_features#v3");
        assertThat(n.has("current")).isFalse();
      }
      if (n.path("id").asText().equals("view:recent_features@v1")) {
        assertThat(n.path("current").asBoolean(true)).isFalse();
      }
      if (n.path("id").asText().equals("run:run-recent")) {
        assertThat(n.path("url").asText()).isEqualTo("/ui/runs/run-recent");
      }
    }
    assertThat(g.path("links").toString())
        .contains("{\"source\":\"service:recent_service\",\"target\":\"run:run-recent\"}");
  }

  @Test
  void aFocusedGraphHoldsOnlyWhatIsUpAndDownstream() throws IOException {
    JsonNode g = graph(ui.get("/ui/lineage?run=run-direct").body());
    assertThat(ids(g))
        .contains("run:run-direct", "view:classification_features@v1")
        .doesNotContain("run:run-recent", "view:recent_features@v3");
    assertThat(g.path("focus").path("name").asText()).isEqualTo("run-direct");
    JsonNode v = graph(ui.get("/ui/lineage?object=view:recent_features").body());
    assertThat(ids(v)).contains("view:recent_features@v2", "run:run-recent");
    assertThat(ui.get("/ui/lineage?object=view:nope").status()).isEqualTo(404);
    assertThat(ui.get("/ui/lineage?object=nope").status()).isEqualTo(400);
    assertThat(ui.get("/ui/lineage?object=thing:x").status()).isEqualTo(400);
  }

  @Test
  void theGraphDataCannotCloseItsScriptBlock() throws IOException {
    String body = ui.get("/ui/lineage").body();
    int start = body.indexOf("id=\"lineage-data\">");
    int end = body.indexOf("</script>", start);
    assertThat(body.substring(start, end)).doesNotContain("<").doesNotContain(">\"");
  }

  @Test
  void theRunsTableSortsPagesAndCompares() {
    String body = ui.get("/ui/runs").body();
    assertThat(body).contains("data-testid=\"runs-table\"");
    // newest first by default
    assertThat(body.indexOf("data-run=\"run-recent\""))
        .isLessThan(body.indexOf("data-run=\"run-direct\""));
    String asc = ui.get("/ui/runs?sort=recorded&dir=asc").body();
    assertThat(asc.indexOf("data-run=\"run-direct\""))
        .isLessThan(asc.indexOf("data-run=\"run-recent\""));
    assertThat(body).contains("roc_auc").contains("0.9712").contains("recent_features@v3");
    String page2 = ui.get("/ui/runs?size=1&page=2").body();
    assertThat(page2).contains("data-run=\"run-direct\"").doesNotContain("data-run=\"run-recent\"");
    assertThat(page2).contains("rel=\"prev\"");
    assertThat(ui.get("/ui/runs?sort=bogus").status()).isEqualTo(400);
    assertThat(ui.get("/ui/runs?page=9").status()).isEqualTo(400);
    String compared = ui.get("/ui/runs?compare=run-direct&compare=run-recent").body();
    assertThat(compared).contains("data-testid=\"runs-comparison\"");
    assertThat(compared).contains("feature service recent_service");
    assertThat(compared).contains("checked");
    // a run chosen on another page stays chosen when the form is sent from this one
    assertThat(ui.get("/ui/runs?size=1&page=2&compare=run-recent").body())
        .contains("<input type=\"hidden\" name=\"compare\" value=\"run-recent\">");
  }

  @Test
  void aRunPageShowsItsProvenanceAndMetrics() {
    String body = ui.get("/ui/runs/run-recent").body();
    assertThat(body).contains("data-metric=\"roc_auc\"").contains("0.9712").contains("n/a");
    assertThat(body).contains("href=\"/ui/feature-views/recent_features#v3\"");
    assertThat(body).contains("href=\"/ui/feature-services/recent_service\"");
    assertThat(body).contains("recent_features@v3:feature_1");
    assertThat(body).contains("/ui/lineage?run=run-recent");
    assertThat(body).contains("e".repeat(64));
  }

  @Test
  void aRunPageShowsItsTrainingReportWithItsCharts() {
    String body = ui.get("/ui/runs/run-recent").body();
    assertThat(body).contains("data-testid=\"run-report\"").contains("data-larder-report");
    assertThat(body).contains("data-chart=\"roc\"").contains("data-chart=\"confusion-matrix\"");
    assertThat(body)
        .contains("src=\"/ui/assets/echarts.min.js\"")
        .contains("src=\"/ui/report/charts.js\"");
    PagesClient.Answer script = ui.get("/ui/report/charts.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.response().headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/javascript");
    assertThat(script.body()).contains("echarts.init");
    String without = ui.get("/ui/runs/run-direct").body();
    assertThat(without).contains("data-testid=\"run-report-note\"").doesNotContain("data-chart=");
  }

  @Test
  void theLookupFormShowsWhatTheApiReturns() throws IOException {
    String request =
        "{\"features\":[\"classification_features:feature_0\",\"classification_features:target\"],"
            + "\"entities\":{\"sample_index\":[0,1,100000]},\"full_feature_names\":false}";
    PagesClient.Answer fromApi = http.postJson("/get-online-features", request);
    assertThat(fromApi.status()).isEqualTo(200);
    PagesClient.Answer page =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form(
                "features",
                "classification_features:feature_0\nclassification_features:target",
                "entities",
                "sample_index=0,1,100000"));
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("data-testid=\"lookup-result\"");
    String shown = unescape(pre(page.body(), "lookup-json"));
    assertThat(JSON.readTree(shown)).isEqualTo(JSON.readTree(fromApi.body()));
    assertThat(shown).isEqualTo(fromApi.body());
    assertThat(page.body()).contains("NOT_FOUND").contains("PRESENT");
  }

  @Test
  void aServiceLookupMatchesTheApiToo() throws IOException {
    PagesClient.Answer fromApi =
        http.postJson(
            "/get-online-features",
            "{\"feature_service\":\"classifier\",\"entities\":{\"sample_index\":[3]},"
                + "\"full_feature_names\":true}");
    PagesClient.Answer page =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form(
                "service",
                "classifier",
                "entities",
                "sample_index=3",
                "full_feature_names",
                "true"));
    assertThat(unescape(pre(page.body(), "lookup-json"))).isEqualTo(fromApi.body());
    assertThat(page.body()).contains("classification_features__feature_0");
  }

  @Test
  void lookupErrorsShowTheApisMessage() throws IOException {
    String request =
        "{\"features\":[\"classification_features:featur_0\"],"
            + "\"entities\":{\"sample_index\":[1]},\"full_feature_names\":false}";
    PagesClient.Answer fromApi = http.postJson("/get-online-features", request);
    assertThat(fromApi.status()).isEqualTo(404);
    String message = JSON.readTree(fromApi.body()).path("error").path("message").asText();
    PagesClient.Answer page =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form(
                "features", "classification_features:featur_0", "entities", "sample_index=1"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("data-testid=\"lookup-error\"");
    assertThat(unescape(page.body())).contains(message);
    PagesClient.Answer badKey =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form(
                "features", "classification_features:feature_0", "entities", "sample_index=abc"));
    assertThat(badKey.body()).contains("data-testid=\"lookup-error\"");
    PagesClient.Answer badLine =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form("features", "classification_features:feature_0", "entities", "oops"));
    assertThat(badLine.body()).contains("is not KEY=VALUE");
    for (PagesClient.Answer a : List.of(page, badKey, badLine)) {
      assertThat(a.body()).doesNotContainIgnoringCase("exception").doesNotContain("at dev.larder");
    }
  }

  @Test
  void aLookupWithoutTheAntiForgeryTokenIsRefused() {
    PagesClient.Answer a =
        ui.post(
            "/ui/lookup",
            PagesClient.form(
                "features", "classification_features:feature_0", "entities", "sample_index=1"),
            null);
    assertThat(a.status()).isEqualTo(403);
  }

  static String pre(String body, String testid) {
    Matcher m =
        Pattern.compile("data-testid=\"" + testid + "\">(.*?)</pre>", Pattern.DOTALL).matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }

  static String unescape(String html) {
    return html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
