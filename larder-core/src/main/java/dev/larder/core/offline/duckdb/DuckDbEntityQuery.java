package dev.larder.core.offline.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.offline.EntityRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity rows from a query in DuckDB's SQL ({@link EntityRows.Query}), loaded into a temporary
 * table like the rows of a file.
 *
 * <p>The query is first parsed by DuckDB itself ({@code json_serialize_sql}, which serializes only
 * {@code SELECT} statements), so anything but one read-only query is refused before it runs, and
 * whether it ends with a top-level {@code ORDER BY} is read from the parse tree, not guessed from
 * the text. It then runs as the body of a {@code CREATE TEMP TABLE … AS}, whose rows DuckDB inserts
 * in the query's order (the engine keeps {@code preserve_insertion_order} on), so {@code rowid}
 * numbers them in that order. Relative file paths resolve against the query's base directory
 * through DuckDB's {@code file_search_path}, set for that one statement.
 */
final class DuckDbEntityQuery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIRST_WORD = Pattern.compile("[A-Za-z]+");

  /** DuckDB error classes that mean the query itself is wrong, not that DuckDB failed. */
  private static final List<String> USER_ERRORS =
      List.of(
          "Parser Error",
          "Binder Error",
          "Catalog Error",
          "IO Error",
          "Conversion Error",
          "Invalid Input Error",
          "Not implemented Error",
          "Out of Range Error",
          "Syntax Error");

  private static final String FIX =
      "Give one SELECT query that returns the join keys and event_timestamp, e.g. SELECT"
          + " sample_index, event_timestamp FROM read_parquet('entities.parquet') ORDER BY"
          + " event_timestamp";

  private DuckDbEntityQuery() {}

  /**
   * Runs {@code query} into the temporary table {@code name}: {@code __larder_row} (the query's row
   * order), then the query's columns, {@code event_timestamp} as {@code TIMESTAMPTZ}.
   *
   * @return whether the query orders its rows (a top-level {@code ORDER BY})
   */
  static boolean load(Connection connection, String name, EntityRows.Query query)
      throws SQLException {
    String origin = query.origin();
    boolean ordered = parse(connection, query.sql());
    String raw = name + "_query";
    try {
      run(connection, raw, query);
      Map<String, ColumnType> types = EntityTable.columnTypes(connection, raw);
      List<String> names = List.copyOf(types.keySet());
      EntityTable.requireTimestampColumn(names, origin);
      for (String column : names) {
        if (column.toLowerCase(Locale.ROOT).equals("rowid")) {
          throw new InvalidArgumentException(
              origin + " returns a column named " + Echo.of(column) + ", which DuckDB reserves",
              "Rename it in the query, e.g. SELECT rowid AS row_id");
        }
      }
      ColumnType.Family family = types.get(EntityTable.TS).family();
      String ts = Sql.id(EntityTable.TS);
      if (family == ColumnType.Family.STRING) {
        checkTimestampText(connection, raw, origin);
      } else if (family != ColumnType.Family.TIMESTAMP && family != ColumnType.Family.DATE) {
        throw new InvalidArgumentException(
            origin + ": event_timestamp is " + types.get(EntityTable.TS) + ", not a timestamp",
            "Return event_timestamp as a TIMESTAMP (taken as UTC), a TIMESTAMP WITH TIME ZONE, a"
                + " DATE or ISO-8601 text, e.g. CAST(ts AS TIMESTAMPTZ) AS event_timestamp");
      }
      DuckDbSql.execute(
          connection,
          "CREATE TEMP TABLE "
              + name
              + " AS SELECT rowid AS "
              + EntityTable.ROW
              + ", * REPLACE (CAST("
              + ts
              + " AS TIMESTAMPTZ) AS "
              + ts
              + ") FROM "
              + raw
              + " ORDER BY rowid");
    } finally {
      DuckDbSql.execute(connection, "DROP TABLE IF EXISTS " + raw);
    }
    return ordered;
  }

  /**
   * Parses {@code sql} with DuckDB's parser: one {@code SELECT} statement passes; another
   * statement, several, none, or a syntax error is an invalid argument with DuckDB's message.
   *
   * @return whether the statement has a top-level {@code ORDER BY}
   */
  static boolean parse(Connection connection, String sql) throws SQLException {
    JsonNode tree;
    try (PreparedStatement s = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
      s.setString(1, sql);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        tree = JSON.readTree(rs.getString(1));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("DuckDB's json_serialize_sql returned no JSON", e);
    }
    if (tree.path("error").asBoolean(false)) {
      String type = tree.path("error_type").asText("");
      String message = tree.path("error_message").asText("");
      if (type.equals("parser")) {
        throw new InvalidArgumentException(
            "the entity query is not valid SQL: Parser Error: " + message, FIX);
      }
      throw new InvalidArgumentException(
          "the entity query must be a single read-only query (SELECT …), not "
              + statementKind(sql)
              + " (DuckDB: "
              + message
              + ")",
          FIX
              + "; to write or change data, run that statement elsewhere, then select the rows"
              + " here");
    }
    JsonNode statements = tree.path("statements");
    if (statements.size() != 1) {
      throw new InvalidArgumentException(
          statements.isEmpty()
              ? "the entity query holds no statement (only comments or semicolons)"
              : "the entity query holds "
                  + statements.size()
                  + " statements; it must be a single read-only query",
          FIX);
    }
    for (JsonNode modifier : statements.get(0).path("node").path("modifiers")) {
      if (modifier.path("type").asText().equals("ORDER_MODIFIER")) {
        return true;
      }
    }
    return false;
  }

  /**
   * How a message names the statement DuckDB refused: {@code a DELETE statement}, by its first word
   * (for the message only; the parser decided).
   */
  private static String statementKind(String sql) {
    String text = sql.replaceAll("(?s)^(\\s|--[^\\n]*\\n?|/\\*.*?\\*/|\\()*", "");
    Matcher word = FIRST_WORD.matcher(text);
    return word.lookingAt()
        ? "a " + word.group().toUpperCase(Locale.ROOT) + " statement"
        : "another kind of statement";
  }

  /**
   * Runs the query into {@code raw}, its relative paths resolved against its base directory. It is
   * prepared alone first, so that DuckDB's errors about it (an unknown table or column, a missing
   * file) point into the query as the user wrote it.
   */
  private static void run(Connection connection, String raw, EntityRows.Query query)
      throws SQLException {
    DuckDbSql.execute(
        connection, "SET file_search_path = " + Sql.literal(query.baseDirectory().toString()));
    try {
      connection.prepareStatement(query.sql()).close();
      DuckDbSql.execute(connection, "CREATE TEMP TABLE " + raw + " AS " + query.sql());
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      String first = message.lines().findFirst().orElse(message);
      if (USER_ERRORS.stream().anyMatch(first::startsWith)) {
        throw new InvalidArgumentException(
            "the entity query failed: " + message.strip(),
            "Fix the query; relative file paths in it start from " + query.baseDirectory(),
            e);
      }
      throw DuckDbOfflineEngine.failure("the entity query failed", e);
    } finally {
      DuckDbSql.execute(connection, "RESET file_search_path");
    }
  }

  /** ISO-8601 text in every row, as for a CSV file; a null is reported by the caller. */
  private static void checkTimestampText(Connection connection, String raw, String origin)
      throws SQLException {
    String c = Sql.id(EntityTable.TS);
    String sql =
        "SELECT rowid, "
            + c
            + " FROM "
            + raw
            + " WHERE "
            + c
            + " IS NOT NULL AND TRY_CAST("
            + c
            + " AS TIMESTAMPTZ) IS NULL ORDER BY rowid LIMIT 1";
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      if (rs.next()) {
        throw new InvalidArgumentException(
            origin
                + ", row "
                + (rs.getLong(1) + 1)
                + " of its result: event_timestamp "
                + Echo.of(rs.getString(2))
                + " is not an ISO-8601 time",
            "Return times like 2025-11-01, 2025-11-01T12:00:00 (UTC), 2025-11-01T12:00:00Z or"
                + " 2025-11-01T12:00:00+02:00, or a TIMESTAMP column");
      }
    }
  }
}
