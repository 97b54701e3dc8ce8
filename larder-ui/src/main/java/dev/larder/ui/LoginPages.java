package dev.larder.ui;

import dev.larder.core.access.ApiKey;
import dev.larder.core.registry.AuditOutcome;
import java.util.List;
import java.util.Optional;

/**
 * {@code /ui/login} and {@code /ui/logout} (auth on; with auth off both lead to the overview).
 *
 * <p>The login form takes an API key. A key the keys file holds now gets a session: the cookie
 * {@value UiAuth#SESSION_COOKIE} with a signed, expiring token naming the key (never the key), and
 * a redirect to the page that asked for the login ({@code next}, a path under {@code /ui} only). A
 * wrong key shows the form again with an error (401) and sets no cookie. The form itself carries
 * the anti-forgery token of the {@value UiAuth#CSRF_COOKIE} cookie. A login is recorded in the
 * audit log ({@code ui login}).
 */
public final class LoginPages implements UiModule {
  /** What {@code pages/login.jte} shows. */
  public record Model(Page page, String next, String error) {}

  @Override
  public void register(UiRoutes routes) {
    routes.open("GET", "/ui/login", LoginPages::form);
    routes.open("POST", "/ui/login", LoginPages::login);
    routes.post("/ui/logout", LoginPages::logout);
  }

  private static UiResponse form(UiRequest r) {
    UiAuth auth = r.ui().auth();
    String next = next(r.query("next"));
    if (!auth.required()) {
      return UiResponse.redirect(next);
    }
    Optional<String> token = r.cookie(UiAuth.SESSION_COOKIE);
    if (token.isPresent() && auth.verify(token.get()).accepted()) {
      return UiResponse.redirect(next);
    }
    return r.render(200, "pages/login.jte", new Model(loginPage(r), next, ""));
  }

  private static UiResponse login(UiRequest r) {
    UiAuth auth = r.ui().auth();
    String next = next(r.form("next").filter(s -> !s.isBlank()));
    if (!auth.required()) {
      return UiResponse.redirect(next);
    }
    if (!UiAuth.csrfCookieMatches(
        r.cookie(UiAuth.CSRF_COOKIE).orElse(null), r.form(UiRequest.CSRF_FIELD).orElse(null))) {
      throw UiError.forgery();
    }
    String key = r.form("key").orElse("").strip();
    Optional<ApiKey> match = key.isEmpty() ? Optional.empty() : auth.match(key);
    if (match.isEmpty()) {
      return r.render(
          401,
          "pages/login.jte",
          new Model(
              loginPage(r),
              next,
              key.isEmpty()
                  ? "Enter an API key."
                  : "That API key is not valid: it may be mistyped or revoked."));
    }
    String token = auth.issue(match.get());
    r.store()
        .as(match.get().principal())
        .recordAudit("ui login", List.of("api_key:" + match.get().name()), AuditOutcome.OK, "");
    return UiResponse.redirect(next).withCookie(UiAuth.sessionCookie(token, r.secure()));
  }

  private static UiResponse logout(UiRequest r) {
    if (!r.ui().auth().required()) {
      return UiResponse.redirect(UiPaths.ROOT);
    }
    return UiResponse.redirect("/ui/login").withCookie(UiAuth.endSessionCookie(r.secure()));
  }

  private static Page loginPage(UiRequest r) {
    return new Page(
        "Sign in", "login", r.store().config().project(), "", false, r.csrfToken(), List.of());
  }

  /** Where to go after signing in: {@code next} when it is a page of the UI, else the overview. */
  private static String next(Optional<String> next) {
    return next.filter(UiPaths::isLocal).orElse(UiPaths.ROOT);
  }
}
