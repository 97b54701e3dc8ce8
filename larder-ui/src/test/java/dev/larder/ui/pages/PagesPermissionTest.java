package dev.larder.ui.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.Principal;
import dev.larder.ui.UiServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a principal of role {@code reader} sees, which may describe only the {@code
 * classification_*} views and the {@code classifier} service: nothing else appears on any page, in
 * the graph, the runs or the lookup form; hidden objects are 404 as if they did not exist; online
 * reads are refused as the API refuses them.
 */
class PagesPermissionTest {
  @TempDir static Path work;
  static FeatureStore admin;
  static FeatureStore reader;
  static UiServer server;
  static PagesClient ui;
  static UiServer adminServer;
  static PagesClient adminUi;

  @BeforeAll
  static void serve() {
    admin = PagesRepo.create(work.resolve("repo"), true);
    reader = admin.as(Principal.of("bob", "reader"));
    server = UiServer.start(reader, 0);
    ui = new PagesClient(server.port());
    adminServer = UiServer.start(admin, 0);
    adminUi = new PagesClient(adminServer.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    adminServer.close();
    admin.close();
  }

  @Test
  void hiddenObjectsAreNotFound() {
    for (String page :
        new String[] {
          "/ui/feature-views/recent_features",
          "/ui/feature-services/recent_service",
          "/ui/entities/sample",
          "/ui/data-sources/classification_source",
          "/ui/permissions/readers",
          "/ui/runs/run-recent",
          "/ui/lineage?object=view:recent_features",
          "/ui/lineage?run=run-recent"
        }) {
      PagesClient.Answer a = ui.get(page);
      assertThat(a.status()).as(page).isEqualTo(404);
      assertThat(a.body()).as(page).doesNotContain("recent_features@");
    }
  }

  @Test
  void visibleObjectsShowNoHiddenOne() {
    for (String page :
        new String[] {
          "/ui/feature-views/classification_features",
          "/ui/feature-services/classifier",
          "/ui/lineage",
          "/ui/lineage?object=view:classification_features",
          "/ui/runs",
          "/ui/runs/run-direct",
          "/ui/lookup"
        }) {
      PagesClient.Answer a = ui.get(page);
      assertThat(a.status()).as(page + ": " + a.body()).isEqualTo(200);
      assertThat(a.body())
          .as(page)
          .doesNotContain("recent_features")
          .doesNotContain("recent_service")
          .doesNotContain("run-recent")
          .doesNotContain("classification_source\"")
          .doesNotContain("/ui/entities/")
          .doesNotContain("/ui/data-sources/");
    }
  }

  @Test
  void namesOfObjectsTheReaderMayNotDescribeAreNotShownAsText() throws IOException {
    for (String page :
        new String[] {
          "/ui/feature-views/classification_features",
          "/ui/runs/run-direct",
          "/ui/runs?compare=run-direct",
          "/ui/lineage",
          "/ui/lineage?object=view:classification_features",
          "/ui/lineage?run=run-direct",
          "/ui/",
          "/ui/audit"
        }) {
      PagesClient.Answer a = ui.get(page);
      assertThat(a.status()).as(page + ": " + a.body()).isEqualTo(200);
      assertThat(a.body()).as(page).doesNotContain("classification_source");
      assertThat(a.body()).as(page).doesNotContainPattern("(?<![\\w-])sample(?![\\w-])");
    }
    String view = ui.get("/ui/feature-views/classification_features").body();
    assertThat(view)
        .contains("<span data-testid=\"view-source\">(not visible to you)</span>")
        .contains("data-testid=\"object-yaml-hidden\"")
        .doesNotContain("data-testid=\"object-yaml\"");
    String run = ui.get("/ui/runs/run-direct").body();
    assertThat(run).contains("(not visible to you)");
    var g = LineageRunsLookupTest.graph(ui.get("/ui/lineage?run=run-direct").body());
    assertThat(LineageRunsLookupTest.ids(g)).noneMatch(id -> id.startsWith("source:"));
    String adminView = adminUi.get("/ui/feature-views/classification_features").body();
    assertThat(adminView)
        .contains("href=\"/ui/data-sources/classification_source\"")
        .contains("data-testid=\"object-yaml\"")
        .doesNotContain("(not visible to you)");
    assertThat(adminUi.get("/ui/runs/run-direct").body())
        .contains("classification_source")
        .doesNotContain("(not visible to you)");
  }

  @Test
  void theGraphHoldsOnlyVisibleNodes() throws IOException {
    var g = LineageRunsLookupTest.graph(ui.get("/ui/lineage").body());
    assertThat(LineageRunsLookupTest.ids(g))
        .contains("view:classification_features@v1", "service:classifier", "run:run-direct")
        .noneMatch(id -> id.startsWith("source:"))
        .noneMatch(id -> id.contains("recent"));
  }

  @Test
  void aLookupOfAViewTheReaderMayNotReadIsRefusedAsByTheApi() {
    PagesClient.Answer ok =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form(
                "features", "classification_features:feature_0", "entities", "sample_index=1"));
    assertThat(ok.body()).contains("data-testid=\"lookup-result\"");
    PagesClient.Answer refused =
        ui.submit(
            "/ui/lookup",
            "/ui/lookup",
            PagesClient.form(
                "features", "recent_features:feature_0", "entities", "sample_index=1"));
    assertThat(refused.body())
        .contains("data-testid=\"lookup-error\"")
        .contains("data-status=\"403\"");
  }

  @Test
  void aPermissionPageListsWhatItCoversForWhoMaySeeIt() {
    PagesClient.Answer readers = adminUi.get("/ui/permissions/readers");
    assertThat(readers.status()).as(readers.body()).isEqualTo(200);
    assertThat(readers.body())
        .contains("href=\"/ui/feature-views/classification_features\"")
        .contains("href=\"/ui/feature-services/classifier\"")
        .doesNotContain("href=\"/ui/feature-views/recent_features\"")
        .doesNotContain("href=\"/ui/entities/sample\"")
        .contains("describe, read_online")
        .contains("classification_.* | classifier");
    PagesClient.Answer admins = adminUi.get("/ui/permissions/admins");
    assertThat(admins.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; admins")
        .doesNotContain("<script>alert(1)</script>")
        .contains("href=\"/ui/feature-views/recent_features\"")
        .contains("href=\"/ui/entities/sample\"");
  }
}
