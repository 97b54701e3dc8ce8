package dev.larder.cli.feast;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.cli.feast.proto.DataSource;
import dev.larder.cli.feast.proto.Entity;
import dev.larder.cli.feast.proto.FeatureService;
import dev.larder.cli.feast.proto.FeatureView;
import dev.larder.cli.feast.proto.NamedObject;
import dev.larder.cli.feast.proto.OnDemandFeatureView;
import dev.larder.cli.feast.proto.Permission;
import dev.larder.cli.feast.proto.Project;
import dev.larder.cli.feast.proto.Registry;
import dev.larder.cli.feast.proto.ValidationReference;
import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * Reads Feast's SQL registry kept in a SQLite file ({@code registry_type: sql} with a {@code
 * sqlite:///…} path): one table per kind of object, each row holding the object's serialized
 * message, gathered here into one {@code Registry} message as the file registry holds it.
 */
final class FeastSqlRegistry {
  /** One table of objects: its name, the column holding the message, and where it goes. */
  private record Table(String name, String column, Adder adder) {}

  @FunctionalInterface
  private interface Adder {
    void add(Registry.Builder registry, byte[] message) throws InvalidProtocolBufferException;
  }

  private static final List<Table> TABLES =
      List.of(
          new Table("projects", "project_proto", (r, b) -> r.addProjects(Project.parseFrom(b))),
          new Table("entities", "entity_proto", (r, b) -> r.addEntities(Entity.parseFrom(b))),
          new Table(
              "data_sources",
              "data_source_proto",
              (r, b) -> r.addDataSources(DataSource.parseFrom(b))),
          new Table(
              "feature_views",
              "feature_view_proto",
              (r, b) -> r.addFeatureViews(FeatureView.parseFrom(b))),
          new Table(
              "stream_feature_views",
              "feature_view_proto",
              (r, b) -> r.addStreamFeatureViews(NamedObject.parseFrom(b))),
          new Table(
              "on_demand_feature_views",
              "feature_view_proto",
              (r, b) -> r.addOnDemandFeatureViews(OnDemandFeatureView.parseFrom(b))),
          new Table(
              "label_views",
              "feature_view_proto",
              (r, b) -> r.addLabelViews(NamedObject.parseFrom(b))),
          new Table(
              "feature_services",
              "feature_service_proto",
              (r, b) -> r.addFeatureServices(FeatureService.parseFrom(b))),
          new Table(
              "saved_datasets",
              "saved_dataset_proto",
              (r, b) -> r.addSavedDatasets(NamedObject.parseFrom(b))),
          new Table(
              "validation_references",
              "validation_reference_proto",
              (r, b) -> r.addValidationReferences(ValidationReference.parseFrom(b))),
          new Table(
              "permissions",
              "permission_proto",
              (r, b) -> r.addPermissions(Permission.parseFrom(b))));

  private FeastSqlRegistry() {}

  /**
   * The registry in the SQLite file {@code file}, or null when the file does not have the tables of
   * Feast's SQL registry.
   */
  static Registry readOrNull(Path file, String shown) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties())) {
      Set<String> tables = tables(c);
      if (!tables.contains("entities") || !tables.contains("feature_views")) {
        return null;
      }
      Registry.Builder registry = Registry.newBuilder();
      for (Table table : TABLES) {
        if (tables.contains(table.name())) {
          read(c, table, registry, shown);
        }
      }
      return registry.build();
    } catch (SQLException e) {
      throw new BackendException(
          "cannot read the SQLite database " + shown + ": " + e.getMessage(), null, e);
    }
  }

  private static Set<String> tables(Connection c) throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (r.next()) {
        tables.add(r.getString(1));
      }
    }
    return tables;
  }

  private static void read(Connection c, Table table, Registry.Builder registry, String shown)
      throws SQLException {
    List<byte[]> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + table.column() + " FROM " + table.name())) {
      while (r.next()) {
        rows.add(r.getBytes(1));
      }
    }
    for (byte[] row : rows) {
      try {
        table.adder().add(registry, row == null ? new byte[0] : row);
      } catch (InvalidProtocolBufferException e) {
        throw new InvalidArgumentException(
            shown
                + " is not a Feast registry: a row of its table "
                + table.name()
                + " does not hold a Feast message ("
                + e.getMessage()
                + ")",
            "Give the registry that Feast's feature_store.yaml names, written by 'feast apply'",
            e);
      }
    }
  }
}
