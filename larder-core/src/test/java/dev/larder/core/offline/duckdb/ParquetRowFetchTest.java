package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;

/**
 * {@link ParquetRowFetch} over files DuckDB writes: every value it reads for chosen rows (the first
 * and last of each row group and page, duplicates, and rows spread over the file) equals what
 * DuckDB reads for the same rows, for each supported type, with and without NULLs, PLAIN and
 * dictionary-encoded, uncompressed and SNAPPY; and what it does not read (ZSTD, data page v2, a
 * DECIMAL, a VARCHAR, a column of another type than declared) throws {@link
 * ParquetRowFetch.Unsupported} rather than giving a value. Column chunks of several pages, which
 * DuckDB writes only past 100 MB, are written by hand. Then {@link ParquetWinners} on a view's scan
 * equals DuckDB's fetch of the same positions, and the engine's narrow-first plan, which fetches
 * through it, equals the single-statement plan and a brute-force pick.
 */
class ParquetRowFetchTest {
  @TempDir static Path dir;
  static Connection duck;

  private static final List<String> MIXED = List.of("d", "f", "l", "n", "dn", "fn", "ln", "nn");
  private static final List<FeatureType> MIXED_TYPES =
      List.of(
          ScalarType.FLOAT64,
          ScalarType.FLOAT32,
          ScalarType.INT64,
          ScalarType.INT32,
          ScalarType.FLOAT64,
          ScalarType.FLOAT32,
          ScalarType.INT64,
          ScalarType.INT32);

  /**
   * Eight columns of 20,000 distinct-valued rows (PLAIN): each type without NULLs and with NULLs
   * (every 3rd, 5th, 7th row, and a run of 1,000), extremes and signed zeros included.
   */
  private static final String MIXED_SELECT =
      "SELECT CASE WHEN i = 1 THEN -0.0::DOUBLE WHEN i = 2 THEN 'inf'::DOUBLE WHEN i = 3 THEN"
          + " 1.7976931348623157e308 ELSE i * 1.25 - 7001.5 END AS d, CASE WHEN i = 1 THEN"
          + " -0.0::FLOAT WHEN i = 2 THEN '-inf'::FLOAT ELSE (i * 0.5 - 3.25)::FLOAT END AS f,"
          + " CASE WHEN i = 1 THEN -9223372036854775808 WHEN i = 2 THEN 9223372036854775807 ELSE"
          + " i * 1000000007 - 5000000000000 END::BIGINT AS l, CASE WHEN i = 1 THEN -2147483648"
          + " WHEN i = 2 THEN 2147483647 ELSE i * 7 - 70000 END::INTEGER AS n, CASE WHEN i % 3 = 0"
          + " THEN NULL ELSE i * 0.001 END::DOUBLE AS dn, CASE WHEN i % 5 = 4 OR i BETWEEN 5000"
          + " AND 5999 THEN NULL ELSE i - 0.5 END::FLOAT AS fn, CASE WHEN i % 7 < 2 THEN NULL ELSE"
          + " -i * 3 END::BIGINT AS ln, CASE WHEN i % 2 = 1 THEN NULL ELSE i END::INTEGER AS nn"
          + " FROM range(20000) t(i) ORDER BY i";

  @BeforeAll
  static void open() throws Exception {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    writeRepository();
  }

  @AfterAll
  static void close() throws SQLException {
    duck.close();
  }

  @ParameterizedTest(name = "compression {0}")
  @ValueSource(strings = {"uncompressed", "snappy"})
  void everySupportedTypeReadsAsDuckDbDoesWithAndWithoutNulls(String compression) throws Exception {
    Path file =
        write(
            "mixed-" + compression,
            MIXED_SELECT,
            "COMPRESSION " + compression + ", ROW_GROUP_SIZE 6000");
    Layout layout = layout(file);
    assertThat(layout.groupStarts.length - 1).as("row groups").isGreaterThan(2);
    assertThat(layout.codecs).containsOnly(compression.toUpperCase(java.util.Locale.ROOT));
    assertThat(layout.valueEncodings).as("value encodings").containsOnly("PLAIN");
    long[] rows = chosen(layout, 20000, 200);
    assertSameAsDuckDb(file, MIXED, MIXED_TYPES, rows);
    // every row, each once: a dense read through every page
    long[] all = new long[20000];
    Arrays.setAll(all, i -> i);
    assertSameAsDuckDb(file, MIXED, MIXED_TYPES, all);
    // each column alone, in reverse order of the file's columns
    for (int c = MIXED.size() - 1; c >= 0; c--) {
      assertSameAsDuckDb(file, List.of(MIXED.get(c)), List.of(MIXED_TYPES.get(c)), rows);
    }
  }

  @Test
  void oneRowAndNoRowsOfAGroup() throws Exception {
    Path file = write("one", MIXED_SELECT, "ROW_GROUP_SIZE 6000");
    Layout layout = layout(file);
    for (long row : new long[] {0, 1, 2, 3, 4999, 5000, 5999, 6000, 19999}) {
      assertSameAsDuckDb(file, MIXED, MIXED_TYPES, new long[] {row});
    }
    try (ParquetRowFetch reader = ParquetRowFetch.open(file, MIXED, MIXED_TYPES)) {
      assertThat(reader.rowGroupStarts()).containsExactly(layout.groupStarts);
      ParquetRowFetch.Column[] out = columns(MIXED.size(), 0);
      reader.read(1, layout.groupStarts[1], new long[0], 0, 0, out);
    }
  }

