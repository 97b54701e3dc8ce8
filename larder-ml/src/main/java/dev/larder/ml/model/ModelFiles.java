package dev.larder.ml.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.JsonOutput;
import dev.larder.core.NotFoundException;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.spec.Scaling;
import dev.larder.ml.spec.SpecJson;
import dev.larder.ml.transform.ColumnScaler;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import dev.larder.ml.transform.SelectedFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;

/**
 * The model directory format, version 2. A directory holds two files:
 *
 * <ul>
 *   <li>{@code model.tribuo}: the Tribuo model in Tribuo's own protobuf format ({@code
 *       Model.serializeToFile}): a LibLinear model for logistic regression; for random forests and
 *       gradient boosting, an XGBoost booster wrapped as Tribuo's {@code XGBoostExternalModel} with
 *       a {@link BinaryXGBoostConverter}.
 *   <li>{@code model.json}: {@code format} ({@code "larder-model"}), {@code format_version} (2),
 *       {@code tribuo_version}, {@code tribuo_model} (the file name above), {@code positive_class}
 *       ({@code "1"}), {@code training_rows}, {@code model} (the spec: {@code algorithm}, {@code
 *       hyperparameters}, {@code test_fraction}, {@code seed}, {@code stratified}, {@code
 *       cv_folds}), {@code input_features} (the raw rows' columns) and {@code features} (one {@code
 *       {name, scaling, center, scale}} per model feature, in model order).
 * </ul>
 *
 * Doubles are written in Java's shortest round-trip form, so fitted scalers reload bit for bit.
 *
 * <p>Version 1 (Larder before its XGBoost forests) had the same files; its random forests are
 * Tribuo CART ensembles and its gradient boosting Tribuo-trained XGBoost models, and both still
 * load and predict as they did. Hyper-parameters added since are filled in on loading: for a
 * version-1 gradient boosting model with the values its trainer used ({@link #VERSION_1_BOOSTING}),
 * otherwise with their defaults. A version-2 file names a converter class that Larder before
 * version 2 does not have, so those refuse it with "upgrade Larder".
 */
final class ModelFiles {
  static final String JSON_FILE = "model.json";
  static final String TRIBUO_FILE = "model.tribuo";
  static final String FORMAT = "larder-model";
  static final int FORMAT_VERSION = 2;

  /**
   * The settings of format-1 gradient boosting that today's hyper-parameters name: depth-wise trees
   * with no leaf limit, XGBoost's L2 penalty of 1 and 256 bins, no early stopping.
   */
  static final Map<String, Double> VERSION_1_BOOSTING =
      Map.of(
          "max_leaf_nodes", 0.0,
          "l2_regularization", 1.0,
          "max_bins", 256.0,
          "early_stopping", 0.0);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFiles() {}

  static void write(TrainedModel model, Path dir) {
    try {
      Files.createDirectories(dir);
      model.tribuoModel().serializeToFile(dir.resolve(TRIBUO_FILE));
      Files.writeString(dir.resolve(JSON_FILE), JsonOutput.pretty(describe(model)));
    } catch (IOException e) {
      throw new BackendException("could not write the model to " + dir + ": " + e, null, e);
    }
  }

