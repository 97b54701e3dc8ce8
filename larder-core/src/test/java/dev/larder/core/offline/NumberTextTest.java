package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link NumberText} against a brute-force statement of Java's shortest round-trip rule (the
 * specification of {@code Double.toString} since Java 19): of all decimals that read back to the
 * value, the shortest (at least two digits), and of those the closest, the even one on a tie.
 */
class NumberTextTest {
  @Test
  void examplesInJavasLayout() {
    assertThat(NumberText.format(0.1)).isEqualTo("0.1");
    assertThat(NumberText.format(1.0)).isEqualTo("1.0");
    assertThat(NumberText.format(-2.5)).isEqualTo("-2.5");
    assertThat(NumberText.format(1e-5)).isEqualTo("1.0E-5");
    assertThat(NumberText.format(0.001)).isEqualTo("0.001");
    assertThat(NumberText.format(1234567.0)).isEqualTo("1234567.0");
    assertThat(NumberText.format(1e7)).isEqualTo("1.0E7");
    assertThat(NumberText.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(NumberText.format(0.0)).isEqualTo("0.0");
    assertThat(NumberText.format(-0.0)).isEqualTo("-0.0");
    assertThat(NumberText.format(Double.NaN)).isEqualTo("NaN");
    assertThat(NumberText.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(NumberText.format(Double.MIN_VALUE)).isEqualTo("4.9E-324");
    assertThat(NumberText.format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E308");
    assertThat(NumberText.format(1.0E23)).isEqualTo("1.0E23");
    assertThat(NumberText.format(0.1f)).isEqualTo("0.1");
    assertThat(NumberText.format(1.0E-5f)).isEqualTo("1.0E-5");
    assertThat(NumberText.format(Float.MIN_VALUE)).isEqualTo("1.4E-45");
  }

  @Test
  void whereJava17PrintsTooManyDigitsTheShortestIsWritten() {
    // Java 17 writes these as 1.9999999999999998E23, 8.409999999999999E21,
    // 2.82879384806159008E17, 2.24132002032956928E18 and 1.0E-323; Java 19 as below.
    assertThat(NumberText.format(2e23)).isEqualTo("2.0E23");
    assertThat(NumberText.format(8.41e21)).isEqualTo("8.41E21");
    assertThat(NumberText.format(2.82879384806159e17)).isEqualTo("2.82879384806159E17");
    assertThat(NumberText.format(2.24132002032956928e18)).isEqualTo("2.2413200203295693E18");
    assertThat(NumberText.format(1.0e-323)).isEqualTo("9.9E-324");
  }

  @Test
  void agreesWithTheBruteForceRuleOnRandomDoubles() {
    SplittableRandom random = new SplittableRandom(20260101);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      values.add(Double.longBitsToDouble(random.nextLong()));
      values.add(random.nextInt(1_000_000) / Math.pow(10, random.nextInt(12)));
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
    }
    for (int k = -1074; k <= 1023; k++) {
      values.add(Math.scalb(1.0, k));
      values.add(Math.nextDown(Math.scalb(1.0, k)));
    }
    for (double v : values) {
      if (!Double.isNaN(v) && !Double.isInfinite(v)) {
        assertThat(NumberText.format(v)).as("%s", Double.toString(v)).isEqualTo(reference(v));
        assertThat(Double.parseDouble(NumberText.format(v))).isEqualTo(v);
      }
    }
  }

  @Test
  void floatsReadBackAsTheSameFloat() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 4_000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      if (!Float.isNaN(f) && !Float.isInfinite(f)) {
        String text = NumberText.format(f);
        assertThat(Float.parseFloat(text)).isEqualTo(f);
        assertThat(
                text.replace("-", "")
                    .replaceAll("E.*", "")
                    .replace(".", "")
                    .replaceAll("^0+", "")
                    .length())
            .isLessThanOrEqualTo(
                Math.max(
                    2,
                    Float.toString(Math.abs(f))
                        .replaceAll("E.*", "")
                        .replace(".", "")
                        .replaceAll("^0+", "")
                        .length()));
      }
    }
  }

  /** The rule, by brute force over every length. */
  static String reference(double v) {
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Math.abs(v));
    BigDecimal chosen = null;
    for (int length = 1; length <= 17 && chosen == null; length++) {
      chosen = closestReadingBack(exact, Math.abs(v), length == 1 ? 1 : length);
      if (chosen != null && length == 1) {
        chosen = closestReadingBack(exact, Math.abs(v), 2);
      }
    }
    BigDecimal d = chosen.stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int point = digits.length() - 1 - d.scale();
    StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
    if (point >= -3 && point < 7) {
      String plain = d.toPlainString();
      return out.append(plain.contains(".") ? plain : plain + ".0").toString();
    }
    out.append(digits.charAt(0))
        .append('.')
        .append(digits.length() > 1 ? digits.substring(1) : "0");
    return out.append('E').append(point).toString();
  }

  private static BigDecimal closestReadingBack(BigDecimal exact, double v, int length) {
    BigDecimal lo = exact.round(new MathContext(length, RoundingMode.FLOOR));
    BigDecimal hi = exact.round(new MathContext(length, RoundingMode.CEILING));
    boolean loOk = lo.doubleValue() == v && lo.signum() > 0;
    boolean hiOk = hi.doubleValue() == v;
    if (loOk && hiOk) {
      int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
      if (cmp != 0) {
        return cmp < 0 ? lo : hi;
      }
      return lo.unscaledValue().testBit(0) ? hi : lo;
    }
    return loOk ? lo : hiOk ? hi : null;
  }
}
