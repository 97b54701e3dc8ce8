package dev.larder.ui.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.access.Visibility;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.report.ReportAssets;
import dev.larder.ml.report.ReportPage;
import dev.larder.ml.report.RunReportJson;
import dev.larder.ui.Page;
import dev.larder.ui.UiError;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiPaths;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import dev.larder.ui.catalog.HiddenNames;
import dev.larder.ui.catalog.RunTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The training runs: {@code /ui/runs}, a sortable, paginated table of the runs the principal may
 * see (metrics, model, source, view versions, as-of time, row counts) whose checkboxes choose runs
 * to compare side by side on the same page ({@code ?compare=ID&compare=ID}); and {@code
 * /ui/runs/{id}}, one run's provenance and metrics.
 */
public final class RunPages implements UiModule {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void register(UiRoutes routes) {
    routes.get("/ui/runs", this::list);
    routes.get("/ui/runs/{id}", this::run);
    routes.get(
        REPORT_SCRIPT,
        r -> UiResponse.text(200, "text/javascript; charset=utf-8", ReportAssets.chartScript()));
  }

  /** The report's chart script (larder-ml's), which draws the report embedded in a run page. */
  static final String REPORT_SCRIPT = "/ui/report/charts.js";

  /** A link. */
  public record Link(String label, String href) {}

  /** A column header: its label, its sort link, and whether the table is sorted by it. */
  public record Column(String label, String key, String href, boolean sorted, boolean descending) {}

  /** One run of the table. */
  public record Row(
      String id,
      String href,
      String recorded,
      String user,
      String model,
      String source,
      String viewVersions,
      String asOf,
      long entityRows,
      long trainingRows,
      List<String> metrics,
      boolean chosen) {}

  /** One line of the comparison: a label and each chosen run's value. */
  public record Compared(String label, List<String> values, boolean differs) {}

  /**
   * The runs page.
   *
   * @param comparedRuns the runs compared (links), empty when none are chosen
   * @param compared the comparison's lines
   * @param hidden the query parameters the compare form keeps (sort, direction, size)
   * @param chosenElsewhere chosen runs that are not on this page, which the form keeps chosen
   */
  public record ListPage(
      Page page,
      List<Column> columns,
      List<Row> rows,
      int pageNumber,
      int pages,
      int total,
      String previous,
      String next,
      List<Link> comparedRuns,
      List<Compared> compared,
      Map<String, String> hidden,
      List<String> chosenElsewhere) {}

  /** One run's page. */
  public record RunPage(
      Page page,
      String id,
      List<ObjectPages.Fact> provenance,
      List<Link> sources,
      List<Link> viewVersions,
      Link service,
      List<String> features,
      List<ObjectPages.Fact> metrics,
      String modelSpec,
      String lineage,
      String report,
      String reportStyles,
      String reportNote) {}

