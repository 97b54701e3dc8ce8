package dev.larder.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the routes of the UI's pages: each {@link UiModule} adds its own here, in plain code (no
 * annotations, no scanning). Two routes with the same method and pattern are an error at start.
 */
public final class UiRoutes {
  private final List<UiRoute> routes = new ArrayList<>();

  /** A page that needs a signed-in principal when auth is on. */
  public UiRoutes get(String pattern, UiRoute.Handler handler) {
    return add(new UiRoute("GET", pattern, false, handler));
  }

  /**
   * A form's target: needs a signed-in principal when auth is on, and the form's anti-forgery token
   * (the field {@value UiRequest#CSRF_FIELD}, see {@link UiRequest#csrfToken()}); the router
   * answers 403 without it before the handler runs.
   */
  public UiRoutes post(String pattern, UiRoute.Handler handler) {
    return add(new UiRoute("POST", pattern, false, handler));
  }

  /** A page open to everyone, also when auth is on: only the login page and static assets. */
  UiRoutes open(String method, String pattern, UiRoute.Handler handler) {
    return add(new UiRoute(method, pattern, true, handler));
  }

  private UiRoutes add(UiRoute route) {
    for (UiRoute r : routes) {
      if (r.method().equals(route.method()) && r.pattern().equals(route.pattern())) {
        throw new IllegalArgumentException(
            "two UI routes for " + route.method() + " " + route.pattern());
      }
    }
    routes.add(route);
    return this;
  }

  List<UiRoute> all() {
    return List.copyOf(routes);
  }
}
