package dev.larder.ml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparePageTest {

  @Test
  void comparesRunsSideBySideWithOneCurvePerRunAndProvenanceInOrder() throws Exception {
    RunReport direct =
        RunReport.of(RunReportTest.LOGISTIC, "direct-run", Path.of("d"), RunReportTest.AT);
    RunReport stored = ReportPageTest.fixture();

    String html = ComparePage.render(List.of(direct, stored, direct));

    assertThat(html)
        .contains("<h2>Comparing 3 training runs</h2>")
        .contains("<div class=\"larder-chart\" data-chart=\"roc\"")
        .contains("<div class=\"larder-chart\" data-chart=\"precision-recall\"")
        .contains("<div class=\"larder-chart\" data-chart=\"metrics\"")
        .contains("\"label\":\"direct-run\"")
        .contains("\"label\":\"20251101-120000-000\"")
        .contains("\"label\":\"direct-run (2)\"")
        .contains("data-larder-compare");
    // provenance rows keep the report's order whichever run has them: path first, run folder last
    String provenance = html.substring(html.indexOf("<table class=\"provenance\">"));
    assertThat(provenance.indexOf("<th>view versions</th>"))
        .isGreaterThan(provenance.indexOf("<th>data SHA-256</th>"))
        .isLessThan(provenance.indexOf("<th>model spec</th>"));
    assertThat(provenance).contains("<td>—</td>");
  }

  @Test
  void runIdsAndPathsAreEscaped() throws Exception {
    RunReport base = ReportPageTest.fixture();
    String evil = "<script>x()</script>";
    RunReport other =
        new RunReport(
            "r" + evil,
            base.created(),
            base.model(),
            base.metrics(),
            base.confusionMatrix(),
            base.roc(),
            base.precisionRecall(),
            base.averagePrecision(),
            base.featureWeights(),
            base.train(),
            base.test(),
            new ReportProvenance(
                base.provenance().source() + evil,
                base.provenance().rows(),
                base.provenance().dataSha256(),
                base.provenance().features(),
                Optional.empty(),
                base.provenance().modelSpec(),
                base.provenance().featureSpecs(),
                Optional.of("/runs/" + evil)),
            List.of());

    String html = ComparePage.render(List.of(base, other));

    String markup = html.substring(0, html.indexOf("<script>\n"));
    assertThat(markup).doesNotContain(evil).contains("&lt;script&gt;x()&lt;/script&gt;");
  }

  @Test
  void oneRunIsNotAComparison() throws Exception {
    assertThatThrownBy(() -> ComparePage.render(List.of(ReportPageTest.fixture())))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("comparing needs at least two runs, got 1");
  }
}
