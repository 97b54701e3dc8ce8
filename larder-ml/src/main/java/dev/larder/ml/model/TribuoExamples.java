package dev.larder.ml.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Converts dense rows to Tribuo examples for prediction. Tribuo keeps an example's features sorted
 * by name, so the column permutation into name order is computed once and every row is copied
 * straight into it.
 */
final class TribuoExamples {
  static final LabelFactory LABELS = new LabelFactory();

  /** The positive class's label; class 0 is {@code "0"}. */
  static final String POSITIVE = "1";

  private final String[] sortedNames;
  private final int[] columnOfSorted;

  TribuoExamples(List<String> featureNames) {
    columnOfSorted =
        IntStream.range(0, featureNames.size())
            .boxed()
            .sorted(Comparator.comparing(featureNames::get))
            .mapToInt(Integer::intValue)
            .toArray();
    sortedNames = Arrays.stream(columnOfSorted).mapToObj(featureNames::get).toArray(String[]::new);
  }

  /** Unlabelled examples for prediction, one per row. */
  List<Example<Label>> unlabelled(double[][] x) {
    List<Example<Label>> examples = new ArrayList<>(x.length);
    for (double[] row : x) {
      examples.add(example(LABELS.getUnknownOutput(), row));
    }
    return examples;
  }

  private ArrayExample<Label> example(Label label, double[] row) {
    double[] values = new double[columnOfSorted.length];
    for (int j = 0; j < values.length; j++) {
      values[j] = row[columnOfSorted[j]];
    }
    return new ArrayExample<>(label, sortedNames, values);
  }
}
