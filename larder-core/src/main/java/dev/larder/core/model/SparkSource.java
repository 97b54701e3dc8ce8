package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source read by the Spark offline engine from its catalog (DESIGN B9; Feast's {@code
 * SparkSource}): a table ({@code table: db.events}) or a query in Spark SQL ({@code query: "SELECT
 * …"}), exactly one of the two. Files, on any engine, are {@link FileSource}s. Other engines refuse
 * it when definitions are applied, naming {@code offline_store: {type: spark}}.
 *
 * <p>As for files, {@code timestampField}, {@code createdTimestampColumn}, join keys and feature
 * names are names after {@code fieldMapping}. A table or query has no file order, so the last
 * tie-break of DESIGN B5.3 compares the rows' values instead (B9).
 *
 * @param name unique among sources
 * @param table a table of the Spark catalog, {@code table}, {@code db.table} or {@code
 *     catalog.db.table}, each part letters, digits and {@code _} or quoted in backticks ({@code
 *     `my-db`.events}); {@code null} for a query source
 * @param query a Spark SQL query whose result is the source's rows, as written; {@code null} for a
 *     table source
 * @param timestampField the event-time column
 * @param createdTimestampColumn the creation-time column that breaks ties, or {@code null}
 * @param fieldMapping source column → name, sorted by source column
 */
public record SparkSource(
    String name,
    String table,
    String query,
    String timestampField,
    String createdTimestampColumn,
    Map<String, String> fieldMapping)
    implements BatchSource {
  /** One part of a table name: a plain identifier, or any text but a backtick in backticks. */
  private static final Pattern PART = Pattern.compile("([A-Za-z0-9_]+|`[^`]+`)(\\.|$)");

  public SparkSource {
    Names.require("spark source name", name);
    String who = "spark source " + Echo.of(name);
    if (table != null && table.isBlank()) {
      table = null;
    }
    if (query != null && query.isBlank()) {
      query = null;
    }
    if ((table == null) == (query == null)) {
      throw new InvalidDefinitionException(
          who
              + (table == null
                  ? ": give either table (a table of the Spark catalog, e.g. table: db.events) or"
                      + " query (e.g. query: \"SELECT * FROM db.events\")"
                  : ": give either table or query, not both; a query can read the table itself"));
    }
    if (table != null) {
      parts(who, table);
    }
    BatchSources.checkTimestamps(who, timestampField, createdTimestampColumn);
    if (createdTimestampColumn != null && createdTimestampColumn.isBlank()) {
      createdTimestampColumn = null;
    }
    fieldMapping = BatchSources.fieldMapping(who, fieldMapping);
  }

  /**
   * The parts of {@link #table()} with their backticks removed ({@code `my-db`.events} → {@code
   * [my-db, events]}), for an engine that quotes them itself; empty for a query source.
   */
  public List<String> tableParts() {
    return table == null ? List.of() : parts(label(), table);
  }

  /** Whether this source reads a table (else a query). */
  public boolean isTable() {
    return table != null;
  }

  @Override
  public String label() {
    return "spark source " + Echo.of(name);
  }

  private static List<String> parts(String who, String table) {
    List<String> parts = new ArrayList<>();
    Matcher m = PART.matcher(table);
    int at = 0;
    while (at < table.length() && m.find(at) && m.start() == at) {
      String part = m.group(1);
      parts.add(part.startsWith("`") ? part.substring(1, part.length() - 1) : part);
      at = m.end();
      if (m.group(2).isEmpty()) {
        break;
      }
    }
    if (at != table.length() || parts.isEmpty() || parts.size() > 3 || table.endsWith(".")) {
      throw new InvalidDefinitionException(
          who
              + ": table "
              + Echo.of(table)
              + " is not a table name; write table, db.table or catalog.db.table (letters, digits"
              + " and _, or a part in backticks such as `my-db`.events), or use query: for"
              + " anything else");
    }
    return List.copyOf(parts);
  }
}
