package dev.larder.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.registry.AuditOutcome;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UI with auth off, over plain HTTP: the overview, the lists (search, sort, pages), the audit
 * log and its filters, assets, errors and headers. Every request acts as the server's user.
 */
class WebUiTest {
  static UiRepo ui;

  @BeforeAll
  static void serve() {
    ui = UiRepo.open();
  }

  /** The names linked in a list page's table, in order. */
  static List<String> names(String body, String segment) {
    List<String> out = new ArrayList<>();
    Matcher m =
        Pattern.compile("<td><a href=\"/ui/" + segment + "/[^\"]+\">([^<]+)</a></td>")
            .matcher(body);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void overviewShowsCountsFreshnessRunsAndApplies() {
    UiRepo.Answer a = ui.get("/ui");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.header("Content-Type")).contains("text/html; charset=utf-8");
    String b = a.body();
    assertThat(b).contains("<title>Overview · uitest · Larder</title>");
    assertThat(b).contains("<span class=\"n\">2</span> Entities");
    assertThat(b).contains("<span class=\"n\">1</span> Data sources");
    assertThat(b).contains("<span class=\"n\">72</span> Feature views");
    assertThat(b).contains("<span class=\"n\">1</span> Feature services");
    assertThat(b).contains("<span class=\"n\">0</span> Permissions");
    assertThat(b).contains("<span class=\"n\">2</span> Training runs");
    // freshness of the two online views: the interval and its age
    assertThat(b)
        .contains("<a href=\"/ui/feature-views/public_stats\">public_stats</a>")
        .contains("2025-01-01T00:00:00Z – 2025-02-01T00:00:00Z")
        .containsPattern("<td>\\d+ d ago</td>");
    assertThat(b).contains("<a href=\"/ui/runs/run-public\">run-public</a>");
    assertThat(b).contains("accuracy 0.900");
    assertThat(b).contains("revision 1: 76 created");
    // the trailing slash is the same page
    assertThat(ui.get("/ui/").body()).contains("<title>Overview · uitest · Larder</title>");
  }

