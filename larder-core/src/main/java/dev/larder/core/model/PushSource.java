package dev.larder.core.model;

import dev.larder.core.Echo;

/**
 * A source that accepts rows pushed by clients. Offline it is read through its batch source;
 * pushing {@code to: offline} appends a Parquet file to that source, which must then be a file
 * source whose path is a directory.
 *
 * @param name unique among sources
 * @param batchSource the source that holds the rows offline: a file source, or a Spark source
 *     (which the Spark engine reads, but which rows cannot be pushed to offline)
 */
public record PushSource(String name, BatchSource batchSource) implements DataSource {
  public PushSource {
    Names.require("push source name", name);
    Checks.required("push source " + Echo.of(name), "batch_source", batchSource);
  }

  @Override
  public String label() {
    return "push source " + Echo.of(name);
  }
}
