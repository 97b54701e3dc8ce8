package dev.larder.ml.data;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * A port of scikit-learn's {@code make_classification} with its defaults: 2 classes, 2 clusters per
 * class, {@code n_repeated=0}, equal weights, {@code flip_y=0.01}, {@code class_sep=1.0}, {@code
 * hypercube=True}, {@code shift=0}, {@code scale=1}, rows and columns shuffled.
 *
 * <p>The steps, the order in which they draw random numbers and the choice of sampling method for
 * the centroids follow scikit-learn. The random numbers come from {@link Random} seeded with the
 * options' seed, whose {@code nextGaussian}, {@code nextDouble} and {@code nextInt} are specified
 * exactly by its Javadoc: the output is the same for a seed on every JVM, but it is <em>not</em>
 * bit-identical to numpy's {@code RandomState} (another generator), so the values differ from
 * Python's for the same seed while having the same distribution and structure.
 */
public final class ClassificationDataGenerator {
  /** Number of classes ({@code n_classes}). */
  public static final int CLASSES = 2;

  /** Clusters per class ({@code n_clusters_per_class}). */
  public static final int CLUSTERS_PER_CLASS = 2;

  /** Total clusters: each is centred on its own hypercube vertex. */
  public static final int CLUSTERS = CLASSES * CLUSTERS_PER_CLASS;

  /** Share of labels replaced by a random class ({@code flip_y}). */
  public static final double FLIP_Y = 0.01;

  /** Half the side of the hypercube ({@code class_sep}). */
  public static final double CLASS_SEP = 1.0;

  private final GeneratorOptions options;
  private final boolean shuffle;

  /** A generator for these options; {@link #generate()} may be called any number of times. */
  public ClassificationDataGenerator(GeneratorOptions options) {
    this(options, true);
  }

  /** For tests: {@code shuffle=false} keeps rows in cluster order and columns by role. */
  ClassificationDataGenerator(GeneratorOptions options, boolean shuffle) {
    this.options = options;
    this.shuffle = shuffle;
  }

  /** Runs the algorithm; the same options always give the same samples. */
  public ClassificationSamples generate() {
    Random random = new Random(options.seed());
    int n = options.samples();
    int features = options.features();
    int informative = options.informative();
    int redundant = options.redundant();

    int[] clusterSizes = clusterSizes(n);
    double[][] centroids = centroids(informative, random);

    double[][] x = new double[n][features];
    for (double[] row : x) {
      for (int c = 0; c < informative; c++) {
        row[c] = random.nextGaussian();
      }
    }
    int[] y = new int[n];
    int[] clusters = new int[n];
    double[] product = new double[informative];
    int start = 0;
    for (int k = 0; k < CLUSTERS; k++) {
      int stop = start + clusterSizes[k];
      double[][] covariance = uniformMatrix(informative, informative, random);
      for (int i = start; i < stop; i++) {
        y[i] = k % CLASSES;
        clusters[i] = k;
        multiply(x[i], covariance, product);
        for (int c = 0; c < informative; c++) {
          x[i][c] = product[c] + centroids[k][c];
        }
      }
      start = stop;
    }

    if (redundant > 0) {
      double[][] mixing = uniformMatrix(informative, redundant, random);
      double[] combined = new double[redundant];
      for (double[] row : x) {
        multiply(row, mixing, combined);
        System.arraycopy(combined, 0, row, informative, redundant);
      }
    }

    int useless = features - informative - redundant;
    for (double[] row : x) {
      for (int c = features - useless; c < features; c++) {
        row[c] = random.nextGaussian();
      }
    }

    flipLabels(y, random);

    int[] columnOrigins = identity(features);
    if (shuffle) {
      int[] rowOrder = identity(n);
      shuffle(rowOrder, random);
      x = reorder(x, rowOrder);
      y = reorder(y, rowOrder);
      clusters = reorder(clusters, rowOrder);
      shuffle(columnOrigins, random);
      double[] buffer = new double[features];
      for (double[] row : x) {
        for (int c = 0; c < features; c++) {
          buffer[c] = row[columnOrigins[c]];
        }
        System.arraycopy(buffer, 0, row, 0, features);
      }
    }
    return new ClassificationSamples(x, y, clusters, columnOrigins, informative, redundant);
  }

