package dev.larder.ui.pages;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Field;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.server.OnlineLookup;
import dev.larder.ui.Page;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import dev.larder.ui.catalog.LookupRequest;
import dev.larder.ui.catalog.LookupResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /ui/lookup}: the online lookup form. Choose features ({@code view:feature}) or a feature
 * service, enter entity keys, and see the values, statuses and event timestamps exactly as {@code
 * POST /get-online-features} returns them: the form becomes that endpoint's request body and goes
 * through the same code ({@link OnlineLookup}) as the request's principal, so {@code read_online}
 * is checked as the API checks it and an error shows the API's own message. The form is a {@code
 * POST} with the anti-forgery token.
 */
public final class LookupPage implements UiModule {

  @Override
  public void register(UiRoutes routes) {
    routes.get("/ui/lookup", this::form);
    routes.post("/ui/lookup", this::lookup);
  }

  /**
   * The page's model.
   *
   * @param services the feature services the principal may see
   * @param features the {@code view:feature} references of the online views it may see
   * @param request what the form holds
   * @param result the API's answer, or {@code null} before the form is sent
   * @param formError a problem with the form itself (not the API's), or {@code null}
   * @param requestJson the request body sent to the API, or {@code null}
   */
  public record Model(
      Page page,
      List<String> services,
      List<String> features,
      LookupRequest request,
      LookupResult result,
      String formError,
      String requestJson) {}

  private UiResponse form(UiRequest r) {
    LookupRequest request =
        new LookupRequest(
            r.query("features").orElse(""),
            r.query("service").orElse(""),
            r.query("entities").orElse(""),
            r.query("full_feature_names").isPresent());
    return page(r, request, null, null, null);
  }

  private UiResponse lookup(UiRequest r) {
    LookupRequest request =
        new LookupRequest(
            r.form("features").orElse(""),
            r.form("service").orElse(""),
            r.form("entities").orElse(""),
            r.form("full_feature_names").isPresent());
    byte[] body;
    try {
      body = request.body(r.snapshot().definitions());
    } catch (InvalidArgumentException e) {
      return page(r, request, null, e.getMessage() + ". " + e.hint(), null);
    }
    OnlineLookup.Answer answer =
        OnlineLookup.answer(r.store(), body, r.store().config().featureServer());
    LookupResult result = LookupResult.of(answer.status(), answer.json());
    return page(r, request, result, null, new String(body, StandardCharsets.UTF_8));
  }

  private UiResponse page(
      UiRequest r, LookupRequest request, LookupResult result, String error, String json) {
    RepoDefinitions definitions = r.snapshot().definitions();
    List<String> services = new ArrayList<>();
    for (FeatureService s : definitions.featureServices()) {
      if (r.visibility().sees(DefinitionKind.FEATURE_SERVICE, s.name())) {
        services.add(s.name());
      }
    }
    List<String> features = new ArrayList<>();
    for (FeatureView v : definitions.featureViews()) {
      if (v.online() && r.visibility().sees(DefinitionKind.FEATURE_VIEW, v.name())) {
        for (Field f : v.schema()) {
          features.add(v.name() + ":" + f.name());
        }
      }
    }
    // The page itself is answered (200) also when the API refused the read: the API's status,
    // code and message are shown on it.
    return r.render(
        "pages/lookup.jte",
        new Model(
            r.page("Online lookup", "lookup"), services, features, request, result, error, json));
  }
}
