package dev.larder.ui;

import dev.larder.core.ErrorCode;
import dev.larder.core.FeatureStore;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.access.SessionTokens;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.ui.pages.AuditPage;
import dev.larder.ui.pages.LineagePage;
import dev.larder.ui.pages.LookupPage;
import dev.larder.ui.pages.ObjectLists;
import dev.larder.ui.pages.ObjectPages;
import dev.larder.ui.pages.OverviewPage;
import dev.larder.ui.pages.RunPages;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: a Jetty handler for everything under {@code /ui}, mounted beside the feature server's
 * API by {@code larder serve} and served alone by {@code larder ui} ({@link UiServer}).
 *
 * <p>For each request it finds the route (most literal segments first), establishes who the request
 * acts as ({@link UiAuth}: the server's user with auth off; the signed-in key's user with auth on,
 * else a redirect to {@code /ui/login} for a page or a 401 page for a form), checks a {@code
 * POST}'s anti-forgery token (403 page without it), calls the page's handler with a {@link
 * UiRequest}, and writes its reply with security headers (a Content-Security-Policy that allows
 * scripts and styles from {@code /ui/assets/} only, no framing, no sniffing, no caching of pages).
 * Errors become pages: {@link UiError}s as they say, Larder's errors by their code, anything else a
 * 500 without details.
 */
public final class WebUi extends Handler.Abstract {
  /** The UI's pages, in plain code: a new group of pages adds its module here. */
  public static final List<UiModule> MODULES =
      List.of(
          new LoginPages(),
          new OverviewPage(),
          new ObjectLists(),
          new AuditPage(),
          new ObjectPages(),
          new LineagePage(),
          new RunPages(),
          new LookupPage());

  /**
   * What the browser may load: everything from this server only; scripts from files (a page's data
   * goes in {@code <script type="application/json">}, read by its script), no inline script; inline
   * styles are allowed for the charts' own elements.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  /** How long the runs and the audit log read from the registry are reused. */
  static final Duration LOG_CACHE = Duration.ofSeconds(1);

  /** How many of the newest audit entries the UI keeps and shows ({@code larder audit} has all). */
  public static final int AUDIT_KEPT = 100_000;

  /** How far before the newest entry a refresh of the audit log reads again. */
  static final Duration AUDIT_OVERLAP = Duration.ofMinutes(5);

  /** The largest form accepted. */
  static final int MAX_FORM_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

  private final FeatureStore store;
  private final UiAuth auth;
  private final List<UiRoute> routes;
  private final Assets assets = new Assets();
  private final Cached<List<RecordedRun>> runs;
  private final Cached<List<AuditEntry>> audit;
  private List<AuditEntry> auditRead = List.of();

  private WebUi(FeatureStore store, List<UiModule> modules, Clock clock) {
    super(InvocationType.BLOCKING);
    this.store = Objects.requireNonNull(store, "store");
    this.auth = UiAuth.of(store, clock);
    UiRoutes table = new UiRoutes();
    table.open("GET", "/ui/assets/{file}", this::asset);
    for (UiModule m : modules) {
      m.register(table);
    }
    List<UiRoute> sorted = new ArrayList<>(table.all());
    sorted.sort(Comparator.comparingInt(UiRoute::literals).reversed());
    this.routes = List.copyOf(sorted);
    this.runs = new Cached<>(this::readRuns);
    this.audit = new Cached<>(this::readAudit);
  }

  /**
   * The UI over {@code store} (which stays the caller's to close), with the pages of {@link
   * #MODULES}. With auth on, reads the keys file and the session secret beside it (creating the
   * secret on first use).
   */
  public static WebUi create(FeatureStore store) {
    return new WebUi(store, MODULES, Clock.systemUTC());
  }

  /** The UI with other modules and clock (tests). */
  static WebUi create(FeatureStore store, List<UiModule> modules, Clock clock) {
    return new WebUi(store, modules, clock);
  }

  UiAuth auth() {
    return auth;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    UiResponse reply;
    String method = request.getMethod();
    try {
      reply = dispatch(request, method);
    } catch (UiError e) {
      reply = errorPage(request, e);
    } catch (RuntimeException e) {
      reply = errorPage(request, mapped(e));
    }
    write(request, response, callback, reply);
    return true;
  }