  /**
   * 300,000 rows of one column in row groups of about 100,000 rows, each column chunk of several
   * pages; rows are chosen on every page's and group's first and last row and sparsely between.
   */
  @ParameterizedTest(name = "nulls {0}")
  @ValueSource(booleans = {false, true})
  void manyPagesAndRowGroups(boolean nulls) throws Exception {
    String value = nulls ? "CASE WHEN i % 11 = 3 THEN NULL ELSE i * 2.5 END" : "i * 2.5";
    Path file =
        write(
            "pages-" + nulls,
            "SELECT (" + value + ")::DOUBLE AS v, i::BIGINT AS w FROM range(300000) t(i)",
            "ROW_GROUP_SIZE 100000");
    Layout layout = layout(file);
    assertThat(layout.groupStarts.length - 1).as("row groups").isGreaterThanOrEqualTo(3);
    long[] rows = chosen(layout, 300000, 500);
    assertSameAsDuckDb(
        file, List.of("v", "w"), List.of(ScalarType.FLOAT64, ScalarType.INT64), rows);
    assertSameAsDuckDb(file, List.of("w"), List.of(ScalarType.INT64), rows);
  }

  /**
   * Few distinct values: DuckDB writes RLE_DICTIONARY pages; with and without NULLs, each type, a
   * single distinct value (an index bit width of 0 or 1), and enough rows for several pages.
   */
  @ParameterizedTest(name = "compression {0}")
  @ValueSource(strings = {"uncompressed", "snappy"})
  void dictionaryEncodedColumns(String compression) throws Exception {
    Path file =
        write(
            "dict-" + compression,
            "SELECT (i % 13)::DOUBLE / 4 AS d, (i % 5 - 2)::FLOAT AS f, (i % 300) * 1000000000000"
                + " AS l, (i % 9 - 4)::INTEGER AS n, CASE WHEN i % 4 = 1 THEN NULL ELSE (i % 6)"
                + " * 0.5 END::DOUBLE AS dn, CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 END::FLOAT"
                + " AS fn, CASE WHEN i BETWEEN 1000 AND 40000 THEN NULL ELSE i % 17 END::BIGINT AS"
                + " ln, CASE WHEN i % 10 = 9 THEN NULL ELSE (i % 100) - 50 END::INTEGER AS nn,"
                + " 42::INTEGER AS one, CASE WHEN i % 2 = 0 THEN NULL ELSE 7.5 END::DOUBLE AS"
                + " onen FROM range(130000) t(i)",
            "COMPRESSION " + compression + ", ROW_GROUP_SIZE 122880");
    Layout layout = layout(file);
    List<String> columns = new ArrayList<>(MIXED);
    columns.add("one");
    columns.add("onen");
    List<FeatureType> types = new ArrayList<>(MIXED_TYPES);
    types.add(ScalarType.INT32);
    types.add(ScalarType.FLOAT64);
    for (String c : columns) {
      assertThat(layout.encodingsOf(c))
          .as("encodings of " + c)
          .isNotEmpty()
          .allMatch(e -> e.equals("PLAIN_DICTIONARY") || e.equals("RLE_DICTIONARY"));
    }
    long[] rows = chosen(layout, 130000, 400);
    assertSameAsDuckDb(file, columns, types, rows);
  }

  @Test
  void zstdIsUnsupported() throws Exception {
    Path file = write("zstd", MIXED_SELECT, "COMPRESSION zstd");
    assertUnsupported(file, MIXED, MIXED_TYPES);
  }

  @Test
  void dataPageV2IsUnsupported() throws Exception {
    for (String compression : List.of("uncompressed", "snappy")) {
      Path file =
          write(
              "v2-" + compression, MIXED_SELECT, "PARQUET_VERSION v2, COMPRESSION " + compression);
      for (int c = 0; c < MIXED.size(); c++) {
        assertUnsupported(file, List.of(MIXED.get(c)), List.of(MIXED_TYPES.get(c)));
      }
      assertUnsupported(file, MIXED, MIXED_TYPES);
    }
  }

  @Test
  void otherTypesAndTypeMismatchesAreUnsupported() throws Exception {
    Path file =
        write(
            "others",
            "SELECT (i * 0.125)::DECIMAL(18, 3) AS dec, (i * 0.5)::DECIMAL(4, 1) AS dec4, 'x' || i"
                + " AS s, i::INTEGER AS n, i::BIGINT AS l, i::DOUBLE AS d, i::FLOAT AS f,"
                + " i::SMALLINT AS sm, i::TINYINT AS ti, i::UINTEGER AS ui, i::UBIGINT AS ub,"
                + " DATE '2020-01-01' + i::INTEGER AS dt FROM range(100) t(i)",
            "");
    Object[][] cases = {
      {"dec", ScalarType.FLOAT64},
      {"dec", ScalarType.INT64},
      {"dec4", ScalarType.INT32},
      {"dec4", ScalarType.FLOAT64},
      {"s", ScalarType.FLOAT64},
      {"s", ScalarType.STRING},
      {"n", ScalarType.FLOAT64},
      {"n", ScalarType.INT64},
      {"l", ScalarType.INT32},
      {"l", ScalarType.FLOAT64},
      {"d", ScalarType.FLOAT32},
      {"d", ScalarType.INT64},
      {"f", ScalarType.FLOAT64},
      {"sm", ScalarType.INT32},
      {"ti", ScalarType.INT32},
      {"ui", ScalarType.INT32},
      {"ui", ScalarType.INT64},
      {"ub", ScalarType.INT64},
      {"dt", ScalarType.INT32},
      {"missing", ScalarType.INT32},
    };
    for (Object[] c : cases) {
      assertUnsupported(file, List.of((String) c[0]), List.of((FeatureType) c[1]));
      // also behind a column that is read
      assertUnsupported(
          file, List.of("n", (String) c[0]), List.of(ScalarType.INT32, (FeatureType) c[1]));
    }
    // the matching declarations are read
    assertSameAsDuckDb(
        file,
        List.of("N", "l", "d", "f"),
        List.of(ScalarType.INT32, ScalarType.INT64, ScalarType.FLOAT64, ScalarType.FLOAT32),
        new long[] {0, 0, 5, 99, 99});
  }

