package dev.larder.core.source;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.Definition;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Field;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Names;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.SparkSource;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.repo.RepoConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks definitions against the data they read (DESIGN B4): each file source's data exists, its
 * {@code timestamp_field} and {@code created_timestamp_column} are timestamps (or ISO-8601 text in
 * a CSV file), its {@code field_mapping} names real columns; each feature view's join keys and
 * features have a column (after {@code field_mapping}) whose type can be cast to the declared one.
 * The first problem is thrown, naming the definition's file and line, the object, the column, the
 * columns that exist and the fix.
 */
public final class SourceValidator {
  private final RepoDefinitions definitions;
  private final OfflineEngine engine;
  private final Set<BatchSource> checked = new HashSet<>();

  private SourceValidator(RepoDefinitions definitions, OfflineEngine engine) {
    this.definitions = definitions;
    this.engine = engine;
  }

  /**
   * Checks {@code definitions} against the data of the repository {@code config} describes, as its
   * offline engine ({@code offline_store}) reads the data.
   */
  public static void validate(RepoConfig config, RepoDefinitions definitions) {
    try (OfflineEngine engine = OfflineEngine.open(config)) {
      validate(definitions, engine);
    }
  }

  /**
   * Checks {@code definitions} with schemas read by {@code engine} ({@link
   * OfflineEngine#describeSource}), so that a source only the engine can read (an {@code s3a://}
   * path for Spark, say) is checked where it lies.
   */
  public static void validate(RepoDefinitions definitions, OfflineEngine engine) {
    SourceValidator v = new SourceValidator(definitions, engine);
    definitions.sources().forEach(v::checkSource);
    definitions.featureViews().forEach(v::checkView);
  }

  private SourceSchema describe(Definition owner, DataSource source) {
    try {
      return engine.describeSource(source);
    } catch (NotFoundException e) {
      String origin = definitions.origin(owner).map(o -> o + ": ").orElse("");
      throw new NotFoundException(origin + e.getMessage(), e.hint(), e);
    } catch (InvalidDefinitionException e) {
      // a source this engine cannot read at all (a Spark source under DuckDB, say)
      Optional<String> origin = definitions.origin(owner);
      throw origin.isPresent() && !e.getMessage().startsWith(origin.get())
          ? e.within(origin.get())
          : e;
    }
  }

  private void checkSource(DataSource source) {
    BatchSource file = source.batchSource();
    if (!checked.add(file)) {
      return;
    }
    SourceSchema schema = describe(source, source);
    for (Map.Entry<String, String> e : file.fieldMapping().entrySet()) {
      if (schema.column(e.getKey()).isEmpty()) {
        throw fail(
            source,
            "field_mapping names column "
                + Echo.of(e.getKey())
                + ", which is not in "
                + schema.location()
                + DidYouMean.sentenceEnd(e.getKey(), schema.columnNames())
                + " Its columns: "
                + Names.listing(schema.columnNames()));
      }
      if (schema.column(e.getValue()).isPresent()
          && !file.fieldMapping().containsKey(e.getValue())) {
        throw fail(
            source,
            "field_mapping renames column "
                + Echo.of(e.getKey())
                + " to "
                + Echo.of(e.getValue())
                + ", but "
                + schema.location()
                + " already has a column "
                + Echo.of(e.getValue())
                + "; map that column to another name too, or choose another name");
      }
    }
    checkTimestamp(source, file, schema, "timestamp_field", file.timestampField());
    if (file.createdTimestampColumn() != null) {
      checkTimestamp(
          source, file, schema, "created_timestamp_column", file.createdTimestampColumn());
    }
  }