  private UiResponse dispatch(Request request, String method) throws UiError {
    List<String> path = segments(request.getHttpURI().getPath());
    UiRoute route = null;
    Map<String, String> params = null;
    boolean pathKnown = false;
    String effective = method.equals("HEAD") ? "GET" : method;
    for (UiRoute r : routes) {
      Map<String, String> p = r.match(path);
      if (p != null) {
        pathKnown = true;
        if (r.method().equals(effective)) {
          route = r;
          params = p;
          break;
        }
      }
    }
    if (route != null && route.open()) {
      Fields form = method.equals("POST") ? form(request) : null;
      return call(route, request, store, false, null, params, form);
    }
    // who the request acts as
    FeatureStore caller = store;
    String sessionToken = null;
    boolean signedIn = false;
    if (auth.required()) {
      sessionToken = UiRequest.cookie(request, UiAuth.SESSION_COOKIE).orElse(null);
      SessionTokens.Verdict verdict =
          sessionToken == null || sessionToken.isEmpty() ? null : auth.verify(sessionToken);
      if (verdict == null || !verdict.accepted()) {
        return notSignedIn(request, method, verdict != null);
      }
      caller = store.as(verdict.principal());
      signedIn = true;
    }
    if (route == null) {
      if (pathKnown) {
        throw new UiError(
            405, "Method not allowed", "This page does not take " + method + " requests.");
      }
      throw UiError.notFound("page at this address");
    }
    Fields form = null;
    if (method.equals("POST")) {
      form = form(request);
      String presented = form.getValue(UiRequest.CSRF_FIELD);
      boolean ok =
          signedIn
              ? auth.csrfOfSessionMatches(sessionToken, presented)
              : UiAuth.csrfCookieMatches(
                  UiRequest.cookie(request, UiAuth.CSRF_COOKIE).orElse(null), presented);
      if (!ok) {
        throw UiError.forgery();
      }
    }
    return call(route, request, caller, signedIn, sessionToken, params, form);
  }

  private UiResponse call(
      UiRoute route,
      Request request,
      FeatureStore caller,
      boolean signedIn,
      String sessionToken,
      Map<String, String> params,
      Fields form) {
    UiRequest r = new UiRequest(request, this, caller, signedIn, sessionToken, params, form);
    UiResponse reply;
    try {
      reply = route.handler().handle(r);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a UI page failed", e);
    }
    if (r.newCsrfCookie() != null) {
      reply = reply.withCookie(UiAuth.csrfCookie(r.newCsrfCookie(), r.secure()));
    }
    return reply;
  }

  /**
   * A request without a valid session: a page redirects to the login page (which comes back here
   * after signing in); a form gets a 401 page.
   */
  private UiResponse notSignedIn(Request request, String method, boolean hadSession) {
    if (method.equals("GET") || method.equals("HEAD")) {
      String here = request.getHttpURI().getPathQuery();
      String login = "/ui/login";
      if (UiPaths.isLocal(here) && !here.equals(UiPaths.ROOT)) {
        login += "?next=" + UiPaths.encode(here);
      }
      UiResponse redirect = UiResponse.redirect(login);
      return hadSession
          ? redirect.withCookie(UiAuth.endSessionCookie(UiRequest.secure(request)))
          : redirect;
    }
    return errorPage(
        request,
        new UiError(
            401,
            "Sign in",
            "This form needs you to be signed in; your session may have ended. Sign in again at"
                + " /ui/login and send the form again."));
  }

  private static Fields form(Request request) {
    try {
      return FormFields.getFields(request, 1000, MAX_FORM_BYTES);
    } catch (RuntimeException e) {
      throw UiError.badRequest(
          "The form could not be read: send it as application/x-www-form-urlencoded, at most "
              + MAX_FORM_BYTES
              + " bytes.");
    }
  }

