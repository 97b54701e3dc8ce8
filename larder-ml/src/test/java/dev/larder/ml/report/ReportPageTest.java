package dev.larder.ml.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report page as HTML: self-contained, every chart container present, every text escaped. */
class ReportPageTest {
  private static final String EVIL = "<script>alert('x')</script>";

  static RunReport fixture() throws Exception {
    try (var in = ReportPageTest.class.getResourceAsStream("/reports/v1/report.json")) {
      return RunReportJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theDocumentInlinesEchartsAndTheChartScriptAndFetchesNothing() {
    RunReport report =
        RunReport.of(
            RunReportTest.LOGISTIC, "20260301-100000-000", Path.of("runs/x"), RunReportTest.AT);
    String html = ReportPage.render(report);

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    for (String chart :
        List.of(
            "roc",
            "precision-recall",
            "confusion-matrix",
            "feature-weights",
            "class-balance",
            "cross-validation")) {
      assertThat(html).contains("<div class=\"larder-chart\" data-chart=\"" + chart + "\"");
    }
    assertThat(html)
        .contains(ReportAssets.echarts().substring(0, 200))
        .contains("renderer: 'svg'")
        .contains("<table class=\"metrics\">")
        .contains("<th>roc_auc</th>")
        .contains("<table class=\"provenance\">")
        .contains("direct loading")
        .contains("<table class=\"cross-validation\">");
    assertThat(html.length()).isGreaterThan(900_000);
    // no external script, style sheet, image or frame: nothing to fetch over a network
    Matcher scripts = Pattern.compile("(?s)<script([^>]*)>(.*?)</script>").matcher(html);
    StringBuilder markup = new StringBuilder();
    int last = 0;
    int count = 0;
    while (scripts.find()) {
      assertThat(scripts.group(1)).as("script attributes").isIn("", " type=\"application/json\"");
      markup.append(html, last, scripts.start());
      last = scripts.end();
      count++;
    }
    markup.append(html.substring(last));
    assertThat(count).as("the data and two inlined scripts").isEqualTo(3);
    assertThat(markup.toString())
        .doesNotContainPattern("(?i)\\b(src|href)\\s*=")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<link");
    assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
  }

  @Test
  void textFromTheRunIsEscapedInHtmlAndInTheEmbeddedJson() throws Exception {
    RunReport base = fixture();
    ReportProvenance p = base.provenance();
    RunReport evil =
        new RunReport(
            base.runId(),
            base.created(),
            base.model(),
            base.metrics(),
            base.confusionMatrix(),
            base.roc(),
            base.precisionRecall(),
            base.averagePrecision(),
            new FeatureWeights(
                base.featureWeights().kind(),
                "weights " + EVIL,
                List.of(new FeatureWeights.Weight("f" + EVIL, 1.0))),
            base.train(),
            base.test(),
            new ReportProvenance(
                "sqlite:" + EVIL + ".db#t",
                p.rows(),
                p.dataSha256(),
                List.of("feature_" + EVIL),
                p.featureStore(),
                "{\"algorithm\":\"" + EVIL + "\"}",
                p.featureSpecs(),
                Optional.of("/tmp/" + EVIL + "/run")),
            base.crossValidationFolds());

    String html = ReportPage.render(evil);
    String fragment = ReportPage.fragment(evil);

    assertThat(html).doesNotContain(EVIL).doesNotContain("<script>alert");
    assertThat(fragment).doesNotContain(EVIL);
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    // the embedded JSON keeps the text, with < and > as JSON escapes
    assertThat(fragment).contains("\\u003cscript\\u003ealert('x')\\u003c/script\\u003e");
    String json =
        fragment.substring(
            fragment.indexOf("<script type=\"application/json\">") + 32,
            fragment.indexOf("</script>"));
    assertThat(RunReportJson.read(json).provenance().source())
        .isEqualTo("sqlite:" + EVIL + ".db#t");
    // the fragment runs no script of its own: the embedding page draws the charts
    assertThat(fragment.split("<script", -1)).hasSize(2);
  }

  @Test
  void aOneClassTestSplitSaysWhyItHasNoCurves() throws Exception {
    RunReport base = fixture();
    RunReport oneClass =
        new RunReport(
            base.runId(),
            base.created(),
            base.model(),
            base.metrics(),
            new dev.larder.ml.eval.ConfusionMatrix(0, 0, 1, 3),
            List.of(),
            base.precisionRecall(),
            base.averagePrecision(),
            FeatureWeights.none("this model does not expose feature weights"),
            base.train(),
            new ClassBalance(0, 4),
            base.provenance(),
            List.of());
    String html = ReportPage.fragment(oneClass);
    assertThat(html)
        .contains("No ROC curve: the test split holds one class only")
        .doesNotContain("data-chart=\"roc\"")
        .contains("This model does not expose feature weights.")
        .contains("data-chart=\"confusion-matrix\"");
  }

  @Test
  void writesAPreviewForManualChecks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("report.html");
    Files.writeString(file, ReportPage.render(fixture()));
    assertThat(Files.size(file)).isGreaterThan(900_000);
  }
}
