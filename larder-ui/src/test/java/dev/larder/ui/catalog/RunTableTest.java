package dev.larder.ui.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.registry.RecordedRun;
import dev.larder.testkit.TestRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTableTest {
  static final Instant T0 = Instant.parse("2025-11-01T00:00:00Z");

  /** Run {@code i} at T0 + i minutes with roc_auc {@code auc} (NaN allowed, null: absent). */
  static RecordedRun run(int i, Double auc) {
    RecordedRun base = TestRuns.run(String.format("run-%04d", i), T0.plusSeconds(60L * i));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.5 + i / 10_000.0);
    if (auc != null) {
      metrics.put("roc_auc", auc);
    }
    return new RecordedRun(
        base.id(),
        base.recordedAt(),
        base.user(),
        base.inputs(),
        base.trainingRows(),
        base.dataSha256(),
        i % 2 == 0 ? "logistic-regression" : "random-forest",
        base.modelSpec(),
        metrics,
        base.runPath());
  }

  static List<RecordedRun> thousand() {
    List<RecordedRun> runs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      runs.add(run(i, (i * 37 % 1000) / 1000.0));
    }
    return runs;
  }

  static List<String> ids(RunTable.Page page) {
    return page.rows().stream().map(RecordedRun::id).toList();
  }

  @Test
  void newestFirstByDefaultInPagesOfFifty() {
    RunTable.Page page = RunTable.page(thousand(), null, null, 1, RunTable.DEFAULT_PAGE_SIZE);
    assertThat(page.pages()).isEqualTo(20);
    assertThat(page.total()).isEqualTo(1000);
    assertThat(page.rows()).hasSize(50);
    assertThat(page.descending()).isTrue();
    assertThat(ids(page).get(0)).isEqualTo("run-0999");
    RunTable.Page last = RunTable.page(thousand(), null, null, 20, 50);
    assertThat(ids(last).get(49)).isEqualTo("run-0000");
    assertThat(page.metrics()).containsExactly("accuracy", "roc_auc");
  }

  @Test
  void sortsByAMetricWithMissingAndNaNLastEitherWay() {
    List<RecordedRun> runs = new ArrayList<>(thousand().subList(0, 5));
    runs.add(run(5, Double.NaN));
    runs.add(run(6, null));
    runs.add(run(7, 0.99));
    RunTable.Page desc = RunTable.page(runs, "metric:roc_auc", "desc", 1, 50);
    assertThat(ids(desc).get(0)).isEqualTo("run-0007");
    assertThat(ids(desc).subList(6, 8)).containsExactly("run-0005", "run-0006");
    RunTable.Page asc = RunTable.page(runs, "metric:roc_auc", "asc", 1, 50);
    assertThat(ids(asc).get(0)).isEqualTo("run-0000");
    assertThat(ids(asc).subList(6, 8)).containsExactly("run-0005", "run-0006");
  }

  @Test
  void sortsByAColumnAscendingByDefault() {
    RunTable.Page byModel = RunTable.page(thousand(), "model", null, 1, 500);
    assertThat(byModel.descending()).isFalse();
    assertThat(byModel.rows()).allMatch(r -> r.model().equals("logistic-regression"));
    assertThat(ids(byModel).get(0)).isEqualTo("run-0000");
  }

  @Test
  void badParametersNameTheFix() {
    List<RecordedRun> runs = thousand();
    assertThatThrownBy(() -> RunTable.page(runs, "modle", null, 1, 50))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("did you mean 'model'");
    assertThatThrownBy(() -> RunTable.page(runs, "metric:auc", null, 1, 50))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no run has the metric 'auc'");
    assertThatThrownBy(() -> RunTable.page(runs, null, "up", 1, 50))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("asc or desc");
    assertThatThrownBy(() -> RunTable.page(runs, null, null, 21, 50))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("there are 20 pages");
    assertThatThrownBy(() -> RunTable.page(runs, null, null, 1, 501))
        .hasMessageContaining("give 1 to 500");
    assertThat(RunTable.page(List.of(), null, null, 1, 50).pages()).isEqualTo(1);
  }

  @Test
  void chosenRunsKeepTheirOrderOnceEach() {
    List<RecordedRun> runs = thousand();
    assertThat(RunTable.chosen(runs, List.of("run-0003", "run-0001", "run-0003")))
        .extracting(RecordedRun::id)
        .containsExactly("run-0003", "run-0001");
    assertThatThrownBy(() -> RunTable.chosen(runs, List.of("run-9999")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void metricsShowFourDecimalsOrNotAvailable() {
    assertThat(RunTable.metric(run(1, 0.97125), "roc_auc")).isEqualTo("0.9713");
    assertThat(RunTable.metric(run(1, Double.NaN), "roc_auc")).isEqualTo("n/a");
    assertThat(RunTable.metric(run(1, null), "roc_auc")).isEqualTo("n/a");
  }
}
