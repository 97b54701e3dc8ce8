package dev.larder.ui.pages;

import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.ui.Page;
import dev.larder.ui.Pager;
import dev.larder.ui.UiError;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiPaths;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The lists of entities, data sources, feature views, feature services and permissions ({@code
 * /ui/entities}, …): the objects the principal may describe, searched ({@code q}: every word in the
 * name, tags, owner, description or detail), sorted ({@code sort}: {@code name}, {@code owner},
 * {@code updated}, {@code -} first for descending) and paged ({@code page}), all on the server,
 * from the snapshot the server holds.
 */
public final class ObjectLists implements UiModule {
  /** The sort orders a list takes. */
  static final Map<String, Comparator<ObjectRow>> SORTS =
      Map.of(
          "name", Comparator.comparing(ObjectRow::name),
          "owner",
              Comparator.comparing(ObjectRow::owner, String.CASE_INSENSITIVE_ORDER)
                  .thenComparing(ObjectRow::name),
          "updated",
              Comparator.comparing(
                      ObjectRow::updated, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                  .thenComparing(ObjectRow::name));

  /** What the template shows: one list page. */
  public record Model(
      Page page,
      String kindLabel,
      String plural,
      String q,
      String sort,
      Map<String, String> sortLinks,
      Pager<ObjectRow> pager,
      boolean sources) {}

  @Override
  public void register(UiRoutes routes) {
    for (DefinitionKind kind : DefinitionKind.values()) {
      routes.get(UiPaths.list(kind), r -> list(r, kind));
    }
  }

  private static UiResponse list(UiRequest r, DefinitionKind kind) {
    String plural = plural(kind);
    List<ObjectRow> rows = rows(r, kind, r.query("q").orElse(""));
    String sort = r.query("sort").orElse("name");
    boolean descending = sort.startsWith("-");
    Comparator<ObjectRow> order = SORTS.get(descending ? sort.substring(1) : sort);
    if (order == null) {
      throw UiError.badRequest(
          "A list sorts by name, owner or updated (with - first for descending), not '"
              + sort
              + "'.");
    }
    rows.sort(descending ? order.reversed() : order);
    Map<String, String> sortLinks = new java.util.LinkedHashMap<>();
    for (String key : List.of("name", "owner", "updated")) {
      String next = sort.equals(key) ? "-" + key : key;
      sortLinks.put(key, withoutPage(r, "sort", next.equals("name") ? null : next));
    }
    String title = Character.toUpperCase(plural.charAt(0)) + plural.substring(1);
    return r.render(
        "pages/list.jte",
        new Model(
            r.page(title, UiPaths.segment(kind)),
            kind.label(),
            plural,
            r.query("q").orElse(""),
            sort,
            sortLinks,
            Pager.of(r, rows),
            kind == DefinitionKind.DATA_SOURCE));
  }

  /**
   * The rows of the objects of {@code kind} that the principal may describe and that match {@code
   * q} (all when blank), in the registry's order.
   */
  static List<ObjectRow> rows(UiRequest r, DefinitionKind kind, String q) {
    RegistrySnapshot snapshot = r.snapshot();
    List<ObjectRow> rows = new ArrayList<>();
    for (Definition d : snapshot.definitions().all()) {
      if (d.kind() == kind && r.visibility().sees(d)) {
        ObjectRow row = ObjectRow.of(d, snapshot.metadata(d.kind(), d.name()).orElse(null));
        if (q.isBlank() || row.matches(q)) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** This list's link with {@code name} set (or removed) and the page back to the first. */
  private static String withoutPage(UiRequest r, String name, String value) {
    String link = r.withQuery(name, value);
    // a new order starts at its first page
    return link.replaceAll("([?&])page=[^&]*&?", "$1").replaceAll("[?&]$", "");
  }

  static String plural(DefinitionKind kind) {
    return switch (kind) {
      case ENTITY -> "entities";
      case DATA_SOURCE -> "data sources";
      case FEATURE_VIEW -> "feature views";
      case FEATURE_SERVICE -> "feature services";
      case PERMISSION -> "permissions";
    };
  }
}
