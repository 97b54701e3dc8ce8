package dev.larder.ml.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions of the libraries a run used, read from the Maven metadata every jar carries (it
 * survives shading into the CLI jar), so a run record says exactly what produced it.
 */
public final class LibraryVersions {
  private static final String[][] LIBRARIES = {
    {"larder", "dev.larder", "larder-ml"},
    {"tribuo", "org.tribuo", "tribuo-core"},
    {"xgboost4j", "ml.dmlc", "xgboost4j_2.12"},
    {"sqlite_jdbc", "org.xerial", "sqlite-jdbc"},
    {"duckdb_jdbc", "org.duckdb", "duckdb_jdbc"},
    {"jackson", "com.fasterxml.jackson.core", "jackson-databind"},
  };

  private LibraryVersions() {}

  /**
   * Library name → version, starting with {@code java}; a library whose metadata is missing (a
   * build from an IDE, say) is reported as {@code unknown}.
   */
  public static Map<String, String> all() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("java", Runtime.version().toString());
    for (String[] lib : LIBRARIES) {
      versions.put(lib[0], mavenVersion(lib[1], lib[2]));
    }
    return versions;
  }

  private static String mavenVersion(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = LibraryVersions.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
