package dev.larder.core.model;

/**
 * Where a feature view's rows come from: a {@link BatchSource} that offline engines read (a {@link
 * FileSource}, Parquet or CSV, or a {@link SparkSource}, a Spark table or query) or a {@link
 * PushSource} (rows pushed by clients, read offline from its batch source). Sources share one
 * namespace.
 */
public sealed interface DataSource extends Definition permits BatchSource, PushSource {
  /** The source read offline: this source itself, or a push source's batch source. */
  BatchSource batchSource();

  @Override
  default DefinitionKind kind() {
    return DefinitionKind.DATA_SOURCE;
  }
}
