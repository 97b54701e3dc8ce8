package dev.larder.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.SessionSecret;
import dev.larder.core.access.SessionTokens;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UI with {@code auth: {type: api_key}}: the login form, the session cookie and its attributes,
 * refused keys and tokens, anti-forgery tokens, and that a principal sees nothing it may not
 * describe ({@link UiRepo#PERMISSIONS}: the reader sees only views and services tagged
 * visibility=public).
 */
class WebUiAuthTest {
  static UiRepo ui;

  @BeforeAll
  static void serve() {
    ui = UiRepo.secured();
  }

  /** The value of the login form's anti-forgery cookie, as a Cookie header. */
  record LoginForm(String cookieHeader, String csrf) {}

  static LoginForm loginForm(Map<String, String> headers) {
    UiRepo.Answer page =
        ui.send(
            withHeaders(java.net.http.HttpRequest.newBuilder(ui.uri("/ui/login")), headers)
                .GET()
                .build());
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    String cookie = page.cookie(UiAuth.CSRF_COOKIE).orElseThrow();
    assertThat(page.hidden("csrf")).isEqualTo(cookie);
    return new LoginForm(UiAuth.CSRF_COOKIE + "=" + cookie, cookie);
  }

  private static java.net.http.HttpRequest.Builder withHeaders(
      java.net.http.HttpRequest.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    return b;
  }

  static UiRepo.Answer login(String key, String next, Map<String, String> headers) {
    LoginForm form = loginForm(headers);
    return ui.post(
        "/ui/login",
        UiRepo.form("csrf", form.csrf(), "key", key, "next", next),
        form.cookieHeader(),
        headers);
  }

  /** The Cookie header of a session of {@code key}. */
  static String session(String key) {
    UiRepo.Answer a = login(key, "/ui", Map.of());
    assertThat(a.status()).as(a.body()).isEqualTo(303);
    return UiAuth.SESSION_COOKIE + "=" + a.cookie(UiAuth.SESSION_COOKIE).orElseThrow();
  }

  @Test
  void pagesRedirectToTheLoginPageWithoutASession() {
    UiRepo.Answer overview = ui.get("/ui");
    assertThat(overview.status()).isEqualTo(303);
    assertThat(overview.header("Location")).contains("/ui/login");
    UiRepo.Answer list = ui.get("/ui/feature-views?q=a");
    assertThat(list.status()).isEqualTo(303);
    assertThat(list.header("Location")).contains("/ui/login?next=%2Fui%2Ffeature-views%3Fq%3Da");
    assertThat(ui.get("/ui/nowhere").status()).isEqualTo(303);
    assertThat(ui.get("/ui/test-object/feature_view/public_stats").status()).isEqualTo(303);
    // open without a session: the login page and the assets
    assertThat(ui.get("/ui/assets/larder.css").status()).isEqualTo(200);
    assertThat(ui.get("/ui/login").status()).isEqualTo(200);
    // a form without a session
    UiRepo.Answer post = ui.post("/ui/logout", UiRepo.form("csrf", "x"), null);
    assertThat(post.status()).isEqualTo(401);
    assertThat(post.body()).contains("signed in");
  }

  @Test
  void aReaderKeySignsInWithASessionCookieThatHoldsNoKey() {
    UiRepo.Answer a = login(ui.readerKey, "/ui/feature-views?q=stats", Map.of());
    assertThat(a.status()).as(a.body()).isEqualTo(303);
    assertThat(a.header("Location")).contains("/ui/feature-views?q=stats");
    assertThat(a.setCookies()).hasSize(1);
    String cookie = a.setCookies().get(0);
    assertThat(cookie)
        .startsWith(UiAuth.SESSION_COOKIE + "=v1.")
        .contains("; Path=/ui")
        .contains("; Max-Age=28800")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .doesNotContain("Secure")
        .doesNotContain(ui.readerKey)
        .doesNotContain(ui.readerKey.substring(0, 12));

    String session = UiAuth.SESSION_COOKIE + "=" + a.cookie(UiAuth.SESSION_COOKIE).orElseThrow();
    UiRepo.Answer page = ui.get("/ui/feature-views?q=stats", session);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("reader").contains("Sign out");
    // signed in, the login page leads on
    UiRepo.Answer again = ui.get("/ui/login?next=/ui/audit", session);
    assertThat(again.status()).isEqualTo(303);
    assertThat(again.header("Location")).contains("/ui/audit");
    // and never off the site
    LoginForm form = loginForm(Map.of());
    UiRepo.Answer away =
        ui.post(
            "/ui/login",
            UiRepo.form("csrf", form.csrf(), "key", ui.readerKey, "next", "//evil.example/"),
            form.cookieHeader());
    assertThat(away.header("Location")).endsWith("/ui");
    // what the login page echoes is escaped, and only paths of the UI are followed
    UiRepo.Answer evil = ui.get("/ui/login?next=%2Fui%2F%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assertThat(evil.body()).doesNotContain("<script>").contains("name=\"next\" value=\"/ui\"");
    UiRepo.Answer encoded = ui.get("/ui/login?next=%2Fui%2Faudit%3Fuser%3Dana");
    assertThat(encoded.body()).contains("name=\"next\" value=\"/ui/audit?user=ana\"");
  }

  @Test
  void behindAnHttpsProxyTheCookiesAreSecure() {
    Map<String, String> https = Map.of("X-Forwarded-Proto", "https");
    UiRepo.Answer form =
        ui.send(
            withHeaders(java.net.http.HttpRequest.newBuilder(ui.uri("/ui/login")), https)
                .GET()
                .build());
    assertThat(form.setCookies().get(0)).endsWith("; Secure");
    UiRepo.Answer a = login(ui.readerKey, "/ui", https);
    assertThat(a.status()).isEqualTo(303);
    assertThat(a.setCookies().get(0)).contains("; HttpOnly; SameSite=Strict; Secure");
    assertThat(login(ui.readerKey, "/ui", Map.of("X-Forwarded-Proto", "http")).setCookies().get(0))
        .doesNotContain("Secure");
  }

  @Test
  void aBadKeyShowsTheFormAgainAndSetsNoCookie() {
    UiRepo.Answer wrong = login("not-" + ui.readerKey, "/ui", Map.of());
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("That API key is not valid").contains("name=\"key\"");
    assertThat(wrong.setCookies()).isEmpty();
    UiRepo.Answer empty = login("", "/ui", Map.of());
    assertThat(empty.status()).isEqualTo(401);
    assertThat(empty.setCookies()).isEmpty();
    // a key sent with a page request is not a session
    assertThat(ui.get("/ui", UiAuth.SESSION_COOKIE + "=" + ui.readerKey).status()).isEqualTo(303);
  }

  @Test
  void theLoginFormNeedsItsAntiForgeryToken() {
    LoginForm form = loginForm(Map.of());
    UiRepo.Answer none =
        ui.post("/ui/login", UiRepo.form("key", ui.readerKey), form.cookieHeader());
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.setCookies()).isEmpty();
    UiRepo.Answer noCookie =
        ui.post("/ui/login", UiRepo.form("csrf", form.csrf(), "key", ui.readerKey), null);
    assertThat(noCookie.status()).isEqualTo(403);
    assertThat(noCookie.setCookies()).isEmpty();
  }

  @Test
  void tamperedExpiredAndForeignTokensAreRefused() throws Exception {
    String token = session(ui.readerKey).substring(UiAuth.SESSION_COOKIE.length() + 1);
    assertThat(ui.get("/ui", UiAuth.SESSION_COOKIE + "=" + token).status()).isEqualTo(200);

    String[] parts = token.split("\\.");
    // another name under the reader's signature
    String asBoss =
        String.join(
            ".",
            parts[0],
            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("boss".getBytes()),
            parts[2],
            parts[3],
            parts[4],
            parts[5]);
    // a later expiry under the same signature
    String longer =
        String.join(".", parts[0], parts[1], parts[2], "9999999999", parts[4], parts[5]);
    char last = parts[5].charAt(0);
    String badSignature =
        token.substring(0, token.lastIndexOf('.') + 1)
            + (last == 'A' ? 'B' : 'A')
            + parts[5].substring(1);

    byte[] secret = SessionSecret.loadOrCreate(ui.repo.resolve("auth/keys.yaml"));
    var reader = new ApiKeyFile(ui.repo.resolve("auth/keys.yaml")).read().named("reader").get();
    String expired =
        new SessionTokens(
                secret, Clock.fixed(Instant.now().minus(Duration.ofHours(9)), ZoneOffset.UTC))
            .issue(reader, Duration.ofHours(8));
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    String foreign = new SessionTokens(other, Clock.systemUTC()).issue(reader, Duration.ofHours(8));

    for (String bad : List.of(asBoss, longer, badSignature, expired, foreign, "v1.garbage")) {
      UiRepo.Answer a = ui.get("/ui/feature-views", UiAuth.SESSION_COOKIE + "=" + bad);
      assertThat(a.status()).as(bad).isEqualTo(303);
      assertThat(a.header("Location")).contains("/ui/login");
      // the refused cookie is cleared
      assertThat(a.setCookies())
          .anyMatch(c -> c.startsWith(UiAuth.SESSION_COOKIE + "=;") && c.contains("Max-Age=0"));
    }
    // the secret beside the keys file is the owner's only
    assertThat(
            Files.getPosixFilePermissions(
                SessionSecret.pathBeside(ui.repo.resolve("auth/keys.yaml"))))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aRevokedKeyEndsItsSessions() throws Exception {
    ApiKeyFile keys = new ApiKeyFile(ui.repo.resolve("auth/keys.yaml"));
    String key = keys.add("temporary", List.of("reader"), Clock.systemUTC()).key();
    Thread.sleep(UiAuth.RECHECK.toMillis() + 200);
    String session = session(key);
    assertThat(ui.get("/ui", session).status()).isEqualTo(200);
    keys.revoke("temporary");
    Thread.sleep(UiAuth.RECHECK.toMillis() + 200);
    UiRepo.Answer after = ui.get("/ui", session);
    assertThat(after.status()).isEqualTo(303);
    assertThat(after.header("Location")).contains("/ui/login");
  }

  @Test
  void formsOfASessionNeedItsAntiForgeryToken() {
    String session = session(ui.readerKey);
    UiRepo.Answer page = ui.get("/ui", session);
    String csrf = page.hidden("csrf");
    // a session's pages set no cookie of their own
    assertThat(page.setCookies()).isEmpty();

    assertThat(ui.post("/ui/logout", UiRepo.form(), session).status()).isEqualTo(403);
    String otherCsrf = ui.get("/ui", session(ui.adminKey)).hidden("csrf");
    assertThat(otherCsrf).isNotEqualTo(csrf);
    assertThat(ui.post("/ui/logout", UiRepo.form("csrf", otherCsrf), session).status())
        .isEqualTo(403);

    UiRepo.Answer out = ui.post("/ui/logout", UiRepo.form("csrf", csrf), session);
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.header("Location")).contains("/ui/login");
    assertThat(out.setCookies())
        .anyMatch(c -> c.startsWith(UiAuth.SESSION_COOKIE + "=;") && c.contains("Max-Age=0"));
  }

  @Test
  void aReaderSeesNoObjectItMayNotDescribe() {
    String session = session(ui.readerKey);
    String overview = ui.get("/ui", session).body();
    assertThat(overview)
        .contains("<span class=\"n\">2</span> Entities")
        .contains("<span class=\"n\">1</span> Data sources")
        .contains("<span class=\"n\">1</span> Feature views")
        .contains("<span class=\"n\">1</span> Feature services")
        .contains("<span class=\"n\">0</span> Permissions")
        .contains("<span class=\"n\">1</span> Training runs")
        .contains("run-public");
    for (String path :
        List.of(
            "/ui",
            "/ui/entities",
            "/ui/data-sources",
            "/ui/feature-views",
            "/ui/feature-views?q=secret",
            "/ui/feature-views?q=risk",
            "/ui/feature-services",
            "/ui/permissions",
            "/ui/audit",
            "/ui/audit?object=secret",
            "/ui/audit?action=materialize")) {
      UiRepo.Answer a = ui.get(path, session);
      assertThat(a.status()).as(path).isEqualTo(200);
      assertThat(a.body())
          .as(path)
          .doesNotContain("secret_stats")
          .doesNotContain("run-secret")
          .doesNotContain("Secret risk")
          .doesNotContain("readers_public")
          .doesNotContain("admins");
    }
    assertThat(ui.get("/ui/feature-views?q=secret", session).body()).contains("No feature views.");
    assertThat(ui.get("/ui/permissions", session).body()).contains("No permissions.");

    // an object page: the hidden object and one that does not exist look alike
    UiRepo.Answer visible = ui.get("/ui/test-object/feature_view/public_stats", session);
    assertThat(visible.status()).isEqualTo(200);
    UiRepo.Answer hidden = ui.get("/ui/test-object/feature_view/secret_stats", session);
    UiRepo.Answer missing = ui.get("/ui/test-object/feature_view/no_such_view", session);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(hidden.body().replace("secret_stats", "X"))
        .isEqualTo(missing.body().replace("no_such_view", "X"));
    assertThat(hidden.body()).contains("or you are not permitted to see it");
  }

  @Test
  void aLineageGraphKeptForOnePrincipalIsNotShownToAnother() {
    String admin = session(ui.adminKey);
    String reader = session(ui.readerKey);
    for (int round = 0; round < 2; round++) {
      UiRepo.Answer all = ui.get("/ui/lineage", admin);
      assertThat(all.status()).as(all.body()).isEqualTo(200);
      assertThat(all.body()).contains("secret_stats").contains("run-secret");
      UiRepo.Answer some = ui.get("/ui/lineage", reader);
      assertThat(some.status()).as(some.body()).isEqualTo(200);
      assertThat(some.body())
          .contains("public_stats")
          .doesNotContain("secret_stats")
          .doesNotContain("run-secret");
    }
  }

  @Test
  void anAdminSeesEverything() {
    String session = session(ui.adminKey);
    String overview = ui.get("/ui", session).body();
    assertThat(overview)
        .contains("<span class=\"n\">2</span> Feature views")
        .contains("<span class=\"n\">3</span> Permissions")
        .contains("<span class=\"n\">2</span> Training runs");
    String permissions = ui.get("/ui/permissions", session).body();
    assertThat(permissions).contains("readers_public").contains("admins");
    assertThat(permissions)
        .doesNotContain(UiRepo.EVIL)
        .contains("Admins &lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(ui.get("/ui/test-object/feature_view/secret_stats", session).status())
        .isEqualTo(200);
    // an API key is no registry object: its entries show to its own user only
    String logins = ui.get("/ui/audit?action=ui+login", session).body();
    assertThat(logins).contains("api_key:boss").doesNotContain("api_key:reader");
  }
}
