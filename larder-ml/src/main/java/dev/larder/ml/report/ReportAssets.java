package dev.larder.ml.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The scripts and styles of the report pages, read once from the classpath: ECharts from its WebJar
 * ({@code org.webjars.npm:echarts}, version {@value #ECHARTS_VERSION}), and the report's own chart
 * script and style sheet.
 */
public final class ReportAssets {
  /** The ECharts version the report pages inline; the parent pom pins the same WebJar. */
  public static final String ECHARTS_VERSION = "5.3.1";

  /** Where the ECharts WebJar keeps the minified library on the classpath. */
  public static final String ECHARTS_RESOURCE =
      "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

  private ReportAssets() {}

  /** ECharts' minified source. */
  public static String echarts() {
    return EchartsHolder.SOURCE;
  }

  /**
   * The report's chart script: draws, with ECharts' SVG renderer, the charts of every element
   * marked {@code data-larder-report} or {@code data-larder-compare} on the page, from the JSON in
   * its {@code script type="application/json"} child. Needs ECharts loaded first.
   */
  public static String chartScript() {
    return Holder.SCRIPT;
  }

  /** The report's style sheet (CSS). */
  public static String styles() {
    return Holder.STYLES;
  }

  private static String read(String resource) {
    try (InputStream in = ReportAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the resource " + resource + " is missing from the classpath; the build is incomplete");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }

  private static final class EchartsHolder {
    static final String SOURCE = read(ECHARTS_RESOURCE);
  }

  private static final class Holder {
    static final String SCRIPT = read("dev/larder/ml/report/report-charts.js");
    static final String STYLES = read("dev/larder/ml/report/report.css");
  }
}
