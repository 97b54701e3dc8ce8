package dev.larder.ui.pages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.ScriptJson;
import dev.larder.core.access.Principal;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.lineage.ProjectLineage;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.ui.Page;
import dev.larder.ui.UiError;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiPaths;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import dev.larder.ui.catalog.LineageChart;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /ui/lineage}: the lineage graph of the whole project, or of one object ({@code
 * ?object=view:NAME}, {@code source:}, {@code service:}) or run ({@code ?run=ID}) with everything
 * upstream and downstream of it. The graph's data ({@link LineageChart}) goes in a JSON block that
 * {@code assets/lineage.js} draws with ECharts (SVG renderer): pan and zoom, a click on a node
 * opens its page. Only what the principal may see is in it.
 */
public final class LineagePage implements UiModule {
  /** The script that draws the graph. */
  static final String SCRIPT = UiPaths.asset("lineage.js");

  @Override
  public void register(UiRoutes routes) {
    routes.get("/ui/lineage", this::lineage);
  }

  /**
   * The page's model.
   *
   * @param page the layout's model
   * @param heading what the graph shows, for people
   * @param object the {@code object} parameter as given ({@code ""} when absent)
   * @param run the {@code run} parameter as given ({@code ""} when absent)
   * @param data the graph's JSON, safe inside a {@code <script>} block
   * @param nodes how many nodes the graph shows
   */
  public record Model(
      Page page, String heading, String object, String run, String data, int nodes) {}

  /** The lineage page of the {@code kind} called {@code name}. */
  static String href(NodeKind kind, String name) {
    return UiPaths.ROOT
        + "/lineage?"
        + (kind == NodeKind.RUN
            ? "run=" + UiPaths.encode(name)
            : "object=" + UiPaths.encode(kind.option() + ":" + name));
  }

  /** The most charts kept per built lineage; beyond it the kept ones are dropped. */
  private static final int MAX_CHARTS = 256;

  /**
   * The lineage last built, what it was built from, and the charts rendered from it, by what they
   * show and for whom: a chart depends only on the lineage, the query and what the principal may
   * see, which the snapshot's permissions decide for that principal ({@code null} when nothing is
   * restricted, so every principal shares it).
   */
  private record Built(
      RegistrySnapshot snapshot,
      List<RecordedRun> runs,
      ProjectLineage lineage,
      Map<ChartKey, Chart> charts) {}

  private record ChartKey(Principal principal, String object, String run) {}

  /** A rendered chart: its JSON as the page embeds it, its node count and the page's heading. */
  private record Chart(String data, int nodes, String heading) {}

  private volatile Built last;

  /**
   * The project's lineage of {@code snapshot} and {@code runs}: the one built for the previous
   * request when it had the same snapshot (the server's cached one) and the same runs, else a new
   * one. A built lineage is only read afterwards, so requests share it safely.
   */
  private Built lineage(RegistrySnapshot snapshot, List<RecordedRun> runs) {
    Built b = last;
    if (b != null && b.snapshot() == snapshot && b.runs().equals(runs)) {
      return b;
    }
    Built built =
        new Built(snapshot, runs, ProjectLineage.of(snapshot, runs), new ConcurrentHashMap<>());
    last = built;
    return built;
  }

  private UiResponse lineage(UiRequest r) {
    Optional<String> object = r.query("object");
    Optional<String> run = r.query("run");
    if (object.isPresent() && run.isPresent()) {
      throw UiError.badRequest("Give object or run, not both.");
    }
    Built built = lineage(r.snapshot(), r.runs());
    ChartKey key =
        new ChartKey(
            r.visibility().unrestricted() ? null : r.principal(),
            object.orElse(null),
            run.orElse(null));
    Chart chart = built.charts().get(key);
    if (chart == null) {
      chart = chart(r, built.lineage(), object, run);
      if (built.charts().size() >= MAX_CHARTS) {
        built.charts().clear();
      }
      built.charts().put(key, chart);
    }
    Page page = r.page(chart.heading(), "lineage").withScript(Page.ECHARTS).withScript(SCRIPT);
    return r.render(
        "pages/lineage.jte",
        new Model(
            page, chart.heading(), object.orElse(""), run.orElse(""), chart.data(), chart.nodes()));
  }

  private static Chart chart(
      UiRequest r, ProjectLineage lineage, Optional<String> object, Optional<String> run) {
    ObjectNode chart;
    String heading;
    try {
      if (run.isPresent()) {
        chart =
            LineageChart.focused(
                lineage, NodeKind.RUN, run.get(), r.snapshot().definitions(), r.visibility());
        heading = "Lineage of training run " + run.get();
      } else if (object.isPresent()) {
        String text = object.get();
        int colon = text.indexOf(':');
        if (colon <= 0) {
          throw UiError.badRequest(
              "The object parameter is KIND:NAME (source, view, service or run), not '"
                  + text
                  + "'.");
        }
        NodeKind kind = NodeKind.parse(text.substring(0, colon));
        String name = text.substring(colon + 1);
        chart =
            LineageChart.focused(lineage, kind, name, r.snapshot().definitions(), r.visibility());
        heading = "Lineage of " + kind.label() + " " + name;
      } else {
        chart = LineageChart.project(lineage, r.snapshot().definitions(), r.visibility());
        heading = "Lineage of project " + r.snapshot().project();
      }
    } catch (InvalidArgumentException e) {
      throw UiError.badRequest(e.getMessage() + (e.hint() == null ? "" : ". " + e.hint()));
    } catch (NotFoundException e) {
      throw new UiError(404, "Not found", e.getMessage() + ". " + e.hint());
    }
    return new Chart(ScriptJson.embed(chart), chart.path("nodes").size(), heading);
  }
}
