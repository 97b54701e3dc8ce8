package dev.larder.core.model;

/**
 * Where a feature view's rows come from: a {@link FileSource} (Parquet or CSV) or a {@link
 * PushSource} (rows pushed by clients, read offline from its batch file source). Sources share one
 * namespace.
 */
public sealed interface DataSource extends Definition permits FileSource, PushSource {
  /** The file source read offline: this source itself, or a push source's batch source. */
  FileSource batchSource();

  @Override
  default DefinitionKind kind() {
    return DefinitionKind.DATA_SOURCE;
  }
}
