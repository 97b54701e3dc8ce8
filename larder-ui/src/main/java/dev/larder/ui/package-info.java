/**
 * Larder's web UI: HTML pages over the feature store, served under {@code /ui} by {@code larder
 * serve} (mounted beside the feature server's API, {@code dev.larder.server.Mount}) and alone by
 * {@code larder ui} ({@link dev.larder.ui.UiServer}).
 *
 * <h2>How a page is made</h2>
 *
 * <ol>
 *   <li>A {@link dev.larder.ui.UiModule} registers routes on {@link dev.larder.ui.UiRoutes}: {@code
 *       routes.get("/ui/feature-views/{name}", MyPages::view)}; {@code post(…)} for a form's
 *       target. Add the module to {@link dev.larder.ui.WebUi#MODULES} (plain code, no scanning).
 *       URL shapes live in {@link dev.larder.ui.UiPaths} ({@code object(kind, name)}, {@code
 *       run(id)}, {@code asset(file)}, …): link through it.
 *   <li>The handler gets a {@link dev.larder.ui.UiRequest}: {@code pathParam("name")}, {@code
 *       query("q")}, {@code positiveQuery("page", 1)}, {@code form("field")}, {@code cookie(…)},
 *       {@code store()} (the {@link dev.larder.core.FeatureStore} acting as the request's
 *       principal: its checked calls, such as an online read, are the principal's), {@code
 *       snapshot()} (the registry snapshot the server holds: read it, never the registry, so a page
 *       costs no registry query), {@code visibility()} (what the principal may describe, the one
 *       rule every list, count, search, graph and page filters by), {@code runs()} and {@code
 *       audit()} (already filtered, cached for a second).
 *   <li>An object page starts with {@code r.requireVisible(kind, name)}: an object that does not
 *       exist and one the principal may not describe get the same 404 page ({@link
 *       dev.larder.ui.UiError#notFound}), never a 403 that confirms it exists. Other failures:
 *       throw {@link dev.larder.ui.UiError} ({@code badRequest(…)}), or let Larder's errors
 *       through: the router maps them by code (not found and permission denied alike to 404).
 *   <li>It answers {@code r.render("pages/x.jte", model)}, a template under {@code src/main/jte}
 *       whose one parameter is the model (a record nested in the page's class, holding a {@link
 *       dev.larder.ui.Page} from {@code r.page(title, section)}), wrapped in the layout:
 *       <pre>
 * &#64;param dev.larder.ui.pages.MyPages.Model m
 * &#64;template.layout(page = m.page(), content = &#64;`
 *   &lt;p&gt;${m.description()}&lt;/p&gt;
 * `)
 * </pre>
 *       Templates are compiled at build time (jte-maven-plugin, HTML content type): every {@code
 *       ${…}} is escaped for its context; never use {@code $unsafe}. Long lists page with {@link
 *       dev.larder.ui.Pager#of} and the {@code tags/pager.jte} template; {@code r.withQuery(name,
 *       value)} builds links that keep the other parameters.
 *   <li>Forms: every {@code <form method="post">} carries {@code <input type="hidden" name="csrf"
 *       value="${m.page().csrf()}">}; the router refuses a {@code POST} without it (403 page)
 *       before the handler runs. {@code UiResponse.redirect(path)} after a successful {@code POST}.
 *   <li>Scripts and data: the Content-Security-Policy allows scripts from {@code /ui/assets/} only
 *       (no inline script): put a page's script in {@code
 *       src/main/resources/dev/larder/ui/assets/NAME.js} (served as {@code /ui/assets/NAME.js}),
 *       load it with {@code page.withScript(UiPaths.asset("NAME.js"))} (and {@link
 *       dev.larder.ui.Page#ECHARTS} for ECharts, served from its WebJar), and hand it data as
 *       {@code <script type="application/json" id="…">${json}</script>}, which JTE escapes and the
 *       script reads with {@code JSON.parse(el.textContent)}.
 * </ol>
 *
 * <h2>Access</h2>
 *
 * With {@code auth: {type: none}} every request acts as the server process's user, as the API's do.
 * With {@code auth: {type: api_key}} a request needs the session cookie that {@code /ui/login} sets
 * after taking an API key (a signed, expiring token naming the key, {@link
 * dev.larder.core.access.SessionTokens}; never the key); without it a page redirects to the login
 * page and a form gets a 401 page. Only {@code /ui/login} and {@code /ui/assets/…} are open. The
 * roles of each request are those of the key in the keys file now.
 */
package dev.larder.ui;
