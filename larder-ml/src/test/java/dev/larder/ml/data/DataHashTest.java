package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataHashTest {

  private static TrainingData data(double[][] x, int[] y, long[] samples, String source) {
    return new TrainingData(x, y, List.of("a", "b"), samples, source);
  }

  @Test
  void knownValueOfAnEmptyInputIsTheSha256OfNothing() {
    assertThat(DataHash.sha256(new double[0][], new int[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void sameValuesGiveTheSameHashWhateverTheSourceOrSampleIndices() {
    double[][] x = {{1.5, -2}, {0, 3}};
    int[] y = {1, 0};
    assertThat(DataHash.sha256(data(x, y, new long[] {0, 1}, "direct")))
        .isEqualTo(
            DataHash.sha256(
                data(
                    new double[][] {{1.5, -2}, {0, 3}},
                    new int[] {1, 0},
                    new long[] {7, 9},
                    "feature-store")));
  }

  @Test
  void rowOrderValuesAndLabelsAllMatter() {
    String base = DataHash.sha256(new double[][] {{1, 2}, {3, 4}}, new int[] {0, 1});
    assertThat(DataHash.sha256(new double[][] {{3, 4}, {1, 2}}, new int[] {1, 0}))
        .isNotEqualTo(base);
    assertThat(DataHash.sha256(new double[][] {{1, 2}, {3, 4.0000001}}, new int[] {0, 1}))
        .isNotEqualTo(base);
    assertThat(DataHash.sha256(new double[][] {{1, 2}, {3, 4}}, new int[] {0, 0}))
        .isNotEqualTo(base);
  }
}