  /** {@code int(n * weight / clusters_per_class)} per cluster, the remainder round-robin. */
  static int[] clusterSizes(int samples) {
    int[] sizes = new int[CLUSTERS];
    int assigned = 0;
    for (int k = 0; k < CLUSTERS; k++) {
      sizes[k] = (int) (samples * (1.0 / CLASSES) / CLUSTERS_PER_CLASS);
      assigned += sizes[k];
    }
    for (int i = 0; i < samples - assigned; i++) {
      sizes[i % CLUSTERS]++;
    }
    return sizes;
  }

  /**
   * {@code _generate_hypercube}: distinct vertices of the {@code {0,1}^dimensions} hypercube, the
   * bits of each vertex number from the most significant, mapped to {@code ±class_sep}.
   */
  private static double[][] centroids(int dimensions, Random random) {
    int[] vertices = sampleWithoutReplacement(1 << dimensions, CLUSTERS, random);
    double[][] centroids = new double[CLUSTERS][dimensions];
    for (int k = 0; k < CLUSTERS; k++) {
      for (int c = 0; c < dimensions; c++) {
        int bit = (vertices[k] >>> (dimensions - 1 - c)) & 1;
        centroids[k][c] = bit * 2 * CLASS_SEP - CLASS_SEP;
      }
    }
    return centroids;
  }

  /**
   * scikit-learn's {@code sample_without_replacement(method="auto")}: a permutation when the
   * sampled share is strictly between 1% and 99%, tracking selection below, reservoir sampling
   * above (which draws nothing when the whole population is taken, as with 2 informative features).
   */
  static int[] sampleWithoutReplacement(int population, int count, Random random) {
    double ratio = (double) count / population;
    int[] out = new int[count];
    if (ratio > 0.01 && ratio < 0.99) {
      int[] permutation = identity(population);
      shuffle(permutation, random);
      System.arraycopy(permutation, 0, out, 0, count);
    } else if (ratio < 0.2) {
      Set<Integer> selected = new HashSet<>();
      for (int i = 0; i < count; i++) {
        int j = random.nextInt(population);
        while (!selected.add(j)) {
          j = random.nextInt(population);
        }
        out[i] = j;
      }
    } else {
      for (int i = 0; i < count; i++) {
        out[i] = i;
      }
      for (int i = count; i < population; i++) {
        int j = random.nextInt(i + 1);
        if (j < count) {
          out[j] = i;
        }
      }
    }
    return out;
  }

  /** {@code 2 * uniform(size=(rows, columns)) - 1}, drawn row by row. */
  private static double[][] uniformMatrix(int rows, int columns, Random random) {
    double[][] matrix = new double[rows][columns];
    for (double[] row : matrix) {
      for (int c = 0; c < columns; c++) {
        row[c] = 2 * random.nextDouble() - 1;
      }
    }
    return matrix;
  }

  /** {@code out = row[:m] · matrix}, where {@code matrix} is {@code m × out.length}. */
  private static void multiply(double[] row, double[][] matrix, double[] out) {
    for (int c = 0; c < out.length; c++) {
      double sum = 0;
      for (int m = 0; m < matrix.length; m++) {
        sum += row[m] * matrix[m][c];
      }
      out[c] = sum;
    }
  }

  /** {@code mask = uniform(n) < flip_y; y[mask] = randint(n_classes, size=mask.sum())}. */
  private static void flipLabels(int[] y, Random random) {
    boolean[] flip = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      flip[i] = random.nextDouble() < FLIP_Y;
    }
    for (int i = 0; i < y.length; i++) {
      if (flip[i]) {
        y[i] = random.nextInt(CLASSES);
      }
    }
  }

  /** numpy's {@code shuffle}: Fisher–Yates from the last element down. */
  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private static int[] identity(int length) {
    int[] values = new int[length];
    for (int i = 0; i < length; i++) {
      values[i] = i;
    }
    return values;
  }

  private static double[][] reorder(double[][] rows, int[] order) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < order.length; i++) {
      out[i] = rows[order[i]];
    }
    return out;
  }

  private static int[] reorder(int[] values, int[] order) {
    int[] out = new int[values.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }
}