  /**
   * DuckDB writes a column chunk as one page up to 100 MB, so column chunks of several pages, each
   * column paged differently, are written here by hand (PLAIN and dictionary pages, REQUIRED and
   * OPTIONAL columns, NULL counts in the statistics or not, whole pages of NULLs, a dictionary of
   * one value, dictionary pages followed by PLAIN ones); DuckDB reads them for the comparison.
   */
  @ParameterizedTest(name = "codec {0}")
  @ValueSource(strings = {"UNCOMPRESSED", "SNAPPY"})
  void columnChunksOfManyPages(String codec) throws Exception {
    int[] groups = {5000, 1, 7000, 2};
    int total = Arrays.stream(groups).sum();
    Random random = new Random(11);
    List<HandColumn> columns =
        List.of(
            new HandColumn("d", Type.DOUBLE, true, false, true, new int[] {1, 700, 2, 1500}),
            new HandColumn("dd", Type.DOUBLE, true, true, false, new int[] {999, 1, 2500}),
            new HandColumn("dm", Type.DOUBLE, true, true, true, new int[] {600, 1, 900}),
            new HandColumn("f", Type.FLOAT, false, false, false, new int[] {3000, 64}),
            new HandColumn("fd", Type.FLOAT, true, true, true, new int[] {100, 1001}),
            new HandColumn("l", Type.INT64, false, true, true, new int[] {2, 3, 4000}),
            new HandColumn("ln", Type.INT64, true, false, false, new int[] {1234}),
            new HandColumn("n", Type.INT32, true, true, true, new int[] {500, 7}),
            new HandColumn("n1", Type.INT32, false, true, false, new int[] {4096}),
            new HandColumn("nr", Type.INT32, false, false, true, new int[] {1, 1, 2047}));
    List<Long[]> values = new ArrayList<>();
    for (HandColumn c : columns) {
      Long[] v = new Long[total];
      for (int i = 0; i < total; i++) {
        boolean isNull =
            c.optional()
                && !c.name().equals("fd")
                && (i % 13 == 5 || (i >= 1000 && i < 3600) || (i >= 9000 && i < 9100));
        if (isNull) {
          continue;
        }
        long x =
            c.dictionary()
                ? (c.name().equals("n1") ? 77 : random.nextInt(c.name().equals("n") ? 300 : 9) - 4)
                : random.nextLong();
        v[i] =
            switch (c.type()) {
              case DOUBLE ->
                  Double.doubleToRawLongBits(
                      c.dictionary() ? x * 0.75 : random.nextGaussian() * 1e6);
              case FLOAT ->
                  (long)
                      Float.floatToRawIntBits(
                          c.dictionary() ? x * 0.5f : (float) random.nextGaussian());
              case INT32 -> (long) (int) x;
              default -> x;
            };
      }
      values.add(v);
    }
    Path file = dir.resolve("hand-" + codec + ".parquet");
    writeByHand(file, columns, values, groups, CompressionCodec.valueOf(codec));
    Layout layout = layout(file);
    assertThat(layout.pagesPerChunk("d")).as("pages of d's chunks").containsExactly(10, 1, 14, 2);
    assertThat(layout.encodingsOf("dd")).containsOnly("PLAIN_DICTIONARY");
    assertThat(layout.encodingsOf("dm")).contains("PLAIN_DICTIONARY", "PLAIN");
    List<String> names = columns.stream().map(HandColumn::name).toList();
    List<FeatureType> types =
        columns.stream()
            .map(
                c ->
                    (FeatureType)
                        switch (c.type()) {
                          case DOUBLE -> ScalarType.FLOAT64;
                          case FLOAT -> ScalarType.FLOAT32;
                          case INT64 -> ScalarType.INT64;
                          default -> ScalarType.INT32;
                        })
            .toList();
    long[] rows = chosen(layout, total, 300);
    assertSameAsDuckDb(file, names, types, rows);
    for (int c = 0; c < names.size(); c++) {
      assertSameAsDuckDb(file, List.of(names.get(c)), List.of(types.get(c)), rows);
    }
    // rows of one page only, and of pages that are all NULL
    assertSameAsDuckDb(file, names, types, new long[] {1500, 1501, 1501, 2000, 3599, 3600});
    long[] all = new long[total];
    Arrays.setAll(all, i -> i);
    assertSameAsDuckDb(file, names, types, all);
  }

  // Through the engine ---------------------------------------------------------------------------

  private static final String REPO_DEFINITIONS =
      """
      entities:
        - {name: item, join_keys: [item_id], value_type: INT64}
      sources:
        - {name: one, type: file, path: data/one.parquet, timestamp_field: ts}
        - {name: many, type: file, path: data/many, timestamp_field: ts}
        - {name: packed, type: file, path: data/packed.parquet, timestamp_field: ts}
      feature_views:
        - {name: single, entities: [item], source: one, schema: [{name: d, dtype: Float64},
           {name: f, dtype: Float32}, {name: l, dtype: Int64}, {name: n, dtype: Int32}]}
        - {name: multi, entities: [item], source: many, ttl: 2d, schema: [{name: n, dtype: Int32},
           {name: d, dtype: Float64}, {name: l, dtype: Int64}, {name: f, dtype: Float32}]}
        - {name: zstd, entities: [item], source: packed, schema: [{name: d, dtype: Float64},
           {name: f, dtype: Float32}, {name: l, dtype: Int64}, {name: n, dtype: Int32}]}
      """;