  @Test
  void pagesSendSecurityHeaders() {
    UiRepo.Answer a = ui.get("/ui/entities");
    assertThat(a.header("Content-Security-Policy"))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(a.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(a.header("Cache-Control")).contains("no-store");
    assertThat(a.header("X-Frame-Options")).contains("DENY");
  }

  @Test
  void everyUserControlledTextIsEscapedOnEveryPage() {
    for (String path :
        List.of(
            "/ui",
            "/ui/entities",
            "/ui/data-sources",
            "/ui/feature-views?q=public_stats",
            "/ui/feature-services",
            "/ui/audit",
            "/ui/audit?object=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/ui/entities?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/ui/entities?sort=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/ui/nowhere/%3Cscript%3Ealert(1)%3C%2Fscript%3E")) {
      UiRepo.Answer a = ui.get(path);
      assertThat(a.body()).as(path).doesNotContain(UiRepo.EVIL).doesNotContain("<script>");
    }
    // shown as text where the objects are listed
    String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    assertThat(ui.get("/ui/entities").body())
        .contains("Drivers " + escaped)
        .contains("ops" + escaped + "@example.com")
        .contains("note=" + escaped);
    assertThat(ui.get("/ui/feature-views?q=public_stats").body())
        .contains("Public " + escaped + " stats");
    assertThat(ui.get("/ui/feature-services").body()).contains("Service " + escaped);
    assertThat(ui.get("/ui/entities?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").body())
        .contains("value=\"&lt;script>alert(1)&lt;/script>\""); // in an attribute, < and " matter
    assertThat(ui.get("/ui/entities?sort=%3Cscript%3Ealert(1)%3C%2Fscript%3E").body())
        .contains("not '" + escaped + "'");
  }

  @Test
  void searchFiltersByNameTagsOwnerAndDescription() {
    assertThat(names(ui.get("/ui/feature-views?q=public_stats").body(), "feature-views"))
        .containsExactly("public_stats");
    assertThat(names(ui.get("/ui/feature-views?q=visibility%3Dsecret").body(), "feature-views"))
        .containsExactly("secret_stats");
    assertThat(names(ui.get("/ui/feature-views?q=RISK%40example").body(), "feature-views"))
        .containsExactly("secret_stats");
    assertThat(names(ui.get("/ui/feature-views?q=Secret+risk").body(), "feature-views"))
        .containsExactly("secret_stats");
    // owner3 owns bulk_003, bulk_008, …: 14 of the 70
    UiRepo.Answer owner3 = ui.get("/ui/feature-views?q=owner3");
    assertThat(names(owner3.body(), "feature-views"))
        .hasSize(14)
        .allMatch(n -> n.startsWith("bulk_"));
    assertThat(owner3.body()).contains("1–14 of 14 feature views");
    assertThat(ui.get("/ui/entities?q=nothing-matches-this").body()).contains("No entities.");
    assertThat(names(ui.get("/ui/entities?q=ops").body(), "entities")).containsExactly("driver");
    assertThat(names(ui.get("/ui/data-sources?q=rows.csv").body(), "data-sources"))
        .containsExactly("rows");
  }

  @Test
  void sortByNameOwnerAndUpdatedEitherWay() {
    List<String> byName = names(ui.get("/ui/feature-views?q=owner1").body(), "feature-views");
    assertThat(byName).isSorted().hasSize(14);
    List<String> descending =
        names(ui.get("/ui/feature-views?q=owner1&sort=-name").body(), "feature-views");
    List<String> reversed = new ArrayList<>(byName);
    java.util.Collections.reverse(reversed);
    assertThat(descending).containsExactlyElementsOf(reversed);
    List<String> byOwner =
        names(ui.get("/ui/feature-views?q=example.com&sort=owner").body(), "feature-views");
    assertThat(byOwner).containsExactly("public_stats", "secret_stats");
    assertThat(names(ui.get("/ui/feature-views?q=example.com&sort=-owner").body(), "feature-views"))
        .containsExactly("secret_stats", "public_stats");
    assertThat(ui.get("/ui/feature-views?sort=updated").status()).isEqualTo(200);
    UiRepo.Answer bad = ui.get("/ui/feature-views?sort=size");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("sorts by name, owner or updated");
    // the header links toggle the order and keep the search
    assertThat(ui.get("/ui/feature-views?q=owner1").body())
        .contains("href=\"/ui/feature-views?q=owner1&amp;sort=-name\"")
        .contains("href=\"/ui/feature-views?q=owner1&amp;sort=owner\"");
  }

  @Test
  void listsPageFiftyRowsAtATime() {
    UiRepo.Answer first = ui.get("/ui/feature-views");
    assertThat(names(first.body(), "feature-views")).hasSize(50);
    assertThat(first.body()).contains("1–50 of 72 feature views").contains("page 1 of 2");
    assertThat(first.body()).contains("<a rel=\"next\" href=\"/ui/feature-views?page=2\">");
    assertThat(first.body()).doesNotContain("rel=\"prev\"");

    UiRepo.Answer last = ui.get("/ui/feature-views?page=2&sort=-name");
    List<String> rows = names(last.body(), "feature-views");
    assertThat(rows).hasSize(22).contains("bulk_000");
    assertThat(last.body()).contains("51–72 of 72").doesNotContain("rel=\"next\"");
    assertThat(last.body()).contains("<a rel=\"prev\" href=\"/ui/feature-views?sort=-name\">");

    // every view appears on exactly one page
    List<String> all = new ArrayList<>();
    for (int p = 1; p <= 2; p++) {
      all.addAll(names(ui.get("/ui/feature-views?page=" + p).body(), "feature-views"));
    }
    assertThat(all).hasSize(72).doesNotHaveDuplicates().isSorted();

    assertThat(names(ui.get("/ui/feature-views?page=99").body(), "feature-views")).hasSize(22);
    UiRepo.Answer bad = ui.get("/ui/feature-views?page=zero");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("The parameter page must be a whole number from 1 up");
  }

  @Test
  void auditLogFiltersByUserActionObjectAndTime() {
    UiRepo.Answer all = ui.get("/ui/audit");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body()).contains("<td>apply</td>").contains("<td>materialize</td>");

    String applies = ui.get("/ui/audit?action=apply").body();
    assertThat(applies).contains("<td>apply</td>").doesNotContain("<td>materialize</td>");
    assertThat(applies).contains("<option value=\"apply\" selected>apply</option>");

    assertThat(ui.get("/ui/audit?user=root").body()).contains("<td>root</td>");
    assertThat(ui.get("/ui/audit?user=nobody").body()).contains("No entries.");

    String object =
        ui.get("/ui/audit?object=feature_view%3Asecret_stats&action=materialize").body();
    assertThat(object).contains("feature_view:secret_stats").doesNotContain("<td>apply</td>");

    assertThat(ui.get("/ui/audit?to=2000-01-01").body()).contains("No entries.");
    assertThat(ui.get("/ui/audit?from=2000-01-01&to=9999-01-01").body()).contains("<td>apply</td>");
    assertThat(ui.get("/ui/audit?from=3000-01-01").body()).contains("No entries.");
    UiRepo.Answer bad = ui.get("/ui/audit?from=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("from");
  }

  @Test
  void theAuditPageFollowsNewEntries() throws InterruptedException {
    assertThat(ui.get("/ui/audit").body()).contains("<td>apply</td>");
    ui.store.recordAudit(
        "ui test", List.of("feature_view:public_stats"), AuditOutcome.OK, "a new entry");
    Thread.sleep(WebUi.LOG_CACHE.toMillis() + 200);
    String page = ui.get("/ui/audit").body();
    assertThat(page).contains("a new entry").contains("<td>apply</td>");
    assertThat(page.indexOf("a new entry")).isLessThan(page.indexOf("<td>apply</td>"));
    assertThat(ui.get("/ui/audit?action=ui+test").body())
        .containsOnlyOnce("a new entry")
        .doesNotContain("<td>apply</td>");
  }

  @Test
  void assetsComeFromTheJar() {
    UiRepo.Answer css = ui.get("/ui/assets/larder.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(css.body()).contains("nav.side");
    String etag = css.header("ETag");
    assertThat(etag).matches("\"[0-9a-f]{24}\"");
    UiRepo.Answer again =
        ui.send(
            HttpRequest.newBuilder(ui.uri("/ui/assets/larder.css"))
                .header("If-None-Match", etag)
                .build());
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    UiRepo.Answer echarts = ui.get("/ui/assets/echarts.min.js");
    assertThat(echarts.status()).isEqualTo(200);
    assertThat(echarts.header("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(echarts.body().length()).isGreaterThan(500_000);
    assertThat(echarts.body()).contains("echarts");
    assertThat(ui.get("/ui/assets/nothing.js").status()).isEqualTo(404);
    // Jetty itself refuses an encoded separator (400); a plain one is another path (404)
    assertThat(ui.get("/ui/assets/..%2Fpages%2Ferror.jte").status()).isIn(400, 404);
    assertThat(ui.get("/ui/assets/dev/larder/ui/assets/larder.css").status()).isEqualTo(404);
    assertThat(ui.get("/ui/assets/WebUi.class").status()).isEqualTo(404);
    // pages link only to assets of the UI, never to another host
    assertThat(ui.get("/ui").body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void unknownPagesAndMethodsAreErrorPages() {
    UiRepo.Answer missing = ui.get("/ui/nowhere");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("There is no page at this address here");
    UiRepo.Answer method = ui.post("/ui/entities", UiRepo.form(), null);
    assertThat(method.status()).isEqualTo(405);
    UiRepo.Answer head =
        ui.send(
            HttpRequest.newBuilder(ui.uri("/ui/entities"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    // the UI alone redirects / to itself
    UiRepo.Answer root = ui.get("/");
    assertThat(root.status()).isEqualTo(303);
    assertThat(root.header("Location")).endsWith("/ui");
  }

  @Test
  void formsWithoutTheAntiForgeryTokenAreRefused() {
    // auth off: the token is the value of the larder_csrf cookie, which the first page sets
    UiRepo.Answer page = ui.get("/ui");
    String cookie = page.cookie(UiAuth.CSRF_COOKIE).orElseThrow();
    assertThat(page.setCookies().get(0))
        .contains("; Path=/ui")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .doesNotContain("Secure");
    String csrfCookie = UiAuth.CSRF_COOKIE + "=" + cookie;
    // a page that already has the cookie does not set it again
    assertThat(ui.get("/ui", csrfCookie).setCookies()).isEmpty();

    UiRepo.Answer missing = ui.post("/ui/logout", UiRepo.form(), csrfCookie);
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.body()).contains("anti-forgery token");
    UiRepo.Answer wrong = ui.post("/ui/logout", UiRepo.form("csrf", "x" + cookie), csrfCookie);
    assertThat(wrong.status()).isEqualTo(403);
    UiRepo.Answer noCookie = ui.post("/ui/logout", UiRepo.form("csrf", cookie), null);
    assertThat(noCookie.status()).isEqualTo(403);
    UiRepo.Answer ok = ui.post("/ui/logout", UiRepo.form("csrf", cookie), csrfCookie);
    assertThat(ok.status()).isEqualTo(303);
    assertThat(ok.header("Location")).endsWith("/ui");
  }

  @Test
  void withAuthOffTheLoginPageLeadsToTheOverview() {
    UiRepo.Answer login = ui.get("/ui/login");
    assertThat(login.status()).isEqualTo(303);
    assertThat(login.header("Location")).endsWith("/ui");
    assertThat(ui.get("/ui/login?next=//evil.example/x").header("Location")).endsWith("/ui");
    assertThat(ui.get("/ui/login?next=/ui/audit").header("Location")).contains("/ui/audit");
  }
}
