package dev.larder.ui.pages;

import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureView;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.ui.Page;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiPaths;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /ui}: the project at a glance: how many objects of each kind the principal may see, the
 * recent applies (from the audit log), the recent training runs, and how fresh each online view is
 * (its last materialized interval and the age of its end).
 */
public final class OverviewPage implements UiModule {
  /** How many recent applies and runs the overview shows. */
  static final int RECENT = 10;

  /** A count of one kind, linking to its list. */
  public record Count(String label, int count, String href) {}

  /** One recent apply. */
  public record Apply(String at, String age, String user, String detail, List<String> objects) {}

  /** One recent run. */
  public record Run(
      String id, String href, String at, String user, String model, String metrics, long rows) {}

  /**
   * The freshness of one online view.
   *
   * @param interval its last materialized interval, or empty when never materialized
   * @param age how old the interval's end is, or empty
   */
  public record Freshness(String view, String href, String interval, String recorded, String age) {}

  /** What the template shows. */
  public record Model(
      Page page,
      long revision,
      String lastCommit,
      List<Count> counts,
      List<Apply> applies,
      List<Run> runs,
      int runCount,
      List<Freshness> freshness) {}

  @Override
  public void register(UiRoutes routes) {
    routes.get(UiPaths.ROOT, OverviewPage::overview);
  }

  private static UiResponse overview(UiRequest r) {
    RegistrySnapshot snapshot = r.snapshot();
    Instant now = Instant.now();
    List<Count> counts = new ArrayList<>();
    for (DefinitionKind kind : DefinitionKind.values()) {
      int n = 0;
      for (var d : snapshot.definitions().all()) {
        if (d.kind() == kind && r.visibility().sees(d)) {
          n++;
        }
      }
      String plural = ObjectLists.plural(kind);
      counts.add(
          new Count(
              Character.toUpperCase(plural.charAt(0)) + plural.substring(1),
              n,
              UiPaths.list(kind)));
    }
    List<RecordedRun> visibleRuns = r.runs();
    counts.add(new Count("Training runs", visibleRuns.size(), UiPaths.ROOT + "/runs"));

    List<Apply> applies = new ArrayList<>();
    List<AuditEntry> audit = r.audit();
    for (int i = audit.size() - 1; i >= 0 && applies.size() < RECENT; i--) {
      AuditEntry e = audit.get(i);
      if (e.action().equals("apply") && e.outcome() == AuditOutcome.OK) {
        applies.add(
            new Apply(
                Times.iso(e.at()), Times.age(e.at(), now), e.user(), e.detail(), e.objects()));
      }
    }

    List<Run> runs = new ArrayList<>();
    for (int i = visibleRuns.size() - 1; i >= 0 && runs.size() < RECENT; i--) {
      RecordedRun run = visibleRuns.get(i);
      runs.add(
          new Run(
              run.id(),
              UiPaths.run(run.id()),
              Times.iso(run.recordedAt()),
              run.user(),
              run.model(),
              metrics(run.metrics()),
              run.trainingRows()));
    }

    List<Freshness> freshness = new ArrayList<>();
    for (FeatureView v : snapshot.definitions().featureViews()) {
      if (!v.online() || !r.visibility().sees(v)) {
        continue;
      }
      MaterializationInterval last =
          snapshot.materializations(v.name()).stream()
              .max(Comparator.comparing(MaterializationInterval::recordedAt))
              .orElse(null);
      freshness.add(
          last == null
              ? new Freshness(v.name(), UiPaths.featureView(v.name()), "", "", "")
              : new Freshness(
                  v.name(),
                  UiPaths.featureView(v.name()),
                  Times.iso(last.start()) + " – " + Times.iso(last.end()),
                  Times.iso(last.recordedAt()),
                  Times.age(last.end(), now)));
    }

    String lastCommit =
        snapshot
            .lastCommit()
            .map(c -> Times.iso(c.committedAt()) + " (" + Times.age(c.committedAt(), now) + ")")
            .orElse("");
    return r.render(
        "pages/overview.jte",
        new Model(
            r.page("Overview", ""),
            snapshot.revision(),
            lastCommit,
            counts,
            applies,
            runs,
            visibleRuns.size(),
            freshness));
  }

  /** A run's metrics as {@code accuracy 0.912 · roc_auc 0.954}. */
  static String metrics(Map<String, Double> metrics) {
    List<String> parts = new ArrayList<>();
    metrics.forEach(
        (name, value) ->
            parts.add(
                name + " " + (value.isNaN() ? "–" : String.format(Locale.ROOT, "%.3f", value))));
    return String.join(" · ", parts);
  }
}
