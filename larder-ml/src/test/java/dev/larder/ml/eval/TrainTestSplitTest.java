package dev.larder.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {

  /** 70 rows of class 0 and 30 of class 1, interleaved. */
  private static int[] labels() {
    return IntStream.range(0, 100).map(i -> i % 10 < 3 ? 1 : 0).toArray();
  }

  private static long count(int[] rows, int[] labels, int label) {
    return Arrays.stream(rows).filter(r -> labels[r] == label).count();
  }

  @Test
  void stratifiedSplitKeepsClassProportions() {
    int[] y = labels();
    TrainTestSplit split = TrainTestSplit.stratified(y, 0.2, 42);

    assertThat(split.testRows()).hasSize(20);
    assertThat(count(split.testRows(), y, 0)).isEqualTo(14);
    assertThat(count(split.testRows(), y, 1)).isEqualTo(6);
    assertThat(count(split.trainRows(), y, 0)).isEqualTo(56);
    assertThat(count(split.trainRows(), y, 1)).isEqualTo(24);
  }

  @Test
  void stratifiedSplitRoundsEachClassHalfUp() {
    // class 0: 5 rows * 0.5 = 2.5 -> 3 test rows; class 1: 3 rows * 0.5 = 1.5 -> 2
    int[] y = {0, 0, 0, 0, 0, 1, 1, 1};
    TrainTestSplit split = TrainTestSplit.stratified(y, 0.5, 7);
    assertThat(count(split.testRows(), y, 0)).isEqualTo(3);
    assertThat(count(split.testRows(), y, 1)).isEqualTo(2);
    assertThat(split.trainRows()).hasSize(3);
  }

  @Test
  void splitsAreDisjointCoveringSortedAndDeterministic() {
    int[] y = labels();
    for (TrainTestSplit split :
        List.of(TrainTestSplit.stratified(y, 0.3, 1), TrainTestSplit.shuffled(100, 0.3, 1))) {
      int[] all =
          IntStream.concat(Arrays.stream(split.trainRows()), Arrays.stream(split.testRows()))
              .sorted()
              .toArray();
      assertThat(all).isEqualTo(IntStream.range(0, 100).toArray());
      assertThat(split.trainRows()).isSorted();
      assertThat(split.testRows()).isSorted().hasSize(30);
    }
    assertThat(TrainTestSplit.stratified(y, 0.2, 42))
        .isEqualTo(TrainTestSplit.stratified(y, 0.2, 42))
        .isNotEqualTo(TrainTestSplit.stratified(y, 0.2, 43));
    assertThat(TrainTestSplit.shuffled(100, 0.2, 42))
        .isEqualTo(TrainTestSplit.shuffled(100, 0.2, 42))
        .isNotEqualTo(TrainTestSplit.shuffled(100, 0.2, 43));
  }

  @Test
  void shuffledSplitRoundsHalfUp() {
    assertThat(TrainTestSplit.shuffled(25, 0.1, 3).testRows()).hasSize(3); // 2.5 -> 3
  }

  @Test
  void anEmptySideIsAnError() {
    // 1.5 rows per class * 0.2 rounds to 0 in both classes: no test rows
    assertThatThrownBy(() -> TrainTestSplit.stratified(new int[] {0, 1, 0}, 0.2, 1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("test_fraction = 0.2")
        .hasMessageContaining("test split empty");
    assertThatThrownBy(() -> TrainTestSplit.shuffled(1, 0.9, 1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("training split empty");
  }

  @Test
  void stratifiedFoldsHoldEachRowOutOnceWithBalancedClasses() {
    int[] y = labels();
    int[] rows = IntStream.range(0, 100).filter(i -> i % 4 != 0).toArray(); // 75 candidate rows
    List<TrainTestSplit> folds = TrainTestSplit.stratifiedFolds(rows, y, 5, 42);

    assertThat(folds).hasSize(5);
    int[] heldOut =
        folds.stream().flatMapToInt(f -> Arrays.stream(f.testRows())).sorted().toArray();
    assertThat(heldOut).isEqualTo(rows);
    for (TrainTestSplit fold : folds) {
      assertThat(fold.testRows().length + fold.trainRows().length).isEqualTo(75);
      assertThat(fold.testRows().length).isBetween(15, 15);
      assertThat(fold.trainRows()).doesNotContain(fold.testRows());
    }
    long[] positives = folds.stream().mapToLong(f -> count(f.testRows(), y, 1)).toArray();
    assertThat(
            Arrays.stream(positives).max().getAsLong() - Arrays.stream(positives).min().getAsLong())
        .isLessThanOrEqualTo(1);
    assertThat(TrainTestSplit.stratifiedFolds(rows, y, 5, 42)).isEqualTo(folds);
  }

  @Test
  void moreFoldsThanRowsIsAnError() {
    assertThatThrownBy(
            () -> TrainTestSplit.stratifiedFolds(new int[] {0, 1}, new int[] {0, 1}, 3, 1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("model.cv_folds = 3")
        .hasMessageContaining("2 training rows");
  }
}
