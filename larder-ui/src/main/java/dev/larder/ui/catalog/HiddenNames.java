package dev.larder.ui.catalog;

import dev.larder.core.access.Visibility;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.ml.report.ReportProvenance;
import dev.larder.ml.report.RunReport;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a page names an object it refers to: by its name when the principal may describe it, else by
 * {@link #MARKER}, so no page shows the name of an object the principal may not describe (a view's
 * source or entities, a service's views, a run's sources and service). The one describe rule is
 * {@link Visibility}'s; this only applies it to names printed as text.
 */
public final class HiddenNames {

  /** What a page shows in place of the name of an object the principal may not describe. */
  public static final String MARKER = "(not visible to you)";

  private final Visibility visibility;

  public HiddenNames(Visibility visibility) {
    this.visibility = visibility;
  }

  /** Whether the principal may not describe the object of {@code kind} called {@code name}. */
  public boolean hides(DefinitionKind kind, String name) {
    return !visibility.sees(kind, name);
  }

  /** {@code name}, or {@link #MARKER} when the principal may not describe it. */
  public String name(DefinitionKind kind, String name) {
    return hides(kind, name) ? MARKER : name;
  }

  /** {@code names}, each hidden one replaced by {@link #MARKER}. */
  public List<String> names(DefinitionKind kind, List<String> names) {
    return names.stream().map(n -> name(kind, n)).toList();
  }

  /**
   * Where a run's rows came from, as the runs table shows it: {@code feature service NAME} or its
   * data sources, hidden names replaced.
   */
  public String runSource(RecordedRun run) {
    return source(run.inputs());
  }

  private String source(TrainingInputs in) {
    return in.featureService()
        .map(s -> "feature service " + name(DefinitionKind.FEATURE_SERVICE, s))
        .orElseGet(() -> String.join(", ", names(DefinitionKind.DATA_SOURCE, in.sources())));
  }

  /** {@code text} with each hidden name among {@code in}'s sources and service replaced. */
  private String redact(String text, TrainingInputs in) {
    String out = text;
    for (String s : in.sources()) {
      if (hides(DefinitionKind.DATA_SOURCE, s)) {
        out = out.replaceAll("(?<![\\w.-])" + Pattern.quote(s) + "(?![\\w.-])", MARKER);
      }
    }
    if (in.featureService().isPresent()
        && hides(DefinitionKind.FEATURE_SERVICE, in.featureService().get())) {
      String s = in.featureService().get();
      out = out.replaceAll("(?<![\\w.-])" + Pattern.quote(s) + "(?![\\w.-])", MARKER);
    }
    return out;
  }

  /**
   * {@code report} with the names of the sources and service its provenance names replaced when
   * hidden; a report of rows read directly names no registry object and is returned as it is.
   */
  public RunReport report(RunReport report) {
    ReportProvenance p = report.provenance();
    if (p.featureStore().isEmpty()) {
      return report;
    }
    TrainingInputs in = p.featureStore().get();
    TrainingInputs shown =
        new TrainingInputs(
            in.features(),
            names(DefinitionKind.DATA_SOURCE, in.sources()),
            in.featureService().map(s -> name(DefinitionKind.FEATURE_SERVICE, s)),
            in.asOf(),
            in.entityRowsSha256(),
            in.entityRows());
    ReportProvenance provenance =
        new ReportProvenance(
            redact(p.source(), in),
            p.rows(),
            p.dataSha256(),
            p.features(),
            Optional.of(shown),
            p.modelSpec(),
            p.featureSpecs(),
            p.runPath());
    return new RunReport(
        report.runId(),
        report.created(),
        report.model(),
        report.metrics(),
        report.confusionMatrix(),
        report.roc(),
        report.precisionRecall(),
        report.averagePrecision(),
        report.featureWeights(),
        report.train(),
        report.test(),
        provenance,
        report.crossValidationFolds());
  }
}
