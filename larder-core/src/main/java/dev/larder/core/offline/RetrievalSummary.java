package dev.larder.core.offline;

import java.util.List;

/**
 * What a historical retrieval produced, besides its rows.
 *
 * @param rows the number of result rows (one per entity row)
 * @param matchedRows for each view of the plan, in order: how many entity rows found a row in it
 * @param noMatches a diagnostic for each view in which no entity row found a row (DESIGN B5.7)
 */
public record RetrievalSummary(
    long rows, List<Long> matchedRows, List<NoMatchDiagnostic> noMatches) {
  public RetrievalSummary {
    matchedRows = List.copyOf(matchedRows);
    noMatches = List.copyOf(noMatches);
  }

  /** The lines the CLI prints after {@code warning: }, one per diagnostic. */
  public List<String> warnings() {
    return noMatches.stream().map(NoMatchDiagnostic::message).toList();
  }
}
