package dev.larder.ml.report;

import static dev.larder.ml.report.HtmlText.escape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.ScriptJson;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.eval.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTML page comparing training runs ({@code larder runs compare}): their metrics side by side,
 * their ROC and precision–recall curves overlaid (one series per run), a bar chart of the metrics,
 * and each run's provenance. Self-contained like {@link ReportPage#render}; chart containers are
 * {@code data-chart="roc"}, {@code "precision-recall"} and {@code "metrics"} inside an element
 * marked {@code data-larder-compare}.
 */
public final class ComparePage {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ComparePage() {}

  /**
   * The whole document comparing {@code reports}, in their order. Runs are labelled by their ids; a
   * repeated id gets {@code (2)}, {@code (3)}, … appended.
   *
   * @throws InvalidArgumentException if there are fewer than two reports
   */
  public static String render(List<RunReport> reports) {
    if (reports.size() < 2) {
      throw new InvalidArgumentException(
          "comparing needs at least two runs, got " + reports.size());
    }
    List<String> labels = labels(reports);
    StringBuilder h = new StringBuilder(32_768);
    h.append("<section class=\"larder-compare\" data-larder-compare>\n");
    h.append("<script type=\"application/json\">")
        .append(ScriptJson.escape(data(reports, labels).toString()))
        .append("</script>\n");
    h.append("<h2>Comparing ").append(reports.size()).append(" training runs</h2>\n");
    h.append("<p class=\"meta\">");
    for (int i = 0; i < reports.size(); i++) {
      h.append(i == 0 ? "" : " · ").append("<code>").append(escape(labels.get(i)));
      h.append("</code>");
    }
    h.append("</p>\n");
    metricsTable(h, reports, labels);
    h.append("<div class=\"larder-charts\">\n");
    boolean anyRoc = reports.stream().anyMatch(r -> !r.roc().isEmpty());
    boolean anyPr = reports.stream().anyMatch(r -> !r.precisionRecall().isEmpty());
    if (anyRoc) {
      chart(h, "ROC curves", "roc");
    }
    if (anyPr) {
      chart(h, "Precision–recall curves", "precision-recall");
    }
    chart(h, "Metrics", "metrics");
    h.append("</div>\n");
    List<String> noCurve = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      if (reports.get(i).roc().isEmpty()) {
        noCurve.add(labels.get(i));
      }
    }
    if (!noCurve.isEmpty()) {
      h.append("<p class=\"note\">No ROC curve for ")
          .append(escape(String.join(", ", noCurve)))
          .append(": the test split holds one class only.</p>\n");
    }
    provenanceTable(h, reports, labels);
    h.append("</section>\n");
    return ReportPage.document("Comparing training runs", h.toString());
  }

  private static List<String> labels(List<RunReport> reports) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> labels = new ArrayList<>();
    for (RunReport r : reports) {
      int n = seen.merge(r.runId(), 1, Integer::sum);
      labels.add(n == 1 ? r.runId() : r.runId() + " (" + n + ")");
    }
    return labels;
  }

  private static ObjectNode data(List<RunReport> reports, List<String> labels) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode metrics = node.putArray("metrics");
    for (Metric m : Metric.values()) {
      metrics.add(m.id());
    }
    ArrayNode runs = node.putArray("runs");
    for (int i = 0; i < reports.size(); i++) {
      ObjectNode tree = RunReportJson.toTree(reports.get(i));
      ObjectNode run = runs.addObject();
      run.put("label", labels.get(i));
      run.set("metrics", tree.get("metrics"));
      run.set("roc", tree.get("roc"));
      run.set("precision_recall", tree.get("precision_recall"));
    }
    return node;
  }

  private static void metricsTable(StringBuilder h, List<RunReport> reports, List<String> labels) {
    h.append("<h3>Metrics</h3>\n<table class=\"metrics\">\n<thead><tr><th></th>");
    for (String label : labels) {
      h.append("<th><code>").append(escape(label)).append("</code></th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    row(h, "model", reports, r -> escape(r.model()));
    row(h, "path", reports, r -> escape(r.provenance().path()));
    row(h, "rows train / test", reports, r -> r.train().total() + " / " + r.test().total());
    for (Metric metric : Metric.values()) {
      h.append("<tr><th>").append(metric.id()).append("</th>");
      double best = best(reports, metric);
      for (RunReport r : reports) {
        double v = r.metric(metric);
        h.append("<td class=\"num\">");
        boolean isBest = reports.size() > 1 && Double.isFinite(v) && v == best;
        h.append(isBest ? "<strong>" : "").append(ReportPage.number(v));
        h.append(isBest ? "</strong>" : "").append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    h.append("<p class=\"note\">Bold: the best value of each metric (lowest log loss).</p>\n");
  }

  private static double best(List<RunReport> reports, Metric metric) {
    boolean lower = metric == Metric.LOG_LOSS;
    double best = Double.NaN;
    for (RunReport r : reports) {
      double v = r.metric(metric);
      if (Double.isFinite(v) && (Double.isNaN(best) || (lower ? v < best : v > best))) {
        best = v;
      }
    }
    return best;
  }

  private interface Cell {
    String html(RunReport report);
  }

  private static void row(StringBuilder h, String label, List<RunReport> reports, Cell cell) {
    h.append("<tr><th>").append(escape(label)).append("</th>");
    for (RunReport r : reports) {
      h.append("<td>").append(cell.html(r)).append("</td>");
    }
    h.append("</tr>\n");
  }

  private static void chart(StringBuilder h, String caption, String name) {
    h.append("<figure><figcaption>").append(escape(caption)).append("</figcaption>");
    h.append("<div class=\"larder-chart\" data-chart=\"").append(name);
    h.append("\" style=\"height: 360px\"></div></figure>\n");
  }

  private static void provenanceTable(
      StringBuilder h, List<RunReport> reports, List<String> labels) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String label : ReportPage.PROVENANCE_LABELS) {
      rows.put(label, new String[reports.size()]);
    }
    for (int i = 0; i < reports.size(); i++) {
      for (String[] row : ReportPage.provenanceRows(reports.get(i).provenance())) {
        rows.get(row[0])[i] = row[1];
      }
    }
    rows.values().removeIf(values -> java.util.Arrays.stream(values).allMatch(v -> v == null));
    h.append("<h3>Provenance</h3>\n<table class=\"provenance\">\n<thead><tr><th></th>");
    for (String label : labels) {
      h.append("<th><code>").append(escape(label)).append("</code></th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    rows.forEach(
        (label, values) -> {
          h.append("<tr><th>").append(escape(label)).append("</th>");
          for (String v : values) {
            h.append("<td>").append(v == null ? "—" : v).append("</td>");
          }
          h.append("</tr>\n");
        });
    h.append("</tbody>\n</table>\n");
    h.append("<p class=\"note\">Reported ");
    for (int i = 0; i < reports.size(); i++) {
      h.append(i == 0 ? "" : ", ").append("<code>").append(escape(labels.get(i)));
      h.append("</code> at ").append(escape(IsoTimes.format(reports.get(i).created())));
    }
    h.append(".</p>\n");
  }
}
