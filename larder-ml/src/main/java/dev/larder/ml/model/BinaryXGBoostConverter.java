package dev.larder.ml.model;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostOutputConverter;
import org.tribuo.common.xgboost.protos.XGBoostOutputConverterProto;

/**
 * Turns the single output of a {@code binary:logistic} XGBoost booster into Tribuo's two-label
 * prediction ({@code "0"} and {@code "1"}, their scores summing to 1). Larder's forests and boosted
 * models (model format 2) are Tribuo {@code XGBoostExternalModel}s with this converter, so Tribuo
 * saves and loads them; it is public only because Tribuo finds it by name when it loads a model
 * file.
 *
 * <p>How the booster's output {@code q} becomes P(class 1) depends on the model:
 *
 * <ul>
 *   <li>{@link Scores#LOGISTIC} (boosting): {@code q} itself, the sigmoid of the summed trees.
 *   <li>{@link Scores#FOREST_MEAN} (random forest): the mean over the trees of the training rows'
 *       share of class 1 in the leaf each tree sends the row to, as scikit-learn's forest predicts.
 *       The forest's trees are single Newton steps from a margin of 0 with unit learning rate and
 *       no L2 penalty, so a leaf holding a share {@code s} of class 1 outputs {@code 4(s − ½)} and
 *       the forest the mean of those; {@code q} is its sigmoid, hence {@code P = ½ + logit(q)/4}.
 * </ul>
 */
public final class BinaryXGBoostConverter implements XGBoostOutputConverter<Label> {
  private static final long serialVersionUID = 1L;

  /** Version of the serialized form. */
  public static final int CURRENT_VERSION = 0;

  /** How the booster's output maps to P(class 1). */
  public enum Scores {
    /** Boosting: the booster's sigmoid output is the probability. */
    LOGISTIC,
    /** Random forest: the mean leaf share of class 1, recovered from the averaged margins. */
    FOREST_MEAN
  }

  private final Scores scores;

  BinaryXGBoostConverter(Scores scores) {
    this.scores = scores;
  }

  /** Tribuo's deserialization factory, found by reflection when a model file is loaded. */
  public static BinaryXGBoostConverter deserializeFromProto(
      int version, String className, Any message) throws InvalidProtocolBufferException {
    if (version < 0 || version > CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "unknown version " + version + " of " + className + "; this Larder reads version 0");
    }
    String kind = message.unpack(StringValue.class).getValue();
    try {
      return new BinaryXGBoostConverter(Scores.valueOf(kind));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown score mapping '"
              + kind
              + "' in "
              + className
              + "; expected LOGISTIC or"
              + " FOREST_MEAN",
          e);
    }
  }

  /** How this converter maps the booster's output. */
  public Scores scores() {
    return scores;
  }

  /** P(class 1) from the booster's output {@code q}. */
  double probability(float q) {
    if (scores == Scores.LOGISTIC) {
      return q;
    }
    double margin = Math.log(q) - Math.log1p(-q);
    return Math.min(1, Math.max(0, 0.5 + margin / 4));
  }

  @Override
  public boolean generatesProbabilities() {
    return true;
  }

  @Override
  public Prediction<Label> convertOutput(
      ImmutableOutputInfo<Label> info,
      List<float[]> output,
      int numValidFeatures,
      Example<Label> example) {
    return prediction(output.get(0)[0], numValidFeatures, example);
  }

  @Override
  public List<Prediction<Label>> convertBatchOutput(
      ImmutableOutputInfo<Label> info,
      List<float[][]> output,
      int[] numValidFeatures,
      Example<Label>[] examples) {
    float[][] rows = output.get(0);
    List<Prediction<Label>> predictions = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      predictions.add(prediction(rows[i][0], numValidFeatures[i], examples[i]));
    }
    return predictions;
  }

  private Prediction<Label> prediction(float q, int numValidFeatures, Example<Label> example) {
    double p = probability(q);
    Label negative = new Label("0", 1 - p);
    Label positive = new Label(TribuoExamples.POSITIVE, p);
    Map<String, Label> both = new LinkedHashMap<>();
    both.put(negative.getLabel(), negative);
    both.put(positive.getLabel(), positive);
    return new Prediction<>(p > 0.5 ? positive : negative, both, numValidFeatures, example, true);
  }

  @Override
  public Class<Label> getTypeWitness() {
    return Label.class;
  }

  @Override
  public XGBoostOutputConverterProto serialize() {
    return XGBoostOutputConverterProto.newBuilder()
        .setVersion(CURRENT_VERSION)
        .setClassName(BinaryXGBoostConverter.class.getName())
        .setSerializedData(Any.pack(StringValue.of(scores.name())))
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryXGBoostConverter other && other.scores == scores;
  }

  @Override
  public int hashCode() {
    return scores.hashCode();
  }

  @Override
  public String toString() {
    return "BinaryXGBoostConverter[" + scores + "]";
  }
}
