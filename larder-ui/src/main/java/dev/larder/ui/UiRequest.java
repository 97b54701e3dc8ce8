package dev.larder.ui;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.Principal;
import dev.larder.core.access.Visibility;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * One request to a UI page, as its handler sees it: the path's parameters, the query, the form (of
 * a {@code POST}, already checked against forgery), cookies, and the feature store acting as the
 * request's principal, with the registry snapshot the server holds and what the principal may see
 * of it.
 *
 * <p>Pages read the registry through {@link #snapshot()} (the server's cached snapshot, no registry
 * query) and filter everything they show through {@link #visibility()}; the runs and the audit log
 * through {@link #runs()} and {@link #audit()}, already filtered. The principal's own checked calls
 * are on {@link #store()} (an online read, say).
 */
public final class UiRequest {
  /** The form field that carries the anti-forgery token. */
  public static final String CSRF_FIELD = "csrf";

  private final Request request;
  private final WebUi ui;
  private final FeatureStore store;
  private final boolean signedIn;
  private final String sessionToken;
  private final Map<String, String> pathParams;
  private final Fields query;
  private final Fields form;
  private String csrf;
  private String newCsrfCookie;
  private RegistrySnapshot snapshot;
  private Visibility visibility;

  UiRequest(
      Request request,
      WebUi ui,
      FeatureStore store,
      boolean signedIn,
      String sessionToken,
      Map<String, String> pathParams,
      Fields form) {
    this.request = request;
    this.ui = ui;
    this.store = store;
    this.signedIn = signedIn;
    this.sessionToken = sessionToken;
    this.pathParams = Map.copyOf(pathParams);
    this.query = Request.extractQueryParameters(request);
    this.form = form;
  }

  WebUi ui() {
    return ui;
  }

  /** {@code GET}, {@code HEAD} or {@code POST}. */
  public String method() {
    return request.getMethod();
  }

  /** The path, e.g. {@code /ui/feature-views/driver_stats}. */
  public String path() {
    return request.getHttpURI().getPath();
  }

  /** The path and query, for a link back here. */
  public String pathAndQuery() {
    String q = request.getHttpURI().getQuery();
    return q == null || q.isEmpty() ? path() : path() + "?" + q;
  }

  /** The value of the pattern's {@code {name}} segment, decoded. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no parameter {" + name + "}");
    }
    return value;
  }

  /** The query parameter {@code name}, if given and not blank. */
  public Optional<String> query(String name) {
    String v = query.getValue(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** Every value of the query parameter {@code name}, blanks left out. */
  public List<String> queryAll(String name) {
    return nonBlank(query.getValues(name));
  }

  /**
   * The query parameter {@code name} as a positive whole number, or {@code fallback} when absent.
   *
   * @throws UiError 400 when it is not a positive whole number
   */
  public int positiveQuery(String name, int fallback) {
    Optional<String> v = query(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw UiError.badRequest(
        "The parameter " + name + " must be a whole number from 1 up, not '" + v.get() + "'.");
  }

  /** The form field {@code name} of a {@code POST}, if given (not stripped). */
  public Optional<String> form(String name) {
    String v = form == null ? null : form.getValue(name);
    return Optional.ofNullable(v);
  }

  /** Every value of the form field {@code name}, blanks left out. */
  public List<String> formAll(String name) {
    return form == null ? List.of() : nonBlank(form.getValues(name));
  }

  /** The request header {@code name}, if the request has it. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** The cookie {@code name}, if the request has it. */
  public Optional<String> cookie(String name) {
    return cookie(request, name);
  }

  static Optional<String> cookie(Request request, String name) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(name)) {
        return Optional.of(c.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the request came over HTTPS: its own scheme, or {@code X-Forwarded-Proto: https} from a
   * proxy in front.
   */
  public boolean secure() {
    return secure(request);
  }

  static boolean secure(Request request) {
    if ("https".equalsIgnoreCase(request.getHttpURI().getScheme()) || request.isSecure()) {
      return true;
    }
    String forwarded = request.getHeaders().get(HttpHeader.X_FORWARDED_PROTO);
    if (forwarded == null) {
      return false;
    }
    int comma = forwarded.indexOf(',');
    String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
    return first.toLowerCase(Locale.ROOT).equals("https");
  }

  /** The feature store acting as this request's principal: its checked calls are theirs. */
  public FeatureStore store() {
    return store;
  }

  /** Who the request acts as. */
  public Principal principal() {
    return store.principal();
  }

  /**
   * The registry as the server holds it (at most the registry's cache time old), or the empty
   * registry before the first apply. The same for the whole request.
   */
  public RegistrySnapshot snapshot() {
    if (snapshot == null) {
      snapshot = ui.snapshot();
    }
    return snapshot;
  }

  /**
   * What the principal may see of {@link #snapshot()}: every list, count, search, graph and page
   * filters by it (the rule of {@code describe}).
   */
  public Visibility visibility() {
    if (visibility == null) {
      visibility = store.visibility(snapshot().definitions());
    }
    return visibility;
  }

  /**
   * Throws the 404 of {@link UiError#notFound(DefinitionKind, String)} unless the object exists in
   * {@link #snapshot()} and the principal may describe it: the first line of every object page.
   */
  public void requireVisible(DefinitionKind kind, String name) {
    if (snapshot().definitions().find(kind, name).isEmpty() || !visibility().sees(kind, name)) {
      throw UiError.notFound(kind, name);
    }
  }

  /** The recorded training runs the principal may see, oldest first (cached for a second). */
  public List<RecordedRun> runs() {
    List<RecordedRun> out = new ArrayList<>();
    for (RecordedRun r : ui.runs()) {
      if (visibility().sees(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The audit log entries the principal may see, oldest first (cached for a second). */
  public List<AuditEntry> audit() {
    List<AuditEntry> out = new ArrayList<>();
    for (AuditEntry e : ui.audit()) {
      if (visibility().sees(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The anti-forgery token that every form of this page carries in the hidden field {@value
   * #CSRF_FIELD}.
   */
  public String csrfToken() {
    if (csrf == null) {
      if (signedIn) {
        csrf = ui.auth().csrfOfSession(sessionToken);
      } else {
        csrf = cookie(UiAuth.CSRF_COOKIE).filter(v -> !v.isEmpty()).orElse(null);
        if (csrf == null) {
          csrf = UiAuth.newCsrfCookieValue();
          newCsrfCookie = csrf;
        }
      }
    }
    return csrf;
  }

  /** The cookie to set when {@link #csrfToken()} made a new value. */
  String newCsrfCookie() {
    return newCsrfCookie;
  }

  /**
   * The layout's model for a page titled {@code title} in the navigation section {@code section}.
   */
  public Page page(String title, String section) {
    return new Page(
        title,
        section,
        store.config().project(),
        principal().user(),
        signedIn,
        csrfToken(),
        List.of());
  }

  /**
   * A 200 page: {@code template} (under {@code src/main/jte}) of its one parameter {@code model}.
   */
  public UiResponse render(String template, Object model) {
    return render(200, template, model);
  }

  /** {@link #render(String, Object)} with another status. */
  public UiResponse render(int status, String template, Object model) {
    return UiResponse.html(status, Templates.render(template, model));
  }

  /**
   * This request's path with the query parameter {@code name} set to {@code value} ({@code null}
   * removes it), the others kept: for pagination and sort links.
   */
  public String withQuery(String name, String value) {
    StringBuilder b = new StringBuilder(path());
    char sep = '?';
    for (Fields.Field f : query) {
      if (f.getName().equals(name)) {
        continue;
      }
      for (String v : f.getValues()) {
        b.append(sep).append(UiPaths.encode(f.getName())).append('=').append(UiPaths.encode(v));
        sep = '&';
      }
    }
    if (value != null) {
      b.append(sep).append(UiPaths.encode(name)).append('=').append(UiPaths.encode(value));
    }
    return b.toString();
  }

  private static List<String> nonBlank(List<String> values) {
    if (values == null) {
      return List.of();
    }
    return values.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
  }
}