  /**
   * The path's segments after the leading {@code /}, each percent-decoded; a trailing / dropped.
   */
  private static List<String> segments(String rawPath) {
    String p =
        rawPath.length() > 1 && rawPath.endsWith("/")
            ? rawPath.substring(0, rawPath.length() - 1)
            : rawPath;
    List<String> out = new ArrayList<>();
    for (String s : UiRoute.segments(p)) {
      out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return out;
  }

  private UiResponse asset(UiRequest r) {
    Assets.Asset a = assets.get(r.pathParam("file")).orElseThrow(() -> UiError.notFound("file"));
    if (r.header("If-None-Match").filter(a.etag()::equals).isPresent()) {
      return UiResponse.of(304, a.contentType(), new byte[0]).withHeader("ETag", a.etag());
    }
    return UiResponse.of(200, a.contentType(), a.bytes()).withHeader("ETag", a.etag());
  }

  /** The registry the server holds now; the empty one before the first apply. */
  RegistrySnapshot snapshot() {
    try {
      return store.recentSnapshot();
    } catch (NotFoundException e) {
      return RegistrySnapshot.empty(store.config().project());
    }
  }

  List<RecordedRun> runs() {
    return runs.get();
  }

  List<AuditEntry> audit() {
    return audit.get();
  }

  private List<RecordedRun> readRuns() {
    try {
      return store.registry().runs();
    } catch (NotFoundException e) {
      return List.of();
    }
  }

  /**
   * The audit log, read whole once, then only from a little before its newest entry (entries of
   * other servers may arrive with slightly earlier times), keeping the newest {@link #AUDIT_KEPT}.
   */
  private synchronized List<AuditEntry> readAudit() {
    List<AuditEntry> before = auditRead;
    if (before.isEmpty()) {
      auditRead = newest(store.registry().audit(null));
      return auditRead;
    }
    Instant from = before.get(before.size() - 1).at().minus(AUDIT_OVERLAP);
    List<AuditEntry> fresh = store.registry().audit(from);
    List<AuditEntry> merged = new ArrayList<>(before.size() + fresh.size());
    for (AuditEntry e : before) {
      if (e.at().isBefore(from)) {
        merged.add(e);
      }
    }
    merged.addAll(fresh);
    auditRead = newest(merged);
    return auditRead;
  }

  private static List<AuditEntry> newest(List<AuditEntry> entries) {
    return List.copyOf(
        entries.size() <= AUDIT_KEPT
            ? entries
            : entries.subList(entries.size() - AUDIT_KEPT, entries.size()));
  }

  /** An error as a page: {@link UiError}s as they say. */
  private UiResponse errorPage(Request request, UiError e) {
    ErrorModel model =
        new ErrorModel(
            new Page(e.title(), "", store.config().project(), "", false, "", List.of()),
            e.status(),
            e.title(),
            e.getMessage());
    return UiResponse.html(e.status(), Templates.render("pages/error.jte", model));
  }

  /** The model of {@code pages/error.jte}. */
  public record ErrorModel(Page page, int status, String title, String message) {}

  /**
   * A failure as a page: Larder's errors by their code (not found and not permitted alike as 404,
   * so that a page never confirms a hidden object), anything else a 500 without its details.
   */
  private static UiError mapped(RuntimeException e) {
    if (e instanceof LarderException l) {
      ErrorCode code = l.code();
      return switch (code) {
        case NOT_FOUND, PERMISSION_DENIED -> UiError.notFound("such object");
        case UNAUTHENTICATED -> new UiError(401, "Sign in", l.getMessage());
        case INTERNAL -> internal(e);
        case BACKEND_UNAVAILABLE -> new UiError(503, "Unavailable", l.getMessage() + hint(l));
        default -> new UiError(400, "Bad request", l.getMessage() + hint(l));
      };
    }
    return internal(e);
  }

  private static UiError internal(RuntimeException e) {
    LOG.warn("a UI page failed", e);
    return new UiError(
        500, "Internal error", "The page failed on the server. The server's log has the details.");
  }

  private static String hint(LarderException e) {
    return e.hint() == null ? "" : " " + e.hint();
  }

  private static void write(
      Request request, Response response, Callback callback, UiResponse reply) {
    response.setStatus(reply.status());
    var h = response.getHeaders();
    for (String c : reply.setCookies()) {
      h.add(HttpHeader.SET_COOKIE, c);
    }
    reply.headers().forEach(h::put);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "same-origin");
    h.put("X-Frame-Options", "DENY");
    if (reply.location() != null) {
      h.put(HttpHeader.LOCATION, reply.location());
      h.put(HttpHeader.CACHE_CONTROL, "no-store");
      h.put(HttpHeader.CONTENT_LENGTH, 0);
      response.write(true, ByteBuffer.allocate(0), callback);
      return;
    }
    h.put(HttpHeader.CONTENT_TYPE, reply.contentType());
    boolean page = reply.contentType().startsWith("text/html");
    if (page) {
      h.put(HttpHeader.CACHE_CONTROL, "no-store");
      h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    } else {
      h.put(HttpHeader.CACHE_CONTROL, "private, max-age=3600");
    }
    h.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    boolean head = "HEAD".equals(request.getMethod());
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
  }

  /** A value read from the registry, reused for {@link #LOG_CACHE}. */
  private static final class Cached<T> {
    private final Supplier<T> read;
    private volatile T value;
    private volatile long readAt;

    Cached(Supplier<T> read) {
      this.read = read;
    }

    T get() {
      long now = System.nanoTime();
      T v = value;
      if (v != null && now - readAt < LOG_CACHE.toNanos()) {
        return v;
      }
      synchronized (this) {
        if (value != null && System.nanoTime() - readAt < LOG_CACHE.toNanos()) {
          return value;
        }
        T fresh = read.get();
        value = fresh;
        readAt = System.nanoTime();
        return fresh;
      }
    }
  }
}
