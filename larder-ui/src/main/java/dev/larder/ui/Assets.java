package dev.larder.ui;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The UI's static files, served from the jar under {@code /ui/assets/{file}}: every file of {@code
 * src/main/resources/dev/larder/ui/assets/} by its name, and ECharts from its WebJar as {@code
 * echarts.min.js}. Nothing comes from the internet. Each is read once and kept in memory, with a
 * strong ETag.
 */
final class Assets {
  /** ECharts' minified build in the WebJar {@code org.webjars.npm:echarts}. */
  static final String ECHARTS_RESOURCE =
      "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";

  private static final String OWN = "dev/larder/ui/assets/";
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9][a-z0-9._-]*\\.(css|js|svg|png|ico)");
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  /** One file: its bytes, type and ETag. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Optional<Asset>> loaded = new ConcurrentHashMap<>();

  /** The file called {@code name}, if there is one. */
  Optional<Asset> get(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return loaded.computeIfAbsent(name, Assets::load);
  }

  private static Optional<Asset> load(String name) {
    String resource = name.equals("echarts.min.js") ? ECHARTS_RESOURCE : OWN + name;
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String ext = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of(new Asset(bytes, TYPES.get(ext), etag(bytes)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + " from the class path", e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The WebJar's version, from its Maven metadata in the jar. */
  private static String echartsVersion() {
    String pom = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(pom)) {
      if (in == null) {
        throw new IllegalStateException(
            "the ECharts WebJar is not on the class path (" + pom + ")");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }
}
