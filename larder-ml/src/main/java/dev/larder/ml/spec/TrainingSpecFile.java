package dev.larder.ml.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a training spec from YAML ({@code larder train --spec FILE}) and applies command-line
 * overrides. Unknown keys are errors (a typo must not be ignored). Schema, every key optional:
 *
 * <pre>
 * source: feature-store              # or direct
 * data: {db: data/database/sample_data.db, table: classification_data}
 * features:                          # one or more feature specs
 *   - {include: ["feature_*"], scaling: standard}     # standard | min-max | none
 * model:
 *   algorithm: logistic-regression   # random-forest | gradient-boosting
 *   hyperparameters: {c: 1.0}
 *   test_fraction: 0.2
 *   seed: 42
 *   stratified: true
 *   cv_folds: 0                      # 0 = none, else k in [2, 100]
 * feature_store:
 *   repo_path: feature_repo
 *   n_features: 20
 *   initialize_on_start: true
 *   force_recreate: false
 *   sample_indices: [0, 10, 20]
 *   timestamp: 2025-11-01            # ISO-8601; no offset = UTC
 * </pre>
 */
public final class TrainingSpecFile {
  private static final YAMLMapper YAML = new YAMLMapper();

  private TrainingSpecFile() {}

  /** Reads {@code file} (or the defaults when {@code null}) and applies {@code overrides}. */
  public static TrainingSpec resolve(Path file, TrainingOverrides overrides) {
    JsonNode root = file == null ? MissingNode.getInstance() : readTree(file);
    try {
      return build(new Node(root, ""), overrides);
    } catch (InvalidArgumentException e) {
      if (file == null) {
        throw e;
      }
      throw new InvalidArgumentException(
          "spec file " + file + ": " + e.getMessage(), e.hint(), e.getCause());
    }
  }

