package dev.larder.ml.report;

import static dev.larder.ml.report.HtmlText.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.JsonOutput;
import dev.larder.core.ScriptJson;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.eval.Metric;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training run's report as HTML: the metrics table, the ROC curve with its AUC, the
 * precision–recall curve, the confusion matrix, the feature weights, the class balance of the
 * training and test splits, the provenance, and the per-fold spread of a cross-validated run.
 * Charts are drawn in the browser by ECharts with its SVG renderer (one {@code <svg>} per chart
 * container) from the report's JSON, embedded in the page.
 *
 * <ul>
 *   <li>{@link #render} is a whole document that opens from disk with no network: ECharts, the
 *       chart script and the styles are inlined, and its Content-Security-Policy allows no fetch.
 *   <li>{@link #fragment} is the report alone, for a page that embeds it (the web UI's run page):
 *       that page loads ECharts and {@link ReportAssets#chartScript()} (which draws every report on
 *       the page) and includes {@link ReportAssets#styles()}. The fragment itself runs no script.
 * </ul>
 *
 * Chart containers are {@code <div class="larder-chart" data-chart="NAME">} with NAME {@code roc},
 * {@code precision-recall}, {@code confusion-matrix}, {@code feature-weights}, {@code
 * class-balance} and, for a cross-validated run, {@code cross-validation}. Every text from the run
 * (ids, paths, sources, specs, feature names) is escaped.
 */
public final class ReportPage {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every label of {@link #provenanceRows}, in the order the rows come. */
  static final List<String> PROVENANCE_LABELS =
      List.of(
          "path",
          "source",
          "rows loaded",
          "data SHA-256",
          "view versions",
          "data sources",
          "feature service",
          "as of",
          "entity rows",
          "entity rows SHA-256",
          "model features",
          "model spec",
          "feature specs",
          "run folder");

  private ReportPage() {}

  /** The whole, self-contained HTML document of {@code report}. */
  public static String render(RunReport report) {
    return document("Training report · run " + report.runId(), fragment(report));
  }

  /** The report as an HTML fragment, its data embedded, for a page that draws the charts. */
  public static String fragment(RunReport report) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<section class=\"larder-report\" data-larder-report data-run-id=\"")
        .append(escape(report.runId()))
        .append("\">\n");
    h.append("<script type=\"application/json\">")
        .append(ScriptJson.escape(RunReportJson.write(report)))
        .append("</script>\n");
    h.append("<h2>Training run <code>").append(escape(report.runId())).append("</code></h2>\n");
    h.append("<p class=\"meta\">")
        .append(escape(report.model()))
        .append(" · ")
        .append(
            report.provenance().featureStore().isPresent()
                ? "rows through the feature store"
                : "rows loaded directly")
        .append(" · ")
        .append(report.test().total())
        .append(" test rows · reported ")
        .append(escape(IsoTimes.format(report.created())))
        .append("</p>\n");
    metrics(h, report);
    h.append("<div class=\"larder-charts\">\n");
    if (report.roc().isEmpty()) {
      figureNote(
          h, "ROC curve", "No ROC curve: the test split holds one class only, and ROC needs both.");
    } else {
      figure(h, "ROC curve (AUC " + number(report.metric(Metric.ROC_AUC)) + ")", "roc", 340);
    }
    if (report.precisionRecall().isEmpty()) {
      figureNote(
          h,
          "Precision–recall curve",
          "No precision–recall curve: the test split has no row of class 1.");
    } else {
      figure(
          h,
          "Precision–recall curve (average precision " + number(report.averagePrecision()) + ")",
          "precision-recall",
          340);
    }
    figure(h, "Confusion matrix (threshold 0.5)", "confusion-matrix", 300);
    FeatureWeights weights = report.featureWeights();
    if (weights.features().isEmpty()) {
      figureNote(h, "Feature weights", capitalized(weights.description()) + ".");
    } else {
      figure(
          h,
          weights.kind() == FeatureWeights.Kind.COEFFICIENTS
              ? "Coefficients"
              : "Feature importance",
          "feature-weights",
          Math.max(240, 22 * weights.features().size() + 70));
    }
    figure(h, "Class balance of train and test", "class-balance", 300);
    if (report.crossValidated()) {
      figure(
          h,
          "Cross-validation: spread over " + report.crossValidationFolds().size() + " folds",
          "cross-validation",
          320);
    }
    h.append("</div>\n");
    confusionTable(h, report);
    if (!weights.features().isEmpty()) {
      h.append("<p class=\"note\">").append(escape(capitalized(weights.description())));
      h.append(".</p>\n");
    }
    balanceTable(h, report);
    if (report.crossValidated()) {
      foldsTable(h, report);
    }
    provenance(h, report.provenance());
    h.append("</section>\n");
    return h.toString();
  }

  /** A whole document around {@code body}, with ECharts, the chart script and styles inlined. */
  static String document(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
        + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + ReportAssets.styles()
        + "</style>\n</head>\n<body>\n"
        + body
        + "<script>\n"
        + HtmlText.scriptSource(ReportAssets.echarts())
        + "\n</script>\n<script>\n"
        + HtmlText.scriptSource(ReportAssets.chartScript())
        + "</script>\n</body>\n</html>\n";
  }

  private static void metrics(StringBuilder h, RunReport report) {
    h.append("<h3>Metrics</h3>\n<table class=\"metrics\">\n<thead><tr><th>metric</th>");
    h.append("<th>test split</th>");
    if (report.crossValidated()) {
      h.append("<th>cross-validation mean</th><th>std</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (Metric metric : Metric.values()) {
      h.append("<tr><th>").append(metric.id()).append("</th><td class=\"num\">");
      h.append(number(report.metric(metric))).append("</td>");
      if (report.crossValidated()) {
        double[] values =
            report.crossValidationFolds().stream()
                .mapToDouble(f -> f.getOrDefault(metric.id(), Double.NaN))
                .toArray();
        double mean = 0;
        for (double v : values) {
          mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
          squares += (v - mean) * (v - mean);
        }
        h.append("<td class=\"num\">").append(number(mean)).append("</td><td class=\"num\">");
        h.append(number(Math.sqrt(squares / values.length))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void figure(StringBuilder h, String caption, String chart, int height) {
    h.append("<figure><figcaption>").append(escape(caption)).append("</figcaption>");
    h.append("<div class=\"larder-chart\" data-chart=\"").append(chart);
    h.append("\" style=\"height: ").append(height).append("px\"></div></figure>\n");
  }

  private static void figureNote(StringBuilder h, String caption, String note) {
    h.append("<figure><figcaption>").append(escape(caption)).append("</figcaption>");
    h.append("<p class=\"note\">").append(escape(note)).append("</p></figure>\n");
  }

  private static void confusionTable(StringBuilder h, RunReport report) {
    int[][] cm = report.confusionMatrix().toArray();
    h.append("<h3>Confusion matrix</h3>\n<table class=\"confusion-matrix\">\n");
    h.append("<thead><tr><th></th><th>predicted 0</th><th>predicted 1</th></tr></thead>\n");
    h.append("<tbody>\n");
    for (int actual = 0; actual < 2; actual++) {
      h.append("<tr><th>actual ").append(actual).append("</th>");
      for (int predicted = 0; predicted < 2; predicted++) {
        h.append("<td class=\"num\">").append(cm[actual][predicted]).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void balanceTable(StringBuilder h, RunReport report) {
    h.append("<h3>Class balance</h3>\n<table class=\"class-balance\">\n");
    h.append("<thead><tr><th>split</th><th>rows</th><th>class 0</th><th>class 1</th>");
    h.append("<th>share of class 1</th></tr></thead>\n<tbody>\n");
    balanceRow(h, "train", report.train());
    balanceRow(h, "test", report.test());
    h.append("</tbody>\n</table>\n");
  }

  private static void balanceRow(StringBuilder h, String split, ClassBalance b) {
    h.append("<tr><th>").append(split).append("</th><td class=\"num\">").append(b.total());
    h.append("</td><td class=\"num\">").append(b.negatives()).append("</td><td class=\"num\">");
    h.append(b.positives()).append("</td><td class=\"num\">");
    h.append(number(b.positiveShare())).append("</td></tr>\n");
  }

  private static void foldsTable(StringBuilder h, RunReport report) {
    h.append("<h3>Cross-validation folds</h3>\n<table class=\"cross-validation\">\n");
    h.append("<thead><tr><th>fold</th>");
    for (Metric metric : Metric.values()) {
      h.append("<th>").append(metric.id()).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    int k = 1;
    for (Map<String, Double> fold : report.crossValidationFolds()) {
      h.append("<tr><th>").append(k++).append("</th>");
      for (Metric metric : Metric.values()) {
        h.append("<td class=\"num\">");
        h.append(number(fold.getOrDefault(metric.id(), Double.NaN))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void provenance(StringBuilder h, ReportProvenance p) {
    h.append("<h3>Provenance</h3>\n<table class=\"provenance\">\n<tbody>\n");
    for (String[] row : provenanceRows(p)) {
      h.append("<tr><th>").append(escape(row[0])).append("</th><td>");
      h.append(row[1]).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  /**
   * The provenance as rows of (label, HTML value): the value is already escaped, code where it is
   * an identifier or a path.
   */
  static List<String[]> provenanceRows(ReportProvenance p) {
    List<String[]> rows = new java.util.ArrayList<>();
    rows.add(
        row(
            "path",
            p.featureStore().isPresent()
                ? "feature store (point-in-time retrieval)"
                : "direct loading"));
    rows.add(code("source", p.source()));
    rows.add(row("rows loaded", Long.toString(p.rows())));
    rows.add(code("data SHA-256", p.dataSha256()));
    if (p.featureStore().isPresent()) {
      TrainingInputs in = p.featureStore().get();
      rows.add(code("view versions", String.join(", ", in.viewVersions())));
      rows.add(code("data sources", String.join(", ", in.sources())));
      rows.add(
          in.featureService().isPresent()
              ? code("feature service", in.featureService().get())
              : row("feature service", "none (features named one by one)"));
      rows.add(code("as of", IsoTimes.format(in.asOf())));
      rows.add(row("entity rows", Long.toString(in.entityRows())));
      rows.add(code("entity rows SHA-256", in.entityRowsSha256()));
    }
    rows.add(code("model features", String.join(", ", p.features())));
    rows.add(new String[] {"model spec", "<pre>" + escape(prettyJson(p.modelSpec())) + "</pre>"});
    rows.add(
        new String[] {"feature specs", "<pre>" + escape(prettyJson(p.featureSpecs())) + "</pre>"});
    p.runPath().ifPresent(r -> rows.add(code("run folder", r)));
    return rows;
  }

  private static String[] row(String label, String text) {
    return new String[] {label, escape(text)};
  }

  private static String[] code(String label, String text) {
    return new String[] {label, "<code>" + escape(text) + "</code>"};
  }

  private static String prettyJson(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return JsonOutput.pretty(node);
    } catch (IOException e) {
      return json;
    }
  }

  /** A metric as the report shows it: 4 decimals, or {@code n/a} when undefined. */
  static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a";
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
