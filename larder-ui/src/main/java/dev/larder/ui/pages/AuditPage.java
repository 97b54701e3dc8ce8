package dev.larder.ui.pages;

import dev.larder.core.registry.AuditEntry;
import dev.larder.core.time.IsoTimes;
import dev.larder.ui.Page;
import dev.larder.ui.Pager;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code /ui/audit}: the audit log, newest first, filtered by {@code user} (exact), {@code action}
 * (exact), {@code object} (a part of an object's {@code kind:name}), and a time range {@code from}
 * … {@code to} (ISO-8601, both inclusive; a date alone is midnight UTC), paged. Only entries whose
 * every object the principal may describe are shown ({@link dev.larder.core.access.Visibility});
 * the UI keeps the newest {@link dev.larder.ui.WebUi#AUDIT_KEPT} entries ({@code larder audit}
 * shows all).
 */
public final class AuditPage implements UiModule {
  /** One line of the log as shown. */
  public record Line(
      String at,
      String user,
      String roles,
      String action,
      List<String> objects,
      String outcome,
      String detail) {}

  /** What the template shows. */
  public record Model(
      Page page,
      String user,
      String action,
      String object,
      String from,
      String to,
      List<String> users,
      List<String> actions,
      Pager<Line> pager) {}

  @Override
  public void register(UiRoutes routes) {
    routes.get("/ui/audit", AuditPage::audit);
  }

  private static UiResponse audit(UiRequest r) {
    String user = r.query("user").orElse("");
    String action = r.query("action").orElse("");
    String object = r.query("object").orElse("");
    String fromText = r.query("from").orElse("");
    String toText = r.query("to").orElse("");
    Instant from = fromText.isEmpty() ? null : IsoTimes.parse("from", fromText);
    Instant to = toText.isEmpty() ? null : IsoTimes.parse("to", toText);
    String objectLower = object.toLowerCase(Locale.ROOT);

    List<AuditEntry> visible = r.audit();
    TreeSet<String> users = new TreeSet<>();
    TreeSet<String> actions = new TreeSet<>();
    List<Line> lines = new ArrayList<>();
    for (int i = visible.size() - 1; i >= 0; i--) {
      AuditEntry e = visible.get(i);
      users.add(e.user());
      actions.add(e.action());
      if ((!user.isEmpty() && !e.user().equals(user))
          || (!action.isEmpty() && !e.action().equals(action))
          || (from != null && e.at().isBefore(from))
          || (to != null && e.at().isAfter(to))
          || (!object.isEmpty()
              && e.objects().stream()
                  .noneMatch(o -> o.toLowerCase(Locale.ROOT).contains(objectLower)))) {
        continue;
      }
      lines.add(
          new Line(
              Times.iso(e.at()),
              e.user(),
              String.join(", ", e.roles()),
              e.action(),
              e.objects(),
              e.outcome().spelling(),
              e.detail()));
    }
    return r.render(
        "pages/audit.jte",
        new Model(
            r.page("Audit log", "audit"),
            user,
            action,
            object,
            fromText,
            toText,
            List.copyOf(users),
            List.copyOf(actions),
            Pager.of(r, lines)));
  }
}