  static TrainedModel read(Path dir) {
    Path jsonFile = dir.resolve(JSON_FILE);
    if (!Files.isRegularFile(jsonFile)) {
      throw new NotFoundException(
          "no model in " + dir + ": " + JSON_FILE + " is missing",
          "Save a model with TrainedModel.save(dir), or train one with 'larder train --output"
              + " DIR'");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(jsonFile));
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          jsonFile + " is not valid JSON: " + e.getOriginalMessage(), null, e);
    } catch (IOException e) {
      throw new BackendException("could not read " + jsonFile + ": " + e, null, e);
    }
    Fields fields = new Fields(jsonFile);
    String format = fields.text(root, "format");
    if (!FORMAT.equals(format)) {
      throw fields.invalid("its format is '" + format + "', expected '" + FORMAT + "'");
    }
    int version = fields.require(root, "format_version").asInt();
    if (version > FORMAT_VERSION) {
      throw new InvalidArgumentException(
          jsonFile
              + " is format version "
              + version
              + "; this Larder reads versions 1 to "
              + FORMAT_VERSION,
          "A newer Larder wrote it: upgrade Larder to load it");
    }
    if (version < 1) {
      throw fields.invalid("format_version " + version + " does not exist");
    }
    ModelSpec spec;
    FeaturePipeline features;
    try {
      spec = readSpec(fields, fields.require(root, "model"), version);
      features = readFeatures(fields, root);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(
          jsonFile + " is not a valid Larder model file: " + e.getMessage(), e.hint(), e);
    }
    String tribuoFile = fields.text(root, "tribuo_model");
    if (!Path.of(tribuoFile).getFileName().toString().equals(tribuoFile)) {
      throw fields.invalid(
          "tribuo_model must be a file name in the model directory, got '" + tribuoFile + "'");
    }
    Model<Label> tribuoModel = readTribuoModel(dir.resolve(tribuoFile));
    return new TrainedModel(
        spec, features, tribuoModel, fields.require(root, "training_rows").asInt());
  }

  private static ObjectNode describe(TrainedModel model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("tribuo_version", Tribuo.VERSION);
    root.put("tribuo_model", TRIBUO_FILE);
    root.put("positive_class", TribuoExamples.POSITIVE);
    root.put("training_rows", model.trainingRows());
    ModelSpec spec = model.spec();
    root.set("model", SpecJson.model(spec));
    ArrayNode inputs = root.putArray("input_features");
    model.inputFeatureNames().forEach(inputs::add);
    ArrayNode features = root.putArray("features");
    FeaturePipeline pipeline = model.features();
    for (int i = 0; i < pipeline.scalers().size(); i++) {
      ColumnScaler scaler = pipeline.scalers().get(i);
      features
          .addObject()
          .put("name", pipeline.featureNames().get(i))
          .put("scaling", scaler.scaling().id())
          .put("center", scaler.center())
          .put("scale", scaler.scale());
    }
    return root;
  }

  private static ModelSpec readSpec(Fields fields, JsonNode node, int version) {
    Algorithm algorithm = Algorithm.parse("model.algorithm", fields.text(node, "algorithm"));
    Map<String, Double> params = new LinkedHashMap<>();
    fields
        .require(node, "hyperparameters")
        .properties()
        .forEach(e -> params.put(e.getKey(), e.getValue().asDouble()));
    if (version == 1 && algorithm == Algorithm.GRADIENT_BOOSTING) {
      VERSION_1_BOOSTING.forEach(params::putIfAbsent);
    }
    return new ModelSpec(
        algorithm,
        params,
        fields.require(node, "test_fraction").asDouble(),
        fields.require(node, "seed").asLong(),
        fields.require(node, "stratified").asBoolean(),
        fields.require(node, "cv_folds").asInt());
  }

  private static FeaturePipeline readFeatures(Fields fields, JsonNode root) {
    List<String> inputs = new ArrayList<>();
    fields.require(root, "input_features").forEach(n -> inputs.add(n.asText()));
    List<SelectedFeature> selected = new ArrayList<>();
    List<ColumnScaler> scalers = new ArrayList<>();
    for (JsonNode f : fields.require(root, "features")) {
      String name = fields.text(f, "name");
      Scaling scaling = Scaling.parse("features[].scaling", fields.text(f, "scaling"));
      int column = inputs.indexOf(name);
      if (column < 0) {
        throw fields.invalid("feature '" + name + "' is not among input_features");
      }
      selected.add(new SelectedFeature(name, column, scaling));
      scalers.add(
          new ColumnScaler(
              scaling,
              fields.require(f, "center").asDouble(),
              fields.require(f, "scale").asDouble()));
    }
    return new FeaturePipeline(new FeatureSelection(inputs, selected), scalers);
  }

  private static Model<Label> readTribuoModel(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(
          "the Tribuo model file " + file + " is missing",
          "Copy the whole model directory, not only " + JSON_FILE);
    }
    Model<?> model;
    LibraryLogging quiet = LibraryLogging.quietUnless(false);
    try {
      model = Model.deserializeFromFile(file);
    } catch (InvalidProtocolBufferException | IllegalStateException | IllegalArgumentException e) {
      throw new InvalidArgumentException(
          file + " is not a Tribuo " + Tribuo.VERSION + " model: " + e.getMessage(), null, e);
    } catch (IOException e) {
      throw new BackendException("could not read " + file + ": " + e, null, e);
    } catch (LinkageError e) {
      throw new BackendException(
          file
              + " needs a native library (XGBoost) that could not be loaded on "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + ": "
              + e,
          null,
          e);
    } finally {
      quiet.close();
    }
    if (!model.validate(Label.class)) {
      throw new InvalidArgumentException(
          file
              + " holds a Tribuo model for "
              + model.getOutputIDInfo().getDomain()
              + ", not a classifier");
    }
    @SuppressWarnings("unchecked") // checked by validate(Label.class) above
    Model<Label> classifier = (Model<Label>) model;
    return classifier;
  }

  /** Reads required fields, with errors that name the file and the field. */
  private record Fields(Path file) {
    JsonNode require(JsonNode node, String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw invalid("the field '" + name + "' is missing");
      }
      return value;
    }

    String text(JsonNode node, String name) {
      return require(node, name).asText();
    }

    InvalidArgumentException invalid(String problem) {
      return new InvalidArgumentException(
          file + " is not a valid Larder model file: " + problem,
          "Re-save the model, or train it again");
    }
  }
}
