package dev.larder.ui.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import dev.larder.ui.UiServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object, lineage and run pages with auth off and no permissions: each shows its object's YAML,
 * schema and uses; a view's versions and the diff between two; user text escaped everywhere.
 */
class ObjectPagesTest {
  @TempDir static Path work;
  static FeatureStore store;
  static UiServer server;
  static PagesClient ui;

  @BeforeAll
  static void serve() {
    store = PagesRepo.create(work.resolve("repo"), false);
    server = UiServer.start(store, 0);
    ui = new PagesClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  static final List<String> PAGES =
      List.of(
          "/ui/entities/patient",
          "/ui/entities/sample",
          "/ui/data-sources/classification_source",
          "/ui/data-sources/classification_push",
          "/ui/feature-views/recent_features",
          "/ui/feature-views/classification_features",
          "/ui/feature-services/classifier",
          "/ui/feature-services/recent_service",
          "/ui/lineage",
          "/ui/lineage?object=view:recent_features",
          "/ui/lineage?run=run-recent",
          "/ui/runs",
          "/ui/runs?compare=run-direct&compare=run-recent",
          "/ui/runs/run-recent",
          "/ui/runs/run-direct",
          "/ui/lookup");

  @Test
  void everyPageRendersAndShowsUserTextOnlyAsText() {
    for (String page : PAGES) {
      PagesClient.Answer a = ui.get(page);
      assertThat(a.status()).as(page + ": " + a.body()).isEqualTo(200);
      assertThat(a.body()).as(page).doesNotContain("<script>alert(1)</script>");
      assertThat(a.body()).as(page).doesNotContain("<i>ml</i>").doesNotContain("<b>carol</b>");
      assertThat(a.body()).as(page).doesNotContainIgnoringCase("exception");
    }
  }

  @Test
  void theDescriptionsThatHoldScriptsAreShownEscaped() {
    String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    assertThat(ui.get("/ui/entities/patient").body())
        .contains(escaped + " patients")
        .contains("&lt;b&gt;carol&lt;/b&gt;");
    assertThat(ui.get("/ui/feature-views/recent_features").body())
        .contains(escaped + " recent")
        .contains("team=&lt;i&gt;ml&lt;/i&gt;");
    assertThat(ui.get("/ui/feature-services/classifier").body()).contains(escaped + " classifier");
  }

  @Test
  void aViewPageShowsItsSchemaKeysYamlAndUses() {
    String body = ui.get("/ui/feature-views/recent_features").body();
    assertThat(body).contains("data-feature=\"feature_2\"").contains("Int64");
    assertThat(body).contains("sample_index").contains("INT64");
    // the YAML of 'larder feature-views describe', escaped
    assertThat(body).contains("name: recent_features").contains("version: v3");
    assertThat(body).contains("href=\"/ui/feature-services/recent_service\"");
    assertThat(body).contains("href=\"/ui/runs/run-recent\"");
    assertThat(body).doesNotContain("href=\"/ui/runs/run-direct\"");
    assertThat(body).contains("href=\"/ui/data-sources/classification_source\"");
  }

  @Test
  void aViewPageListsEveryVersionAndComparesTheLastTwoByDefault() {
    String body = ui.get("/ui/feature-views/recent_features").body();
    assertThat(body).contains("id=\"v1\"").contains("id=\"v2\"").contains("id=\"v3\"");
    assertThat(body).contains("admin");
    assertThat(body).contains("data-from=\"2\" data-to=\"3\"");
    assertThat(body).contains("data-field=\"schema.feature_1\"");
    assertThat(body).contains("breaking: retyped feature");
    assertThat(body).doesNotContain("data-field=\"ttl\"");
  }

  @Test
  void twoChosenVersionsAreComparedFieldByField() {
    String body = ui.get("/ui/feature-views/recent_features?from=1&to=3").body();
    assertThat(body).contains("data-from=\"1\" data-to=\"3\"");
    assertThat(body)
        .contains("data-field=\"schema.feature_1\"")
        .contains("data-field=\"schema.feature_2\"")
        .contains("data-field=\"ttl\"");
    assertThat(body).contains("compatible: added feature").contains("1h").contains("2h");
    assertThat(ui.get("/ui/feature-views/recent_features?from=2&to=2").body())
        .contains("No field differs between v2 and v2");
  }

  @Test
  void aVersionThatDoesNotExistIsABadRequest() {
    PagesClient.Answer a = ui.get("/ui/feature-views/recent_features?from=1&to=9");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("version 9 does not exist");
    assertThat(ui.get("/ui/feature-views/recent_features?from=x").status()).isEqualTo(400);
  }

  @Test
  void entitiesAndSourcesLinkTheViewsThatUseThem() {
    assertThat(ui.get("/ui/entities/sample").body())
        .contains("href=\"/ui/feature-views/classification_features\"")
        .contains("href=\"/ui/feature-views/recent_features\"");
    assertThat(ui.get("/ui/entities/patient").body()).contains("No feature view uses this entity");
    assertThat(ui.get("/ui/data-sources/classification_source").body())
        .contains("href=\"/ui/feature-views/recent_features\"")
        .contains("type</th><td>file");
    assertThat(ui.get("/ui/data-sources/classification_push").body())
        .contains("batch source</th><td>push_files");
  }

  @Test
  void aServicePageListsItsProjectionsAndRuns() {
    String body = ui.get("/ui/feature-services/recent_service").body();
    assertThat(body).contains("href=\"/ui/feature-views/recent_features\"");
    assertThat(body).contains("(all features)");
    assertThat(body).contains("href=\"/ui/runs/run-recent\"");
  }

  @Test
  void anUnknownObjectIsNotFound() {
    assertThat(ui.get("/ui/feature-views/nope").status()).isEqualTo(404);
    assertThat(ui.get("/ui/entities/nope").status()).isEqualTo(404);
    assertThat(ui.get("/ui/runs/nope").status()).isEqualTo(404);
  }
}
