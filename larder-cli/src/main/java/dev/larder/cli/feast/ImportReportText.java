package dev.larder.cli.feast;

import java.nio.file.Path;

/** The import report as Markdown ({@code IMPORT_REPORT.md}) and as the command's plain text. */
final class ImportReportText {
  private ImportReportText() {}

  static String markdown(FeastImport.Result result, String registry, Path dir) {
    ImportReport report = result.report();
    StringBuilder out = new StringBuilder();
    out.append("# Import of Feast project ").append(result.project()).append("\n\n");
    out.append("From the Feast registry `")
        .append(registry)
        .append("` by `larder import feast`.\n");
    out.append("\n## Not carried over\n\n");
    if (report.skipped().isEmpty()) {
      out.append("Nothing: every object was carried over.\n");
    }
    for (ImportReport.Skipped s : report.skipped()) {
      out.append("- ").append(s.what()).append(": ").append(s.why()).append('\n');
    }
    if (!report.notes().isEmpty()) {
      out.append("\n## Carried over with changes\n\n");
      for (String note : report.notes()) {
        out.append("- ").append(note).append('\n');
      }
    }
    out.append("\n## Before `larder apply`\n\n");
    out.append(
        "- `feature_store.yaml` uses Larder's embedded stores (SQLite registry and online store,"
            + " DuckDB); a Feast registry does not hold Feast's `feature_store.yaml`, so set"
            + " other stores there if you need them.\n");
    out.append(
        "- Source paths are kept as Feast stored them; relative paths are read relative to this"
            + " folder:\n");
    for (String path : ImportedRepository.sourcePaths(result.definitions())) {
      out.append("  - `")
          .append(path)
          .append('`')
          .append(
              ImportedRepository.present(dir, path)
                  ? ""
                  : " (not here yet: copy it from the Feast repository)")
          .append('\n');
    }
    return out.toString();
  }
}