  private UiResponse list(UiRequest r) {
    List<RecordedRun> runs = r.runs();
    HiddenNames names = new HiddenNames(r.visibility());
    String sort = r.query("sort").orElse(null);
    String dir = r.query("dir").orElse(null);
    int size = r.positiveQuery("size", RunTable.DEFAULT_PAGE_SIZE);
    int number = r.positiveQuery("page", 1);
    RunTable.Page page;
    List<RecordedRun> chosen;
    try {
      page = RunTable.page(runs, sort, dir, number, size);
      chosen = RunTable.chosen(runs, r.queryAll("compare"));
    } catch (InvalidArgumentException e) {
      throw UiError.badRequest(e.getMessage() + (e.hint() == null ? "" : ". " + e.hint()));
    } catch (NotFoundException e) {
      throw UiError.notFound("training run among the compared ones");
    }
    List<Column> columns = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("id", "run");
    labels.put("recorded", "recorded");
    labels.put("user", "user");
    labels.put("model", "model");
    labels.put("source", "source");
    labels.put("views", "view versions");
    labels.put("as_of", "as of");
    labels.put("entity_rows", "entity rows");
    labels.put("training_rows", "training rows");
    page.metrics().forEach(m -> labels.put("metric:" + m, m));
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      boolean sortable = !key.equals("views");
      boolean sorted = page.sortedBy(key);
      String href = null;
      if (sortable) {
        String target = sorted && !page.descending() ? "desc" : "asc";
        href = withParams(r, Map.of("sort", key, "dir", target, "page", "1"));
      }
      columns.add(new Column(e.getValue(), key, href, sorted, page.descending()));
    }
    List<String> chosenIds = chosen.stream().map(RecordedRun::id).toList();
    List<Row> rows = new ArrayList<>();
    for (RecordedRun run : page.rows()) {
      rows.add(
          new Row(
              run.id(),
              UiPaths.run(run.id()),
              IsoTimes.format(run.recordedAt()),
              run.user(),
              run.model(),
              names.runSource(run),
              String.join(", ", run.inputs().viewVersions()),
              IsoTimes.format(run.inputs().asOf()),
              run.inputs().entityRows(),
              run.trainingRows(),
              page.metrics().stream().map(m -> RunTable.metric(run, m)).toList(),
              chosenIds.contains(run.id())));
    }
    List<Compared> compared = new ArrayList<>();
    if (!chosen.isEmpty()) {
      for (Map.Entry<String, Function<RecordedRun, String>> f :
          RunTable.comparedFields(names).entrySet()) {
        compared.add(line(f.getKey(), chosen.stream().map(f.getValue()).toList()));
      }
      for (String m : RunTable.metricNames(chosen)) {
        compared.add(line(m, chosen.stream().map(run -> RunTable.metric(run, m)).toList()));
      }
    }
    Map<String, String> hidden = new LinkedHashMap<>();
    r.query("sort").ifPresent(v -> hidden.put("sort", v));
    r.query("dir").ifPresent(v -> hidden.put("dir", v));
    r.query("size").ifPresent(v -> hidden.put("size", v));
    r.query("page").ifPresent(v -> hidden.put("page", v));
    return r.render(
        "pages/runs.jte",
        new ListPage(
            r.page("Training runs", "runs"),
            columns,
            rows,
            page.page(),
            page.pages(),
            page.total(),
            page.page() > 1 ? r.withQuery("page", Integer.toString(page.page() - 1)) : null,
            page.page() < page.pages()
                ? r.withQuery("page", Integer.toString(page.page() + 1))
                : null,
            chosen.stream().map(run -> new Link(run.id(), UiPaths.run(run.id()))).toList(),
            compared,
            hidden,
            chosenIds.stream()
                .filter(id -> page.rows().stream().noneMatch(run -> run.id().equals(id)))
                .toList()));
  }

  private static Compared line(String label, List<String> values) {
    return new Compared(label, values, values.stream().distinct().count() > 1);
  }

  /** This request's path and query with {@code params} set. */
  private static String withParams(UiRequest r, Map<String, String> params) {
    String href = r.pathAndQuery();
    for (Map.Entry<String, String> e : params.entrySet()) {
      href = with(href, e.getKey(), e.getValue());
    }
    return href;
  }

  private static String with(String href, String name, String value) {
    int q = href.indexOf('?');
    String path = q < 0 ? href : href.substring(0, q);
    StringBuilder b = new StringBuilder(path);
    char sep = '?';
    if (q >= 0) {
      for (String part : href.substring(q + 1).split("&")) {
        if (part.isEmpty() || part.equals(name) || part.startsWith(name + "=")) {
          continue;
        }
        b.append(sep).append(part);
        sep = '&';
      }
    }
    return b.append(sep)
        .append(UiPaths.encode(name))
        .append('=')
        .append(UiPaths.encode(value))
        .toString();
  }

  private UiResponse run(UiRequest r) {
    String id = r.pathParam("id");
    RecordedRun run =
        r.runs().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> UiError.notFound("training run " + id));
    List<ObjectPages.Fact> provenance = new ArrayList<>();
    provenance.add(new ObjectPages.Fact("recorded", IsoTimes.format(run.recordedAt())));
    provenance.add(new ObjectPages.Fact("user", run.user()));
    provenance.add(new ObjectPages.Fact("model", run.model()));
    provenance.add(new ObjectPages.Fact("run folder", run.runPath()));
    HiddenNames hidden = new HiddenNames(r.visibility());
    provenance.add(new ObjectPages.Fact("source", hidden.runSource(run)));
    provenance.add(new ObjectPages.Fact("as of", IsoTimes.format(run.inputs().asOf())));
    provenance.add(new ObjectPages.Fact("entity rows", Long.toString(run.inputs().entityRows())));
    provenance.add(new ObjectPages.Fact("entity rows SHA-256", run.inputs().entityRowsSha256()));
    provenance.add(new ObjectPages.Fact("training rows", Long.toString(run.trainingRows())));
    provenance.add(new ObjectPages.Fact("training data SHA-256", run.dataSha256()));
    Visibility visibility = r.visibility();
    RepoDefinitions definitions = r.snapshot().definitions();
    List<Link> sources = new ArrayList<>();
    for (String s : run.inputs().sources()) {
      boolean page =
          definitions.source(s).isPresent() && visibility.sees(DefinitionKind.DATA_SOURCE, s);
      sources.add(
          new Link(
              hidden.name(DefinitionKind.DATA_SOURCE, s), page ? UiPaths.dataSource(s) : null));
    }
    List<Link> views = new ArrayList<>();
    for (String vv : run.inputs().viewVersions()) {
      String view = vv.substring(0, vv.lastIndexOf('@'));
      String version = vv.substring(vv.lastIndexOf('@') + 1);
      boolean page = definitions.featureView(view).isPresent();
      views.add(new Link(vv, page ? UiPaths.featureView(view) + "#" + version : null));
    }
    Link service =
        run.inputs()
            .featureService()
            .map(
                s ->
                    new Link(
                        hidden.name(DefinitionKind.FEATURE_SERVICE, s),
                        definitions.featureService(s).isPresent()
                                && visibility.sees(DefinitionKind.FEATURE_SERVICE, s)
                            ? UiPaths.featureService(s)
                            : null))
            .orElse(null);
    List<ObjectPages.Fact> metrics = new ArrayList<>();
    for (String m : run.metrics().keySet()) {
      metrics.add(new ObjectPages.Fact(m, RunTable.metric(run, m)));
    }
    String spec;
    try {
      spec =
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(run.modelSpec()));
    } catch (JsonProcessingException e) {
      spec = run.modelSpec();
    }
    String report = null;
    String note = null;
    Page page = r.page("Training run " + id, "runs");
    if (run.report().isPresent()) {
      try {
        report = ReportPage.fragment(hidden.report(RunReportJson.read(run.report().get())));
        page = page.withScript(Page.ECHARTS).withScript(REPORT_SCRIPT);
      } catch (InvalidArgumentException e) {
        note =
            "This run's training report cannot be shown by this server: "
                + e.getMessage()
                + ". The run folder's report.html shows it.";
      }
    } else {
      note =
          "No training report is recorded for this run (runs recorded before reports existed have"
              + " none); its metrics and provenance are below.";
    }
    return r.render(
        "pages/run.jte",
        new RunPage(
            page,
            id,
            provenance,
            sources,
            views,
            service,
            run.inputs().features().stream().map(ResolvedFeature::toString).toList(),
            metrics,
            spec,
            LineagePage.href(NodeKind.RUN, id),
            report,
            report == null ? null : ReportAssets.styles(),
            note));
  }
}
