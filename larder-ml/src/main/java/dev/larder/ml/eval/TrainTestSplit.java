package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A partition of rows into a training part and a held-out test part, by row index. Both parts are
 * non-empty, disjoint, and sorted ascending (rows keep their original order within each part).
 *
 * <p>Shuffles use {@link java.util.Random} seeded with the given seed, whose sequence Java
 * specifies, so a seed gives the same split on every JVM.
 *
 * @param trainRows the training rows' indices, ascending
 * @param testRows the test rows' indices, ascending
 */
public record TrainTestSplit(int[] trainRows, int[] testRows) {

  public TrainTestSplit {
    trainRows = trainRows.clone();
    testRows = testRows.clone();
    Arrays.sort(trainRows);
    Arrays.sort(testRows);
    if (trainRows.length == 0 || testRows.length == 0) {
      throw new InvalidArgumentException(
          "a split needs training and test rows, got "
              + trainRows.length
              + " training and "
              + testRows.length
              + " test rows");
    }
    BitSet seen = new BitSet();
    for (int[] part : List.of(trainRows, testRows)) {
      for (int row : part) {
        if (row < 0 || seen.get(row)) {
          throw new InvalidArgumentException(
              "row " + row + " is negative or appears twice in a train/test split");
        }
        seen.set(row);
      }
    }
  }

  /** The training rows' indices, ascending (a copy). */
  @Override
  public int[] trainRows() {
    return trainRows.clone();
  }

  /** The test rows' indices, ascending (a copy). */
  @Override
  public int[] testRows() {
    return testRows.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrainTestSplit that
        && Arrays.equals(trainRows, that.trainRows)
        && Arrays.equals(testRows, that.testRows);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(trainRows) + Arrays.hashCode(testRows);
  }

  @Override
  public String toString() {
    return "TrainTestSplit[" + trainRows.length + " train rows, " + testRows.length + " test rows]";
  }

  /**
   * A stratified split of rows {@code 0 .. labels.length-1}: for each class (in ascending label
   * order) its rows are shuffled and the first {@code Math.round(n_class * testFraction)} go to the
   * test part — rounding half up, so 2.5 rows become 3. The class proportions of both parts thus
   * match the data's to within one row per class.
   *
   * @throws InvalidArgumentException if either part would be empty
   */
  public static TrainTestSplit stratified(int[] labels, double testFraction, long seed) {
    checkFraction(testFraction);
    Random random = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int[] rows : rowsByClass(labels).values()) {
      shuffle(rows, random);
      int testCount = (int) Math.round(rows.length * testFraction);
      for (int i = 0; i < rows.length; i++) {
        (i < testCount ? test : train).add(rows[i]);
      }
    }
    return checked(train, test, labels.length, testFraction);
  }

  /**
   * A plain shuffled split of rows {@code 0 .. rows-1}: {@code Math.round(rows * testFraction)}
   * rows (rounding half up) go to the test part.
   *
   * @throws InvalidArgumentException if either part would be empty
   */
  public static TrainTestSplit shuffled(int rows, double testFraction, long seed) {
    checkFraction(testFraction);
    int[] order = new int[rows];
    Arrays.setAll(order, i -> i);
    shuffle(order, new Random(seed));
    int testCount = (int) Math.round(rows * testFraction);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      (i < testCount ? test : train).add(order[i]);
    }
    return checked(train, test, rows, testFraction);
  }

  /**
   * Stratified k-fold splits of {@code rows} (indices into {@code labels}): each class's rows are
   * shuffled, the classes are concatenated in ascending label order, and the row at position p goes
   * to fold {@code p mod k}. Every row is held out exactly once; fold sizes, and each class's count
   * per fold, differ by at most one.
   *
   * @throws InvalidArgumentException if {@code k < 2} or there are fewer rows than folds
   */
  public static List<TrainTestSplit> stratifiedFolds(int[] rows, int[] labels, int k, long seed) {
    if (k < 2) {
      throw new InvalidArgumentException("model.cv_folds must be at least 2, got " + k);
    }
    if (rows.length < k) {
      throw new InvalidArgumentException(
          "model.cv_folds = " + k + " but there are only " + rows.length + " training rows",
          "Use at most as many folds as training rows, or set model.cv_folds to 0");
    }
    int[] rowLabels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      rowLabels[i] = labels[rows[i]];
    }
    Random random = new Random(seed);
    int[] fold = new int[rows.length];
    int position = 0;
    for (int[] members : rowsByClass(rowLabels).values()) {
      shuffle(members, random);
      for (int member : members) {
        fold[member] = position++ % k;
      }
    }
    List<TrainTestSplit> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < rows.length; i++) {
        (fold[i] == f ? test : train).add(rows[i]);
      }
      folds.add(new TrainTestSplit(toArray(train), toArray(test)));
    }
    return folds;
  }

  /** Row positions 0..n-1 grouped by label, labels ascending, positions ascending. */
  private static Map<Integer, int[]> rowsByClass(int[] labels) {
    Map<Integer, List<Integer>> grouped = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      grouped.computeIfAbsent(labels[i], label -> new ArrayList<>()).add(i);
    }
    Map<Integer, int[]> result = new TreeMap<>();
    grouped.forEach((label, members) -> result.put(label, toArray(members)));
    return result;
  }

  /** Fisher–Yates, from the last position down. */
  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private static void checkFraction(double testFraction) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new InvalidArgumentException(
          "model.test_fraction must be in (0, 1), got " + testFraction);
    }
  }

  private static TrainTestSplit checked(
      List<Integer> train, List<Integer> test, int rows, double testFraction) {
    if (test.isEmpty() || train.isEmpty()) {
      throw new InvalidArgumentException(
          "model.test_fraction = "
              + testFraction
              + " leaves the "
              + (test.isEmpty() ? "test" : "training")
              + " split empty with "
              + rows
              + " rows",
          "Use more rows, or a test fraction that leaves rows on both sides");
    }
    return new TrainTestSplit(toArray(train), toArray(test));
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
