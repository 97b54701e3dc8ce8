package dev.larder.core.model;

import java.util.Locale;

/** The format of a file source, which follows its path. */
public enum FileFormat {
  /** A {@code .parquet} file, or a directory of {@code .parquet} files. */
  PARQUET("Parquet"),
  /** A {@code .csv} file with a header row. */
  CSV("CSV");

  private final String label;

  FileFormat(String label) {
    this.label = label;
  }

  /** How messages name the format: {@code Parquet}, {@code CSV}. */
  public String label() {
    return label;
  }

  /** The format of a source at {@code path}: a {@code .csv} file is CSV, anything else Parquet. */
  public static FileFormat ofPath(String path) {
    return path.strip().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : PARQUET;
  }
}
