package dev.larder.ml.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.time.IsoTimes;

/**
 * Specs as JSON, with the keys of the YAML spec file ({@link TrainingSpecFile}), for model files
 * and run records: what is written can be read back as a spec file section.
 */
public final class SpecJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SpecJson() {}

  /** The {@code model:} section: algorithm, every hyper-parameter, split and CV settings. */
  public static ObjectNode model(ModelSpec spec) {
    ObjectNode node = NODES.objectNode();
    node.put("algorithm", spec.algorithm().id());
    ObjectNode params = node.putObject("hyperparameters");
    spec.hyperParameters()
        .forEach(
            (name, value) -> {
              if (spec.algorithm().hyperParameter(name).integer()) {
                params.put(name, value.longValue());
              } else {
                params.put(name, value);
              }
            });
    node.put("test_fraction", spec.testFraction());
    node.put("seed", spec.seed());
    node.put("stratified", spec.stratified());
    node.put("cv_folds", spec.crossValidationFolds());
    return node;
  }

  /** The {@code features:} section. */
  public static ArrayNode features(Iterable<FeatureSpec> specs) {
    ArrayNode array = NODES.arrayNode();
    for (FeatureSpec spec : specs) {
      ObjectNode item = array.addObject();
      spec.include().forEach(item.putArray("include")::add);
      item.put("scaling", spec.scaling().id());
    }
    return array;
  }

  /** The {@code feature_store:} section, plus {@code enabled}. */
  public static ObjectNode featureStore(FeatureStoreSpec spec) {
    ObjectNode node = NODES.objectNode();
    node.put("enabled", spec.enabled());
    node.put("repo_path", spec.repoPath().toString());
    node.put("n_features", spec.nFeatures());
    node.put("initialize_on_start", spec.initializeOnStart());
    node.put("force_recreate", spec.forceRecreate());
    if (spec.sampleIndices() == null) {
      node.putNull("sample_indices");
    } else {
      spec.sampleIndices().forEach(node.putArray("sample_indices")::add);
    }
    if (spec.timestamp() == null) {
      node.putNull("timestamp");
    } else {
      node.put("timestamp", IsoTimes.format(spec.timestamp()));
    }
    return node;
  }
}
