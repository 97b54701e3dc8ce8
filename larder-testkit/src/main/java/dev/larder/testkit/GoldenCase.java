package dev.larder.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OutputColumn;
import dev.larder.core.offline.ResultFileWriter;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.repo.DefinitionLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden case of point-in-time retrieval, a YAML file under {@code golden/} on the class path
 * (listed in {@code golden/index.txt}): data files, definitions, entity rows, a request, and the
 * exact CSV text expected (or an error, or warnings).
 *
 * <p>Keys: {@code rule} (the DESIGN B5 rule it covers), {@code definitions} (the text of a
 * definitions file), {@code files} (path → CSV text, or {@code {csv, types}} for a Parquet file
 * written with those DuckDB column types), {@code entity_rows} (CSV text, or {@code {csv, types}}
 * for Parquet), {@code request} ({@code features} or {@code feature_service}, {@code
 * full_feature_names}, {@code filter_by_created_timestamp}), then {@code expected} (CSV text) with
 * optional {@code warnings} (one entry per warning: a substring or a list of them), or {@code
 * error} (substrings of the message and hint).
 */
final class GoldenCase {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String name;
  private final JsonNode node;

  private GoldenCase(String name, JsonNode node) {
    this.name = name;
    this.node = node;
  }

  /** The case files named in {@code golden/index.txt}, in order. */
  static List<String> names() {
    try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/index.txt")) {
      if (in == null) {
        throw new IllegalStateException("golden/index.txt is not on the class path");
      }
      List<String> names = new ArrayList<>();
      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GoldenCase load(String name) throws IOException {
    try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("golden/" + name + " is not on the class path");
      }
      JsonNode node = YAML.readTree(in);
      if (node.path("rule").asText().isBlank()) {
        throw new IllegalStateException(name + " names no rule");
      }
      return new GoldenCase(name, node);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** Writes the definitions, data files and entity rows into {@code repo}. */
  void writeInto(Path repo) throws IOException, SQLException {
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("features.yaml"), node.get("definitions").asText());
    for (Map.Entry<String, JsonNode> f : node.path("files").properties()) {
      write(repo.resolve(f.getKey()), f.getValue());
    }
    write(entityFile(repo), node.get("entity_rows"));
  }

  private Path entityFile(Path repo) {
    return repo.resolve(node.get("entity_rows").isTextual() ? "entity.csv" : "entity.parquet");
  }

  /** The case's request over the repository's definitions and entity-rows file. */
  HistoricalRequest request(Path repo) {
    JsonNode request = node.get("request");
    RepoDefinitions defs = DefinitionLoader.load(repo);
    DefinitionLookup lookup = DefinitionLookup.of(defs);
    boolean full = request.path("full_feature_names").asBoolean(false);
    RetrievalPlan plan;
    if (request.has("feature_service")) {
      plan =
          RetrievalPlan.forService(
              defs.requireFeatureService(request.get("feature_service").asText()), lookup, full);
    } else {
      List<FeatureReference> refs = new ArrayList<>();
      request.get("features").forEach(r -> refs.add(FeatureReference.parse(r.asText())));
      plan = RetrievalPlan.forReferences(refs, lookup, full);
    }
    return new HistoricalRequest(
        EntityRows.file(entityFile(repo)),
        plan,
        request.path("filter_by_created_timestamp").asBoolean(false));
  }

  boolean expectsError() {
    return node.has("error");
  }

  List<String> errorParts() {
    List<String> parts = new ArrayList<>();
    list(node.get("error")).forEach(n -> parts.add(n.asText()));
    return parts;
  }

  String expected() {
    return node.get("expected").asText();
  }

  List<List<String>> warnings() {
    List<List<String>> out = new ArrayList<>();
    for (JsonNode w : list(node.path("warnings"))) {
      List<String> parts = new ArrayList<>();
      list(w).forEach(p -> parts.add(p.asText()));
      out.add(parts);
    }
    return out;
  }

  /** What one engine gave: its CSV file, its frame as CSV, and both summaries. */
  record Result(
      String csv, String frameCsv, RetrievalSummary summary, RetrievalSummary frameSummary) {}

  /** Runs the request through CSV output and through a frame. */
  Result run(OfflineEngine engine, Path repo, HistoricalRequest request) throws IOException {
    Path out = repo.resolve("out/result.csv");
    RetrievalSummary summary = engine.writeHistoricalFeatures(request, out);
    TrainingFrame frame = engine.getHistoricalFeatures(request);
    return new Result(Files.readString(out), csv(frame, request, repo), summary, frame.summary());
  }

  /** The frame as B2 CSV text, through the engine-neutral writer. */
  static String csv(TrainingFrame frame, HistoricalRequest request, Path dir) throws IOException {
    Map<String, ColumnType> entity = new LinkedHashMap<>();
    int entityColumns = frame.columns().size() - request.plan().outputNames().size();
    for (FrameColumn c : frame.columns().subList(0, entityColumns)) {
      entity.put(c.name(), typeOf(c.kind()));
    }
    Path file = dir.resolve("out/frame.csv");
    try (ResultFileWriter writer =
        ResultFileWriter.open(file, OutputColumn.of(entity, request.plan()))) {
      for (int row = 0; row < frame.rowCount(); row++) {
        List<Object> values = new ArrayList<>();
        for (FrameColumn c : frame.columns()) {
          values.add(c.get(row));
        }
        writer.writeRow(values);
      }
      writer.commit();
    }
    return Files.readString(file);
  }

  private static ColumnType typeOf(FrameColumn.Kind kind) {
    return switch (kind) {
      case LONG -> ColumnType.INT64;
      case DOUBLE -> ColumnType.FLOAT64;
      case STRING -> ColumnType.STRING;
      case BOOLEAN -> ColumnType.BOOL;
      case TIMESTAMP -> ColumnType.TIMESTAMP_TZ;
      case BYTES -> ColumnType.BYTES;
      case LIST -> ColumnType.arrayOf(ColumnType.STRING);
    };
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (!node.isMissingNode()) {
      out.add(node);
    }
    return out;
  }

  /** Writes CSV text as is, or {@code {csv, types}} as a Parquet file with those types. */
  private static void write(Path path, JsonNode content) throws IOException, SQLException {
    Files.createDirectories(path.getParent());
    if (content.isTextual()) {
      Files.writeString(path, content.asText(), StandardCharsets.UTF_8);
      return;
    }
    Path csv = path.resolveSibling(path.getFileName() + ".csv.txt");
    Files.writeString(csv, content.get("csv").asText(), StandardCharsets.UTF_8);
    List<String> select = new ArrayList<>();
    for (Map.Entry<String, JsonNode> t : content.get("types").properties()) {
      select.add(
          "CAST("
              + Duck.id(t.getKey())
              + " AS "
              + t.getValue().asText()
              + ") AS "
              + Duck.id(t.getKey()));
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(
          "COPY (SELECT "
              + String.join(", ", select)
              + " FROM read_csv("
              + Duck.literal(csv.toString())
              + ", header = true, all_varchar = true, allow_quoted_nulls = false)) TO "
              + Duck.literal(path.toString())
              + " (FORMAT PARQUET)");
    } finally {
      Files.delete(csv);
    }
  }
}