  private void checkTimestamp(
      DataSource source, BatchSource file, SourceSchema schema, String key, String name) {
    SourceSchema.Column column = column(source, file, schema, key + " " + Echo.of(name), name);
    ColumnType.Family family = column.type().family();
    if (family == ColumnType.Family.TIMESTAMP || family == ColumnType.Family.DATE) {
      return;
    }
    if (family == ColumnType.Family.STRING
        && (file instanceof SparkSource || ((FileSource) file).format() == FileFormat.CSV)) {
      engine
          .firstNonTimestamp(source, column.name())
          .ifPresent(
              bad -> {
                throw fail(
                    source,
                    key
                        + " "
                        + Echo.of(name)
                        + ": column "
                        + Echo.of(column.name())
                        + " of "
                        + schema.location()
                        + " holds "
                        + Echo.of(bad)
                        + ", which is not an ISO-8601 time; write times like"
                        + " 2024-01-01T10:00:00Z (no offset means UTC)");
              });
      return;
    }
    throw fail(
        source,
        key
            + " "
            + Echo.of(name)
            + ": column "
            + Echo.of(column.name())
            + " of "
            + schema.location()
            + " is "
            + column.type()
            + "; it must be a TIMESTAMP, TIMESTAMP_TZ or DATE column (or ISO-8601"
            + " text in a CSV file). Convert the column, or name another one");
  }

  private void checkView(FeatureView view) {
    DataSource source = definitions.sourceOf(view);
    BatchSource file = source.batchSource();
    SourceSchema schema = describe(view, source);
    for (Entity entity : definitions.entitiesOf(view)) {
      for (String key : entity.joinKeys()) {
        String what = "join key " + Echo.of(key) + " of entity " + Echo.of(entity.name());
        SourceSchema.Column column = column(view, file, schema, what, key);
        ValueType type = entity.valueType();
        if (!type.featureType().castableFrom(column.type())) {
          String fix =
              FeatureType.naturalFor(column.type())
                  .filter(ScalarType.class::isInstance)
                  .map(
                      t ->
                          "change the entity's value_type to "
                              + ValueType.valueOf(((ScalarType) t).name()))
                  .orElse("use a column of a single-value type");
          throw fail(view, mismatch(what, type.name(), column, schema, fix));
        }
      }
    }
    for (Field field : view.schema()) {
      String what = "feature " + Echo.of(field.name());
      SourceSchema.Column column = column(view, file, schema, what, field.name());
      if (!field.dtype().castableFrom(column.type())) {
        String fix =
            FeatureType.naturalFor(column.type())
                .map(t -> "declare it as dtype: " + t.spelling())
                .orElse("declare a dtype that fits");
        throw fail(view, mismatch(what, field.dtype().spelling(), column, schema, fix));
      }
    }
  }

  private static String mismatch(
      String what, String declared, SourceSchema.Column column, SourceSchema schema, String fix) {
    return what
        + " is declared "
        + declared
        + ", but column "
        + Echo.of(column.name())
        + " of "
        + schema.location()
        + " is "
        + column.type()
        + ", which cannot be cast to "
        + declared
        + " (numbers cast to any number type; String needs text, Bool booleans, Bytes blobs,"
        + " UnixTimestamp timestamps); "
        + fix
        + ", or fix the data";
  }

  /** The column that {@code name} (a name after field_mapping) reads, or an error. */
  private SourceSchema.Column column(
      Definition owner, BatchSource file, SourceSchema schema, String what, String name) {
    String columnName = file.sourceColumn(name);
    return schema
        .column(columnName)
        .orElseThrow(
            () ->
                fail(
                    owner,
                    what
                        + (columnName.equals(name)
                            ? " has no column"
                            : " reads column "
                                + Echo.of(columnName)
                                + " (by field_mapping), which is not")
                        + " in "
                        + (owner.equals(file)
                            ? schema.location()
                            : file.label() + " (" + schema.location() + ")")
                        + DidYouMean.sentenceEnd(columnName, schema.columnNames())
                        + " Its columns: "
                        + Names.listing(schema.columnNames())
                        + ". Fix the name, or map a column to it with field_mapping"));
  }

  private InvalidDefinitionException fail(Definition definition, String problem) {
    return new InvalidDefinitionException(definitions.locate(definition) + ": " + problem);
  }
}
