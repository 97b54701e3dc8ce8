package dev.larder.ui;

import java.util.List;

/**
 * What the layout ({@code layout.jte}) shows around a page's body: the title, which section of the
 * navigation is current, the project, who is signed in, and the anti-forgery token of the logout
 * form. Made by {@link UiRequest#page}.
 *
 * @param title the page's title (escaped like everything else)
 * @param section the navigation entry to mark current: one of {@link #SECTIONS}' paths, e.g. {@code
 *     feature-views}; empty for none
 * @param project the project's name
 * @param user who the page acts as (the API key's name when auth is on, else the server's user)
 * @param signedIn whether a session is signed in (auth on): the layout then shows a logout button
 * @param csrf the anti-forgery token for forms ({@link UiRequest#CSRF_FIELD})
 * @param scripts scripts the page needs, each a path under {@code /ui/assets/} (ECharts: {@link
 *     #ECHARTS})
 */
public record Page(
    String title,
    String section,
    String project,
    String user,
    boolean signedIn,
    String csrf,
    List<String> scripts) {
  /** ECharts, from its WebJar, served by the UI itself. */
  public static final String ECHARTS = UiPaths.asset("echarts.min.js");

  /** An entry of the navigation. */
  public record Section(String path, String label) {
    public String href() {
      return path.isEmpty() ? UiPaths.ROOT : UiPaths.ROOT + "/" + path;
    }
  }

  /** The navigation, in order. */
  public static final List<Section> SECTIONS =
      List.of(
          new Section("", "Overview"),
          new Section("entities", "Entities"),
          new Section("data-sources", "Data sources"),
          new Section("feature-views", "Feature views"),
          new Section("feature-services", "Feature services"),
          new Section("permissions", "Permissions"),
          new Section("runs", "Training runs"),
          new Section("lineage", "Lineage"),
          new Section("lookup", "Online lookup"),
          new Section("audit", "Audit log"));

  public Page {
    scripts = List.copyOf(scripts);
  }

  /** This page, also loading {@code script} (a path from {@link UiPaths#asset}). */
  public Page withScript(String script) {
    List<String> all = new java.util.ArrayList<>(scripts);
    all.add(script);
    return new Page(title, section, project, user, signedIn, csrf, all);
  }

  public List<Section> sections() {
    return SECTIONS;
  }
}
