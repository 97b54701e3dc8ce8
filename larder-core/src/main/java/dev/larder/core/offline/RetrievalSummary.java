package dev.larder.core.offline;

import java.util.ArrayList;
import java.util.List;

/**
 * What a historical retrieval produced, besides its rows.
 *
 * @param rows the number of result rows (one per entity row)
 * @param matchedRows for each view of the plan, in order: how many entity rows found a row in it
 * @param noMatches a diagnostic for each view in which no entity row found a row (DESIGN B5.7)
 * @param entityWarnings warnings about the entity rows themselves, such as {@link
 *     EntityRows.Query#UNORDERED_WARNING} for an entity query without {@code ORDER BY}
 */
public record RetrievalSummary(
    long rows,
    List<Long> matchedRows,
    List<NoMatchDiagnostic> noMatches,
    List<String> entityWarnings) {
  public RetrievalSummary {
    matchedRows = List.copyOf(matchedRows);
    noMatches = List.copyOf(noMatches);
    entityWarnings = List.copyOf(entityWarnings);
  }

  /** A summary without warnings about the entity rows. */
  public RetrievalSummary(long rows, List<Long> matchedRows, List<NoMatchDiagnostic> noMatches) {
    this(rows, matchedRows, noMatches, List.of());
  }

  /**
   * The lines the CLI prints after {@code warning: }: the entity rows' warnings, then one per
   * no-match diagnostic.
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>(entityWarnings);
    noMatches.stream().map(NoMatchDiagnostic::message).forEach(out::add);
    return List.copyOf(out);
  }
}