  private static JsonNode readTree(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(
          "spec file not found: " + file.toAbsolutePath(),
          "Pass an existing YAML file to --spec; the README documents its schema");
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      throw new InvalidArgumentException(
          "spec file " + file + " is not valid YAML: " + e.getMessage(),
          "Check the indentation and quoting near the position given",
          e);
    }
  }

  private static TrainingSpec build(Node root, TrainingOverrides o) {
    root.allow("source", "data", "features", "model", "feature_store");
    TrainingSource source =
        o.source() != null
            ? o.source()
            : root.get("source").isMissing()
                ? TrainingSource.FEATURE_STORE
                : TrainingSource.parse("source", root.get("source").text());

    Node data = root.get("data");
    data.allow("db", "table");
    Path db =
        o.db() != null
            ? o.db()
            : data.get("db").isMissing() ? TrainingSpec.DEFAULT_DB : Path.of(data.get("db").text());
    String table =
        o.table() != null
            ? o.table()
            : data.get("table").isMissing() ? TrainingSpec.DEFAULT_TABLE : data.get("table").text();

    return new TrainingSpec(
        source,
        db,
        table,
        features(root.get("features")),
        model(root.get("model"), o),
        featureStore(root.get("feature_store"), source, o));
  }

  private static List<FeatureSpec> features(Node node) {
    if (node.isMissing()) {
      return List.of(FeatureSpec.ALL_STANDARD);
    }
    List<FeatureSpec> specs = new ArrayList<>();
    for (Node item : node.elements()) {
      item.allow("include", "scaling");
      List<String> include = new ArrayList<>();
      Node inc = item.get("include");
      if (inc.isMissing()) {
        include.add("*");
      } else if (inc.node.isArray()) {
        for (Node name : inc.elements()) {
          include.add(name.text());
        }
      } else {
        include.add(inc.text());
      }
      Scaling scaling =
          item.get("scaling").isMissing()
              ? Scaling.STANDARD
              : Scaling.parse(item.path + ".scaling", item.get("scaling").text());
      specs.add(new FeatureSpec(include, scaling));
    }
    return specs;
  }

  private static ModelSpec model(Node node, TrainingOverrides o) {
    node.allow("algorithm", "hyperparameters", "test_fraction", "seed", "stratified", "cv_folds");
    Algorithm algorithm =
        o.algorithm() != null
            ? o.algorithm()
            : node.get("algorithm").isMissing()
                ? Algorithm.LOGISTIC_REGRESSION
                : Algorithm.parse("model.algorithm", node.get("algorithm").text());
    Map<String, Double> hyper = new LinkedHashMap<>();
    Node hp = node.get("hyperparameters");
    if (!hp.isMissing()) {
      for (Map.Entry<String, JsonNode> field : hp.object().properties()) {
        hyper.put(field.getKey(), new Node(field.getValue(), hp.child(field.getKey())).number());
      }
    }
    return new ModelSpec(
        algorithm,
        hyper,
        node.get("test_fraction").isMissing()
            ? ModelSpec.DEFAULT_TEST_FRACTION
            : node.get("test_fraction").number(),
        node.get("seed").isMissing() ? ModelSpec.DEFAULT_SEED : node.get("seed").integer(),
        node.get("stratified").isMissing() || node.get("stratified").bool(),
        node.get("cv_folds").isMissing() ? 0 : (int) node.get("cv_folds").integer());
  }

  private static FeatureStoreSpec featureStore(
      Node node, TrainingSource source, TrainingOverrides o) {
    node.allow(
        "repo_path",
        "n_features",
        "initialize_on_start",
        "force_recreate",
        "sample_indices",
        "timestamp");
    FeatureStoreSpecBuilder b = new FeatureStoreSpecBuilder();
    if (source == TrainingSource.FEATURE_STORE) {
      b.enable();
    }
    if (o.repoPath() != null) {
      b.setRepoPath(o.repoPath());
    } else if (!node.get("repo_path").isMissing()) {
      b.setRepoPath(node.get("repo_path").text());
    }
    if (!node.get("n_features").isMissing()) {
      b.setNFeatures((int) node.get("n_features").integer());
    }
    if (!node.get("initialize_on_start").isMissing()) {
      b.setInitializeOnStart(node.get("initialize_on_start").bool());
    }
    if (o.forceRecreate()) {
      b.setForceRecreate(true);
    } else if (!node.get("force_recreate").isMissing()) {
      b.setForceRecreate(node.get("force_recreate").bool());
    }
    if (o.sampleIndices() != null) {
      b.setSampleIndices(o.sampleIndices());
    } else if (!node.get("sample_indices").isMissing()) {
      List<Long> indices = new ArrayList<>();
      for (Node i : node.get("sample_indices").elements()) {
        indices.add(i.integer());
      }
      b.setSampleIndices(indices);
    }
    if (o.asOf() != null) {
      b.setTimestamp(o.asOf());
    } else if (!node.get("timestamp").isMissing()) {
      b.setTimestamp(IsoTimes.parse("feature_store.timestamp", node.get("timestamp").text()));
    }
    return b.build();
  }

  /** A YAML node with its dotted path, for error messages. */
  private static final class Node {
    final JsonNode node;
    final String path;

    Node(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    boolean isMissing() {
      return node.isMissingNode() || node.isNull();
    }

    String child(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    Node get(String key) {
      return new Node(isMissing() ? MissingNode.getInstance() : node.path(key), child(key));
    }

    JsonNode object() {
      if (!node.isObject()) {
        throw wrongType("a mapping of keys to values");
      }
      return node;
    }

    void allow(String... keys) {
      if (isMissing()) {
        return;
      }
      Set<String> allowed = Set.of(keys);
      Iterator<String> names = object().fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!allowed.contains(name)) {
          throw new InvalidArgumentException(
              "unknown key '"
                  + child(name)
                  + "'; "
                  + (path.isEmpty() ? "top-level" : path)
                  + " accepts "
                  + String.join(", ", keys));
        }
      }
    }

    List<Node> elements() {
      if (!node.isArray()) {
        throw wrongType("a list");
      }
      List<Node> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        out.add(new Node(node.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    String text() {
      if (!node.isValueNode()) {
        throw wrongType("a single value");
      }
      return node.asText();
    }

    double number() {
      if (!node.isNumber()) {
        throw wrongType("a number");
      }
      return node.asDouble();
    }

    long integer() {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        throw wrongType("a whole number");
      }
      return node.asLong();
    }

    boolean bool() {
      if (!node.isBoolean()) {
        throw wrongType("true or false");
      }
      return node.asBoolean();
    }

    private LarderException wrongType(String expected) {
      return new InvalidArgumentException(
          path + " must be " + expected + ", got " + (isMissing() ? "nothing" : node.toString()));
    }
  }
}
