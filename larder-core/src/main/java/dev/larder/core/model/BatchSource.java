package dev.larder.core.model;

import java.util.Map;

/**
 * A source that an offline engine reads: a {@link FileSource} (Parquet or CSV files, read by every
 * engine) or a {@link SparkSource} (a table or query of a Spark catalog, read by the Spark engine
 * only). Both name the event-time column, an optional creation-time column and an optional {@code
 * field_mapping}, so point-in-time retrieval and materialization treat them alike.
 *
 * <p>{@code timestampField}, {@code createdTimestampColumn}, join keys and feature names are names
 * after {@code fieldMapping}; {@link #sourceColumn(String)} gives the column to read for each.
 */
public sealed interface BatchSource extends DataSource permits FileSource, SparkSource {
  /** The event-time column (a name after {@link #fieldMapping()}). */
  String timestampField();

  /** The creation-time column that breaks ties, or {@code null}. */
  String createdTimestampColumn();

  /** Source column → name, sorted by source column. */
  Map<String, String> fieldMapping();

  @Override
  default BatchSource batchSource() {
    return this;
  }

  /**
   * The column to read for {@code name} (a name after mapping): the column that {@code
   * field_mapping} renames to it, or the column of that name.
   */
  default String sourceColumn(String name) {
    for (Map.Entry<String, String> e : fieldMapping().entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return name;
  }
}
