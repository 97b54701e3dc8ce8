package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.ml.report.RunReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder runs compare} over the quickstart's two runs (direct loading and the feature
 * store), given as run folders or as the recorded run's id, and each run folder's report.
 */
class RunsCompareCommandTest {
  @TempDir static Path work;

  static Path direct;
  static Path viaStore;
  static String recordedId;

  @BeforeAll
  static void quickstart() throws IOException {
    CliRun run = CliRun.in(work, "quickstart");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Matcher report =
        Pattern.compile(
                "\nreport: (\\S+)/report\\.html \\(compare both runs: larder runs compare (\\S+)"
                    + " (\\S+)\\)\n")
            .matcher(run.out());
    assertThat(report.find()).as(run.out()).isTrue();
    assertThat(report.group(1)).isEqualTo(report.group(3));
    direct = work.resolve(report.group(2));
    viaStore = work.resolve(report.group(3));
    Matcher id = Pattern.compile("recorded as run (\\S+):").matcher(run.out());
    assertThat(id.find()).isTrue();
    recordedId = id.group(1);
  }

  @Test
  void eachRunFolderHoldsItsReportPageAndData() throws IOException {
    for (Path dir : List.of(direct, viaStore)) {
      String html = Files.readString(dir.resolve("report.html"));
      assertThat(html)
          .contains("data-chart=\"roc\"")
          .contains("data-chart=\"confusion-matrix\"")
          .contains("data-chart=\"feature-weights\"");
      assertThat(RunReportJson.read(Files.readString(dir.resolve("report.json"))).runId())
          .isEqualTo(dir.getFileName().toString());
    }
    assertThat(Files.readString(viaStore.resolve("report.html")))
        .contains("view versions")
        .contains("classification_features@v1");
  }

  @Test
  void comparesTheTwoRunFoldersInOnePage() throws IOException {
    CliRun run =
        CliRun.in(
            work,
            "runs",
            "compare",
            work.relativize(direct).toString(),
            work.relativize(viaStore).toString(),
            "--output",
            "out/both.html");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("compared 2 runs: out/both.html\n");
    String html = Files.readString(work.resolve("out/both.html"));
    assertThat(html)
        .contains("<h2>Comparing 2 training runs</h2>")
        .contains(direct.getFileName().toString())
        .contains(viaStore.getFileName().toString())
        .contains("data-chart=\"roc\"")
        .contains("direct loading")
        .contains("feature store (point-in-time retrieval)");
    assertThat(labels(html)).hasSize(2);
  }

  @Test
  void aRecordedRunIdComparesWithARunFolderAndTheDefaultOutputIsPrinted() throws IOException {
    CliRun run =
        CliRun.in(
            work,
            "runs",
            "compare",
            "--repo",
            "larder-quickstart/feature_repo",
            recordedId,
            work.relativize(direct).toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Matcher printed =
        Pattern.compile("compared 2 runs: (runs/compare-\\S+\\.html)\n").matcher(run.out());
    assertThat(printed.matches()).as(run.out()).isTrue();
    String html = Files.readString(work.resolve(printed.group(1)));
    assertThat(html).contains(recordedId).contains("classification_features@v1");
  }

  @Test
  void anUnknownRunOrAFolderThatIsNoRunIsAClearError() throws IOException {
    CliRun unknown =
        CliRun.in(
            work,
            "runs",
            "compare",
            "--repo",
            "larder-quickstart/feature_repo",
            "20000101-000000-000",
            work.relativize(direct).toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.firstErrorLine())
        .startsWith("error: '20000101-000000-000' is neither a run folder nor a recorded run");

    Files.createDirectories(work.resolve("not-a-run"));
    CliRun folder =
        CliRun.in(work, "runs", "compare", "not-a-run", work.relativize(direct).toString());
    assertThat(folder.exitCode()).isEqualTo(1);
    assertThat(folder.firstErrorLine())
        .startsWith("error: ")
        .contains("not-a-run is not a run folder");

    CliRun path = CliRun.in(work, "runs", "compare", "no/such/dir", "x");
    assertThat(path.exitCode()).isEqualTo(1);
    assertThat(path.firstErrorLine())
        .isEqualTo("error: 'no/such/dir' is neither a run folder nor a run id");

    CliRun one = CliRun.in(work, "runs", "compare", work.relativize(direct).toString());
    assertThat(one.exitCode()).isEqualTo(2);
    assertThat(Stream.of(unknown, folder, path, one).map(CliRun::err))
        .noneMatch(err -> err.contains("Exception") || err.contains("\tat "));
  }

  private static List<String> labels(String html) {
    Matcher m = Pattern.compile("\"label\":\"([^\"]+)\"").matcher(html);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
