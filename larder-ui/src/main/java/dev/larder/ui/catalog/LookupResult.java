package dev.larder.ui.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code POST /get-online-features} answered, for the lookup page: the exact JSON, and either
 * its columns turned into rows (one per entity row, each cell with the value as JSON text, the
 * status and the event timestamp) or the error's code and message.
 *
 * @param status the HTTP status the API answers
 * @param json the API's body, as it sends it
 * @param names {@code metadata.feature_names}; empty on error
 * @param rows one per entity row; empty on error
 * @param errorCode the error's code ({@code NOT_FOUND}); {@code null} on success
 * @param errorMessage the error's message; {@code null} on success
 */
public record LookupResult(
    int status,
    String json,
    List<String> names,
    List<List<Cell>> rows,
    String errorCode,
    String errorMessage) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One value of one feature for one entity row. */
  public record Cell(String value, String status, String eventTimestamp) {}

  public LookupResult {
    names = List.copyOf(names);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** Whether the read succeeded. */
  public boolean ok() {
    return errorMessage == null;
  }

  /** Reads the API's answer {@code json} with HTTP status {@code status}. */
  public static LookupResult of(int status, String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the API answered with JSON that does not parse", e);
    }
    if (status != 200) {
      JsonNode error = root.path("error");
      return new LookupResult(
          status,
          json,
          List.of(),
          List.of(),
          error.path("code").asText(),
          error.path("message").asText());
    }
    List<String> names = new ArrayList<>();
    root.path("metadata").path("feature_names").forEach(n -> names.add(n.asText()));
    JsonNode results = root.path("results");
    int count = results.isEmpty() ? 0 : results.get(0).path("values").size();
    List<List<Cell>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Cell> row = new ArrayList<>();
      for (JsonNode column : results) {
        row.add(
            new Cell(
                column.path("values").get(i).toString(),
                column.path("statuses").get(i).asText(),
                column.path("event_timestamps").get(i).asText()));
      }
      rows.add(row);
    }
    return new LookupResult(status, json, names, rows, null, null);
  }
}
