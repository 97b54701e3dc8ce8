package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidDefinitionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feast's file registry is told apart from other files, and a SQLite registry path holding one says
 * to import it.
 */
class FeastRegistryProbeTest {
  @TempDir Path dir;

  /**
   * The bytes of a small Registry message as protobuf writes it: registry_schema_version (field 3),
   * version_id (4), last_updated (5, a Timestamp with seconds) and one entity (1) with a name.
   */
  static byte[] feastRegistry() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] spec = field(new ByteArrayOutputStream(), 1, "driver".getBytes()).toByteArray();
    byte[] entity = field(new ByteArrayOutputStream(), 1, spec).toByteArray();
    field(out, 1, entity);
    field(out, 3, "1".getBytes(StandardCharsets.UTF_8));
    field(out, 4, "0f1e2d3c".getBytes(StandardCharsets.UTF_8));
    field(out, 5, new byte[] {0x08, (byte) 0x80, (byte) 0xc8, (byte) 0xf6, (byte) 0xc6, 0x06});
    return out.toByteArray();
  }

  private static ByteArrayOutputStream field(ByteArrayOutputStream out, int number, byte[] value) {
    out.write(number << 3 | 2);
    out.write(value.length);
    out.write(value, 0, value.length);
    return out;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  @Test
  void aSerializedRegistryIsOneAndOtherFilesAreNot() throws IOException {
    byte[] registry = feastRegistry();
    assertThat(FeastRegistryProbe.isFeastRegistry(write("registry.db", registry))).isTrue();
    byte[] truncated = Arrays.copyOf(registry, registry.length - 3);
    assertThat(FeastRegistryProbe.isFeastRegistry(write("cut.db", truncated))).isFalse();
    assertThat(FeastRegistryProbe.isFeastRegistry(write("empty.db", new byte[0]))).isFalse();
    byte[] text = "project: demo\nregistry: data/registry.db\n".getBytes(StandardCharsets.UTF_8);
    assertThat(FeastRegistryProbe.isFeastRegistry(write("text.db", text))).isFalse();
    byte[] sqlite = "SQLite format 3\0rest".getBytes(StandardCharsets.UTF_8);
    assertThat(FeastRegistryProbe.isFeastRegistry(write("sqlite.db", sqlite))).isFalse();
    assertThat(FeastRegistryProbe.isFeastRegistry(dir.resolve("missing.db"))).isFalse();
  }

  @Test
  void aRegistryPathHoldingFeastsRegistrySaysToImportIt() throws IOException {
    Path file = write("registry.db", feastRegistry());
    SqliteRegistryStore store = new SqliteRegistryStore(file, "demo");
    assertThatThrownBy(store::load)
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "the registry "
                + file
                + " is a Feast registry (a serialized feast.core.Registry), not a Larder registry")
        .satisfies(
            e ->
                assertThat(((InvalidDefinitionException) e).hint())
                    .contains("'larder import feast " + file + " --out DIR'"));
  }

  @Test
  void feastsSqlRegistryInSqliteSaysToImportItToo() throws Exception {
    Path file = dir.resolve("registry.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE feast_metadata (project_id TEXT, metadata_key TEXT)");
      s.execute("CREATE TABLE entities (entity_name TEXT, entity_proto BLOB)");
    }
    assertThatThrownBy(new SqliteRegistryStore(file, "demo")::load)
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "the registry "
                + file
                + " is a Feast registry (Feast's SQL registry in SQLite), not a Larder registry");
    assertThat(FeastRegistryProbe.isFeastSqlRegistry(List.of("entities", "data_sources")))
        .isFalse();
    assertThat(
            FeastRegistryProbe.isFeastSqlRegistry(
                List.of("entities", "data_sources", "feature_views")))
        .isTrue();
  }

  @Test
  void anotherFileThatIsNotADatabaseIsStillABackendError() throws IOException {
    byte[] text = new byte[4096];
    Arrays.fill(text, (byte) 'x');
    Path file = write("registry.db", text);
    assertThatThrownBy(new SqliteRegistryStore(file, "demo")::load)
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("is not a SQLite database");
  }
}