  /** Rows {@code i} of a source: pairs of rows tie on key and time (the second wins). */
  private static String sourceRows(String from, String offset) {
    return "SELECT ((i // 2) % 101)::BIGINT AS item_id, TIMESTAMPTZ '2025-01-01 00:00:00+00' +"
        + " to_minutes((i // 2) * 5) AS ts, CASE WHEN i % 11 = 3 THEN NULL ELSE i + "
        + offset
        + " + 0.25 END::DOUBLE AS d, CASE WHEN i % 13 = 4 THEN NULL ELSE (i + "
        + offset
        + ") * 0.5 END::FLOAT AS f, CASE WHEN i % 17 = 5 THEN NULL ELSE (i + "
        + offset
        + ") * 1000003 - 7 END::BIGINT AS l, ((i + "
        + offset
        + ") * 3 - 100000)::INTEGER AS n FROM "
        + from
        + " ORDER BY i";
  }

  static Path repo;
  static dev.larder.core.model.RepoDefinitions definitions;

  /**
   * A repository of three sources of the same columns (DOUBLE, FLOAT, BIGINT and INTEGER features
   * with NULLs): {@code one.parquet} (one file of several row groups), {@code many/} (files a, b, c
   * and d: b repeats every 4th row of a with other values, an exact tie that b wins by file order;
   * c has no rows; d has later rows) and {@code packed.parquet} (ZSTD, which the reader does not
   * read); and 600 entity rows over keys present and absent and times on and between source rows.
   */
  private static void writeRepository() throws Exception {
    repo = dir.resolve("repo");
    Path many = repo.resolve("data/many");
    Files.createDirectories(many);
    Files.writeString(repo.resolve("features.yaml"), REPO_DEFINITIONS);
    execute(
        "COPY ("
            + sourceRows("range(30000) t(i)", "0")
            + ") TO '"
            + repo.resolve("data/one.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 8192)");
    execute(
        "COPY ("
            + sourceRows("range(30000) t(i)", "0")
            + ") TO '"
            + repo.resolve("data/packed.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 8192, COMPRESSION zstd)");
    execute(
        "COPY ("
            + sourceRows("range(12000) t(i)", "0")
            + ") TO '"
            + many.resolve("a.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 4096)");
    execute(
        "COPY ("
            + sourceRows("range(12000) t(i) WHERE i % 4 = 1", "500000")
            + ") TO '"
            + many.resolve("b.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 2048, COMPRESSION uncompressed)");
    execute(
        "COPY ("
            + sourceRows("range(10) t(i) WHERE false", "0")
            + ") TO '"
            + many.resolve("c.parquet")
            + "' (FORMAT PARQUET)");
    execute(
        "COPY ("
            + sourceRows("range(12000, 30000) t(i)", "900000")
            + ") TO '"
            + many.resolve("d.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 6144)");
    execute(
        "COPY (SELECT ((j * 37) % 105 - 2)::BIGINT AS item_id, TIMESTAMPTZ '2025-01-01"
            + " 00:00:00+00' + to_minutes(((j * 7919) % 80000) // 5 * 5) + CASE WHEN j % 3 = 0 THEN"
            + " INTERVAL 0 SECOND WHEN j % 3 = 1 THEN INTERVAL 150 SECOND ELSE -INTERVAL 1"
            + " MICROSECOND END AS event_timestamp FROM range(600) t(j) ORDER BY hash(j)) TO '"
            + repo.resolve("entities.parquet")
            + "' (FORMAT PARQUET)");
    definitions = dev.larder.core.repo.DefinitionLoader.load(repo);
  }

  /**
   * Each view alone and two views side by side (each on a connection of its own), by the plan that
   * decides winners first and fetches their features (late_materialization_cells 0: from the
   * Parquet files, or by DuckDB for the ZSTD file), equal the single-statement plan's result and a
   * brute-force pick, value by value.
   */
  @ParameterizedTest(name = "views {0}, direct_join_limit {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "multi, 0",
    "single+multi, 10000000",
    "zstd+single, 0"
  })
  void theEngineFetchesWhatBruteForcePicks(String views, long directLimit) throws Exception {
    List<dev.larder.core.model.FeatureReference> references = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (String view : views.split("\\+")) {
      for (String feature : List.of("d", "f", "l", "n")) {
        references.add(dev.larder.core.model.FeatureReference.parse(view + ":" + feature));
        outputs.add(view + "__" + feature);
      }
    }
    dev.larder.core.offline.RetrievalPlan plan =
        dev.larder.core.offline.RetrievalPlan.forReferences(
            references, dev.larder.core.offline.DefinitionLookup.of(definitions), true);
    dev.larder.core.offline.HistoricalRequest request =
        new dev.larder.core.offline.HistoricalRequest(
            new dev.larder.core.offline.EntityRows.ParquetFile(repo.resolve("entities.parquet")),
            plan,
            false);
    List<String> late = frameRows(request, outputs, directLimit, 0);
    List<String> single = frameRows(request, outputs, directLimit, Long.MAX_VALUE);
    List<String> expected = bruteForce(views.split("\\+"));
    assertThat(late).hasSize(600);
    assertThat(single).as("the single-statement plan").containsExactlyElementsOf(expected);
    assertThat(late).as("the narrow-first plan").containsExactlyElementsOf(expected);
    assertThat(expected.stream().filter(r -> !r.contains("|null/null/null/null")).count())
        .as("rows matched in every view")
        .isGreaterThan(200);
  }

  /**
   * {@link ParquetWinners} straight on a view's scan: winners spread over every file (positions
   * {@code file index * 2^40 + row}), sparse or each row chosen several times (in batches of at
   * most 20,000 values, so many batches read on three threads), give the table DuckDB's fetch of
   * the same positions gives; a ZSTD source is left to DuckDB, with no table made.
   */
  @ParameterizedTest(name = "view {0}, copies {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "single, 1, true",
    "multi, 1, true",
    "multi, 3, true",
    "zstd, 1, false"
  })
  void parquetWinnersFetchesWhatDuckDbFetches(String viewName, int copies, boolean read)
      throws Exception {
    List<dev.larder.core.model.FeatureReference> references = new ArrayList<>();
    for (String feature : List.of("n", "d", "f", "l")) {
      references.add(dev.larder.core.model.FeatureReference.parse(viewName + ":" + feature));
    }
    dev.larder.core.offline.ViewPlan view =
        dev.larder.core.offline.RetrievalPlan.forReferences(
                references, dev.larder.core.offline.DefinitionLookup.of(definitions), false)
            .views()
            .get(0);
    try (SourceSchemas schemas = SourceSchemas.open(repo);
        Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      SourceScan scan = SourceScan.open(c, schemas, view, "src", null, null);
      assertThat(scan.files()).hasSize(viewName.equals("multi") ? 4 : 1);
      PitQuery.ViewJoin join =
          new PitQuery.ViewJoin(scan, List.of(), false, PitQuery.Strategy.DIRECT, List.of());
      String sparse = copies == 1 ? " WHERE (__pos % " + SourceScan.FILE_STRIDE + ") % 7 < 2" : "";
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TEMP TABLE picks AS SELECT row_number() OVER (ORDER BY hash(__pos, k)) AS"
                + " __row, __pos FROM (SELECT __pos FROM ("
                + scan.fetchSelect()
                + ")"
                + sparse
                + "), range("
                + copies
                + ") r(k)");
      }
      long picks = count(c, "picks");
      assertThat(ParquetWinners.fetch(c, join, "picks", "raw", 3, 20_000)).isEqualTo(read);
      if (!read) {
        assertThat(count(c, "(SELECT * FROM duckdb_tables() WHERE table_name = 'raw')")).isZero();
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TEMP TABLE sql AS " + PitQuery.fetch(join, "picks"));
      }
      assertThat(count(c, "raw")).isEqualTo(picks);
      assertThat(count(c, "sql")).isEqualTo(picks);
      assertThat(
              count(
                  c,
                  "raw r JOIN sql s ON r.__row = s.__row AND r.__v0 IS NOT DISTINCT FROM s.__v0"
                      + " AND r.__v1 IS NOT DISTINCT FROM s.__v1 AND r.__v2 IS NOT DISTINCT FROM"
                      + " s.__v2 AND r.__v3 IS NOT DISTINCT FROM s.__v3"))
          .as("rows read as DuckDB fetches them")
          .isEqualTo(picks);
      assertThat(count(c, "(SELECT * FROM raw WHERE __v1 IS NULL)")).isPositive();
    }
  }

  private static long count(Connection c, String relation) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + relation)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> frameRows(
      dev.larder.core.offline.HistoricalRequest request,
      List<String> outputs,
      long directLimit,
      long lateCells) {
    dev.larder.core.offline.TrainingFrame frame;
    try (dev.larder.core.offline.OfflineEngine engine =
        DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 2, directLimit, lateCells))) {
      frame = engine.getHistoricalFeatures(request);
    }
    List<String> rows = new ArrayList<>();
    for (int row = 0; row < frame.rowCount(); row++) {
      StringBuilder line = new StringBuilder();
      line.append(frame.column("item_id").get(row))
          .append('@')
          .append(frame.column("event_timestamp").get(row));
      for (int c = 0; c < outputs.size(); c++) {
        Object v = frame.column(outputs.get(c)).get(row);
        line.append(c % 4 == 0 ? "|" : "/").append(format(outputs.get(c), v));
      }
      rows.add(line.toString());
    }
    return rows;
  }

  private static String format(String output, Object v) {
    if (v == null) {
      return "null";
    }
    Number x = (Number) v;
    return switch (output.substring(output.length() - 1)) {
      case "d" -> Double.toString(x.doubleValue());
      case "f" -> Float.toString(x.floatValue());
      default -> Long.toString(x.longValue());
    };
  }

  /**
   * B5's pick by brute force over each view's files: per entity row, the candidate of its key at or
   * before its time (and within the ttl) that is latest, then last by file name and row.
   */
  private static List<String> bruteForce(String[] views) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "WITH e AS (SELECT file_row_number AS r, item_id, event_timestamp AS t FROM"
                + " read_parquet('"
                + repo.resolve("entities.parquet")
                + "', file_row_number = true))");
    List<String> columns = new ArrayList<>(List.of("e.r", "e.item_id", "e.t"));
    StringBuilder joins = new StringBuilder();
    for (int v = 0; v < views.length; v++) {
      String files =
          switch (views[v]) {
            case "single" -> "data/one.parquet";
            case "multi" -> "data/many/*.parquet";
            default -> "data/packed.parquet";
          };
      String ttl = views[v].equals("multi") ? " AND s.ts >= e.t - INTERVAL 2 DAY" : "";
      sql.append(", p")
          .append(v)
          .append(" AS (SELECT e.r, s.d, s.f, s.l, s.n, row_number() OVER (PARTITION BY e.r ORDER")
          .append(" BY s.ts DESC, s.fn DESC, s.rn DESC) AS k FROM e JOIN (SELECT *, filename AS")
          .append(" fn, file_row_number AS rn FROM read_parquet('")
          .append(repo.resolve(files))
          .append("', filename = true, file_row_number = true)) s ON s.item_id = e.item_id AND")
          .append(" s.ts <= e.t")
          .append(ttl)
          .append(")");
      for (String f : List.of("d", "f", "l", "n")) {
        columns.add("p" + v + "." + f);
      }
      joins
          .append(" LEFT JOIN p")
          .append(v)
          .append(" ON p")
          .append(v)
          .append(".r = e.r AND p")
          .append(v)
          .append(".k = 1");
    }
    sql.append(" SELECT ")
        .append(String.join(", ", columns))
        .append(" FROM e")
        .append(joins)
        .append(" ORDER BY e.r");
    List<String> rows = new ArrayList<>();
    try (Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(sql.toString())) {
        while (rs.next()) {
          StringBuilder line = new StringBuilder();
          line.append(rs.getLong(2))
              .append('@')
              .append(rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
          for (int c = 0; c < views.length * 4; c++) {
            Object v = rs.getObject(4 + c);
            String name = "x__" + "dfln".charAt(c % 4);
            Object value =
                v == null
                    ? null
                    : switch (c % 4) {
                      case 0 -> rs.getDouble(4 + c);
                      case 1 -> rs.getFloat(4 + c);
                      default -> rs.getLong(4 + c);
                    };
            line.append(c % 4 == 0 ? "|" : "/").append(format(name, value));
          }
          rows.add(line.toString());
        }
      }
    }
    return rows;
  }

  // ---------------------------------------------------------------------------------------------

  private static Path write(String name, String select, String options) throws SQLException {
    Path file = dir.resolve(name + ".parquet");
    execute(
        "COPY ("
            + select
            + ") TO '"
            + file
            + "' (FORMAT PARQUET"
            + (options.isBlank() ? "" : ", " + options)
            + ")");
    return file;
  }

  private static void execute(String sql) throws SQLException {
    try (Statement s = duck.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Reads {@code rows} (ascending, duplicates allowed) through {@link ParquetRowFetch} a row group
   * at a time, as {@link ParquetWinners} does, and compares each value with DuckDB's.
   */
  private static void assertSameAsDuckDb(
      Path file, List<String> columns, List<FeatureType> dtypes, long[] rows) throws Exception {
    ParquetRowFetch.Column[] out = columns(columns.size(), rows.length);
    try (ParquetRowFetch reader = ParquetRowFetch.open(file, columns, dtypes)) {
      long[] starts = reader.rowGroupStarts();
      int i = 0;
      for (int g = 0; g + 1 < starts.length; g++) {
        int to = i;
        while (to < rows.length && rows[to] < starts[g + 1]) {
          to++;
        }
        if (to > i) {
          reader.read(g, starts[g], rows, i, to, out);
        }
        i = to;
      }
      assertThat(i).as("rows within the file").isEqualTo(rows.length);
    }
    Map<Long, List<String>> expected = duckDbValues(file, columns, dtypes, rows);
    List<String> actual = new ArrayList<>();
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < columns.size(); c++) {
        String at = "row " + rows[i] + " (#" + i + ") " + columns.get(c) + " = ";
        actual.add(at + text(out[c], i, dtypes.get(c)));
        wanted.add(at + expected.get(rows[i]).get(c));
      }
    }
    if (!actual.equals(wanted)) {
      assertThat(actual).as(file.getFileName() + " " + columns).containsExactlyElementsOf(wanted);
    }
  }

  private static String text(ParquetRowFetch.Column column, int i, FeatureType dtype) {
    if (column.nulls()[i]) {
      return "NULL";
    }
    long v = column.values()[i];
    if (dtype == ScalarType.FLOAT64) {
      return Double.toString(Double.longBitsToDouble(v));
    }
    if (dtype == ScalarType.FLOAT32) {
      assertThat(v)
          .as("a FLOAT's bits widened")
          .isBetween((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE);
      return Float.toString(Float.intBitsToFloat((int) v));
    }
    if (dtype == ScalarType.INT32) {
      assertThat(v)
          .as("an INT32 widened")
          .isBetween((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE);
    }
    return Long.toString(v);
  }

  /** DuckDB's values of {@code rows}, by row, as {@link #text} writes them. */
  private static Map<Long, List<String>> duckDbValues(
      Path file, List<String> columns, List<FeatureType> dtypes, long[] rows) throws SQLException {
    StringJoiner select = new StringJoiner(", ");
    columns.forEach(c -> select.add(Sql.id(c)));
    TreeSet<Long> distinct = new TreeSet<>(Arrays.stream(rows).boxed().toList());
    StringJoiner in = new StringJoiner(", ", "(", ")");
    distinct.forEach(r -> in.add(r.toString()));
    String where = distinct.size() > 2000 ? "" : " WHERE file_row_number IN " + in;
    Map<Long, List<String>> values = new HashMap<>();
    try (Statement s = duck.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT file_row_number, "
                    + select
                    + " FROM read_parquet('"
                    + file
                    + "', file_row_number = true)"
                    + where)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
          Object v = rs.getObject(c + 2);
          FeatureType dtype = dtypes.get(c);
          if (v == null) {
            row.add("NULL");
          } else if (dtype == ScalarType.FLOAT64) {
            row.add(Double.toString(rs.getDouble(c + 2)));
          } else if (dtype == ScalarType.FLOAT32) {
            row.add(Float.toString(rs.getFloat(c + 2)));
          } else {
            row.add(Long.toString(rs.getLong(c + 2)));
          }
        }
        values.put(rs.getLong(1), row);
      }
    }
    return values;
  }

  private static void assertUnsupported(Path file, List<String> columns, List<FeatureType> dtypes)
      throws Exception {
    long[] rows = {0, 1, 1, 50, 99};
    assertThatThrownBy(
            () -> {
              try (ParquetRowFetch reader = ParquetRowFetch.open(file, columns, dtypes)) {
                long[] starts = reader.rowGroupStarts();
                ParquetRowFetch.Column[] out = columns(columns.size(), rows.length);
                int i = 0;
                for (int g = 0; g + 1 < starts.length; g++) {
                  int to = i;
                  while (to < rows.length && rows[to] < starts[g + 1]) {
                    to++;
                  }
                  if (to > i) {
                    reader.read(g, starts[g], rows, i, to, out);
                  }
                  i = to;
                }
              }
            })
        .as(file.getFileName() + " " + columns + " as " + dtypes)
        .isInstanceOf(ParquetRowFetch.Unsupported.class);
  }

  private static ParquetRowFetch.Column[] columns(int count, int n) {
    ParquetRowFetch.Column[] out = new ParquetRowFetch.Column[count];
    for (int c = 0; c < count; c++) {
      out[c] = new ParquetRowFetch.Column(new long[n], new boolean[n]);
    }
    return out;
  }

  /**
   * Rows to read: each row group's and each page's first and last row (of every column), some of
   * them chosen three times over, and {@code sparse} rows spread at random over the file.
   */
  private static long[] chosen(Layout layout, long total, int sparse) {
    List<Long> rows = new ArrayList<>();
    TreeSet<Long> edges = new TreeSet<>();
    for (long start : layout.groupStarts) {
      edges.add(start);
      edges.add(start - 1);
    }
    for (long start : layout.pageStarts) {
      edges.add(start);
      edges.add(start - 1);
      edges.add(start + 1);
    }
    Random random = new Random(7);
    for (int i = 0; i < sparse; i++) {
      edges.add((long) random.nextInt((int) total));
    }
    int k = 0;
    for (long row : edges) {
      if (row < 0 || row >= total) {
        continue;
      }
      rows.add(row);
      if (k++ % 3 == 0) {
        rows.add(row);
        rows.add(row);
      }
    }
    return rows.stream().mapToLong(Long::longValue).toArray();
  }

  /** A file's row groups, its data pages' first rows and what its chunks are encoded with. */
  private record Layout(
      long[] groupStarts,
      TreeSet<Long> pageStarts,
      List<String> codecs,
      List<String> valueEncodings,
      Map<String, List<String>> encodings,
      Map<String, List<Integer>> pages) {
    List<String> encodingsOf(String column) {
      return encodings.get(column);
    }

    List<Integer> pagesPerChunk(String column) {
      return pages.get(column);
    }
  }

  /** Lists {@code file}'s pages by reading their headers, to choose rows on their edges. */
  private static Layout layout(Path file) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(tail, size - 8);
      int length = tail.getInt(0);
      ByteBuffer footer = ByteBuffer.allocate(length);
      channel.read(footer, size - 8 - length);
      FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
      List<RowGroup> groups = meta.getRow_groups();
      long[] starts = new long[groups.size() + 1];
      TreeSet<Long> pageStarts = new TreeSet<>();
      List<String> codecs = new ArrayList<>();
      List<String> valueEncodings = new ArrayList<>();
      Map<String, List<String>> encodings = new HashMap<>();
      Map<String, List<Integer>> pages = new HashMap<>();
      for (int g = 0; g < groups.size(); g++) {
        starts[g + 1] = starts[g] + groups.get(g).getNum_rows();
        for (var chunk : groups.get(g).getColumns()) {
          ColumnMetaData md = chunk.getMeta_data();
          String column = md.getPath_in_schema().get(0);
          codecs.add(md.getCodec().name());
          long at = md.getData_page_offset();
          if (md.isSetDictionary_page_offset() && md.getDictionary_page_offset() > 0) {
            at = Math.min(at, md.getDictionary_page_offset());
          }
          ByteBuffer bytes = ByteBuffer.allocate((int) md.getTotal_compressed_size());
          channel.read(bytes, at);
          ByteArrayInputStream in = new ByteArrayInputStream(bytes.array());
          long row = starts[g];
          int count = 0;
          while (in.available() > 0) {
            PageHeader header = Util.readPageHeader(in);
            if (header.getType() == PageType.DATA_PAGE) {
              pageStarts.add(row);
              row += header.getData_page_header().getNum_values();
              String encoding = header.getData_page_header().getEncoding().name();
              valueEncodings.add(encoding);
              encodings.computeIfAbsent(column, c -> new ArrayList<>()).add(encoding);
              count++;
            }
            in.skip(header.getCompressed_page_size());
          }
          pages.computeIfAbsent(column, c -> new ArrayList<>()).add(count);
          assertThat(row).as("rows of " + column + " in group " + g).isEqualTo(starts[g + 1]);
        }
      }
      return new Layout(starts, pageStarts, codecs, valueEncodings, encodings, pages);
    }
  }

  /**
   * A column written by {@link #writeByHand}: its physical type, whether OPTIONAL, whether
   * dictionary-encoded, whether its statistics hold a NULL count, and the row counts of its pages
   * (repeated through each row group). Column {@code dm}'s pages after the third of each row group
   * are PLAIN, as writers fall back to when a dictionary grows too large.
   */
  private record HandColumn(
      String name,
      Type type,
      boolean optional,
      boolean dictionary,
      boolean nullCount,
      int[] pages) {}

  /**
   * Writes a Parquet file of {@code columns} with {@code values} (a DOUBLE's or FLOAT's bits, or
   * the integer; null for NULL) in row groups of {@code groups} rows, each column chunk in version
   * 1 data pages of the column's page sizes, compressed with {@code codec}.
   */
  private static void writeByHand(
      Path file,
      List<HandColumn> columns,
      List<Long[]> values,
      int[] groups,
      CompressionCodec codec)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    List<RowGroup> rowGroups = new ArrayList<>();
    int groupStart = 0;
    for (int rowsInGroup : groups) {
      List<ColumnChunk> chunks = new ArrayList<>();
      long groupBytes = 0;
      for (int c = 0; c < columns.size(); c++) {
        HandColumn column = columns.get(c);
        Long[] v = values.get(c);
        int width = column.type() == Type.DOUBLE || column.type() == Type.INT64 ? 8 : 4;
        long chunkStart = out.size();
        long uncompressedTotal = 0;
        Map<Long, Integer> dictionary = new java.util.LinkedHashMap<>();
        ColumnMetaData md = new ColumnMetaData();
        if (column.dictionary()) {
          for (int i = groupStart; i < groupStart + rowsInGroup; i++) {
            if (v[i] != null) {
              dictionary.putIfAbsent(v[i], dictionary.size());
            }
          }
          ByteArrayOutputStream entries = new ByteArrayOutputStream();
          for (long e : dictionary.keySet()) {
            writeLittleEndian(entries, e, width);
          }
          PageHeader header = new PageHeader();
          header.setType(PageType.DICTIONARY_PAGE);
          DictionaryPageHeader dict = new DictionaryPageHeader();
          dict.setNum_values(dictionary.size());
          dict.setEncoding(Encoding.PLAIN);
          header.setDictionary_page_header(dict);
          uncompressedTotal += writePage(out, header, entries.toByteArray(), codec);
          md.setDictionary_page_offset(chunkStart);
        }
        int bitWidth = 32 - Integer.numberOfLeadingZeros(Math.max(0, dictionary.size() - 1));
        long dataStart = out.size();
        int nulls = 0;
        int page = 0;
        for (int a = groupStart; a < groupStart + rowsInGroup; ) {
          int b =
              Math.min(
                  groupStart + rowsInGroup, a + column.pages()[page++ % column.pages().length]);
          boolean dictionaryPage = column.dictionary() && !(column.name().equals("dm") && page > 3);
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          if (column.optional()) {
            RunLengthBitPackingHybridEncoder levels =
                new RunLengthBitPackingHybridEncoder(1, 64, 1 << 20, new HeapByteBufferAllocator());
            for (int i = a; i < b; i++) {
              levels.writeInt(v[i] == null ? 0 : 1);
            }
            byte[] bytes = levels.toBytes().toByteArray();
            writeLittleEndian(body, bytes.length, 4);
            body.write(bytes);
          }
          if (dictionaryPage) {
            body.write(bitWidth);
            RunLengthBitPackingHybridEncoder indices =
                new RunLengthBitPackingHybridEncoder(
                    bitWidth, 64, 1 << 20, new HeapByteBufferAllocator());
            for (int i = a; i < b; i++) {
              if (v[i] != null) {
                indices.writeInt(dictionary.get(v[i]));
              }
            }
            body.write(indices.toBytes().toByteArray());
          } else {
            for (int i = a; i < b; i++) {
              if (v[i] != null) {
                writeLittleEndian(body, v[i], width);
              }
            }
          }
          for (int i = a; i < b; i++) {
            nulls += v[i] == null ? 1 : 0;
          }
          PageHeader header = new PageHeader();
          header.setType(PageType.DATA_PAGE);
          DataPageHeader data = new DataPageHeader();
          data.setNum_values(b - a);
          data.setEncoding(dictionaryPage ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN);
          data.setDefinition_level_encoding(Encoding.RLE);
          data.setRepetition_level_encoding(Encoding.RLE);
          header.setData_page_header(data);
          uncompressedTotal += writePage(out, header, body.toByteArray(), codec);
          a = b;
        }
        md.setType(column.type());
        md.setEncodings(
            List.of(
                Encoding.RLE, column.dictionary() ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN));
        md.setPath_in_schema(List.of(column.name()));
        md.setCodec(codec);
        md.setNum_values(rowsInGroup);
        md.setTotal_uncompressed_size(uncompressedTotal);
        md.setTotal_compressed_size(out.size() - chunkStart);
        md.setData_page_offset(dataStart);
        if (column.nullCount()) {
          Statistics statistics = new Statistics();
          statistics.setNull_count(nulls);
          md.setStatistics(statistics);
        }
        ColumnChunk chunk = new ColumnChunk();
        chunk.setFile_offset(chunkStart);
        chunk.setMeta_data(md);
        chunks.add(chunk);
        groupBytes += uncompressedTotal;
      }
      RowGroup group = new RowGroup();
      group.setColumns(chunks);
      group.setNum_rows(rowsInGroup);
      group.setTotal_byte_size(groupBytes);
      rowGroups.add(group);
      groupStart += rowsInGroup;
    }
    List<SchemaElement> schema = new ArrayList<>();
    SchemaElement root = new SchemaElement();
    root.setName("schema");
    root.setNum_children(columns.size());
    schema.add(root);
    for (HandColumn column : columns) {
      SchemaElement leaf = new SchemaElement();
      leaf.setName(column.name());
      leaf.setType(column.type());
      leaf.setRepetition_type(
          column.optional() ? FieldRepetitionType.OPTIONAL : FieldRepetitionType.REQUIRED);
      schema.add(leaf);
    }
    FileMetaData meta = new FileMetaData();
    meta.setVersion(1);
    meta.setSchema(schema);
    meta.setNum_rows(groupStart);
    meta.setRow_groups(rowGroups);
    meta.setCreated_by("larder ParquetRowFetchTest");
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    Util.writeFileMetaData(meta, footer);
    out.write(footer.toByteArray());
    writeLittleEndian(out, footer.size(), 4);
    out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    Files.write(file, out.toByteArray());
  }

  /** Writes a page's header and (compressed) body; returns its uncompressed size with header. */
  private static long writePage(
      ByteArrayOutputStream out, PageHeader header, byte[] body, CompressionCodec codec)
      throws Exception {
    byte[] stored = codec == CompressionCodec.SNAPPY ? Snappy.compress(body) : body;
    header.setUncompressed_page_size(body.length);
    header.setCompressed_page_size(stored.length);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    Util.writePageHeader(header, head);
    out.write(head.toByteArray());
    out.write(stored);
    return head.size() + body.length;
  }

  private static void writeLittleEndian(ByteArrayOutputStream out, long value, int width) {
    for (int b = 0; b < width; b++) {
      out.write((int) (value >>> (8 * b)) & 0xff);
    }
  }
}
