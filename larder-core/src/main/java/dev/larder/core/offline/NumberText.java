package dev.larder.core.offline;

import java.math.BigDecimal;

/**
 * Doubles and floats as text in Java's shortest round-trip form (DESIGN B2): the layout of {@link
 * Double#toString(double)} ({@code 0.1}, {@code 1.0}, {@code 1.0E-5}, {@code 1.2345678E7}) with the
 * digits chosen as Java 19 and later choose them: the fewest that read back to the same value (at
 * least two), and of those the closest to it. Java 17's own {@code toString} sometimes prints more
 * digits than that ({@code 1.9999999999999998E23} for {@code 2.0E23}, {@code
 * 2.82879384806159008E17} for {@code 2.82879384806159E17}), so its digits are only the starting
 * point here.
 */
final class NumberText {
  private static final long[] POWERS = new long[19];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  private NumberText() {}

  /** {@code value} in shortest round-trip form. */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    return layout(value < 0, shortest(Double.toString(Math.abs(value)), Math.abs(value), false));
  }

  /** {@code value} (a Float32) in shortest round-trip form for floats. */
  static String format(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value)) {
      return Float.toString(value);
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    return layout(value < 0, shortest(Float.toString(Math.abs(value)), Math.abs(value), true));
  }

  /** A positive decimal {@code digits × 10^exponent}. */
  private record Decimal(long digits, int exponent) {
    int length() {
      int n = 1;
      while (n < POWERS.length && digits >= POWERS[n]) {
        n++;
      }
      return n;
    }

    Decimal stripped() {
      long d = digits;
      int e = exponent;
      while (d % 10 == 0 && d != 0) {
        d /= 10;
        e++;
      }
      return new Decimal(d, e);
    }

    String text() {
      return digits + "E" + exponent;
    }
  }

  private static Decimal shortest(String javaText, double value, boolean isFloat) {
    Decimal start = parse(javaText).stripped();
    int n = start.length();
    int length = n;
    while (length > 1 && best(start, length - 1, value, isFloat) != null) {
      length--;
    }
    Decimal chosen = best(start, Math.max(length, 2), value, isFloat);
    return chosen == null ? start : chosen.stripped();
  }

  /**
   * Of the decimals with at most {@code length} digits next to {@code start}, the closest that
   * reads back, or {@code null}. The grid is that of the value's decade, which is {@code start}'s,
   * or the one below (above) when {@code start} is a power of ten (all nines) that the value may
   * lie under (over).
   */
  private static Decimal best(Decimal start, int length, double value, boolean isFloat) {
    int point = start.length() - 1 + start.exponent();
    Decimal found = null;
    for (int p = point - 1; p <= point + 1; p++) {
      if ((p < point && start.digits() != 1) || (p > point && !allNines(start.digits()))) {
        continue;
      }
      int grid = p - length + 1;
      long t = onGrid(start, grid);
      for (long c = t - 1; t >= 0 && c <= t + 1; c++) {
        if (c <= 0) {
          continue;
        }
        Decimal candidate = new Decimal(c, grid);
        if (candidate.stripped().length() <= length
            && readsBack(candidate, value, isFloat)
            && (found == null || closer(candidate, found, value))) {
          found = candidate;
        }
      }
    }
    return found;
  }

  /** {@code start} in units of {@code 10^grid}, rounded down; -1 when it does not fit a long. */
  private static long onGrid(Decimal start, int grid) {
    int shift = start.exponent() - grid;
    if (shift >= 0) {
      if (shift >= POWERS.length) {
        return -1;
      }
      try {
        return Math.multiplyExact(start.digits(), POWERS[shift]);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return -shift >= POWERS.length ? 0 : start.digits() / POWERS[-shift];
  }

  private static boolean allNines(long digits) {
    for (long d = digits; d > 0; d /= 10) {
      if (d % 10 != 9) {
        return false;
      }
    }
    return true;
  }

  private static boolean readsBack(Decimal d, double value, boolean isFloat) {
    return isFloat
        ? Float.parseFloat(d.text()) == (float) value
        : Double.parseDouble(d.text()) == value;
  }

  /** Whether {@code a} is closer to {@code value} than {@code b}; on a tie, whether it is even. */
  private static boolean closer(Decimal a, Decimal b, double value) {
    BigDecimal exact = new BigDecimal(value);
    int cmp =
        new BigDecimal(a.digits())
            .scaleByPowerOfTen(a.exponent())
            .subtract(exact)
            .abs()
            .compareTo(
                new BigDecimal(b.digits()).scaleByPowerOfTen(b.exponent()).subtract(exact).abs());
    return cmp < 0 || (cmp == 0 && a.digits() % 2 == 0);
  }

  /** Parses Java's {@code toString} of a positive finite number. */
  private static Decimal parse(String text) {
    int e = text.indexOf('E');
    String mantissa = e < 0 ? text : text.substring(0, e);
    int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    exponent -= mantissa.length() - dot - 1;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    digits = digits.substring(lead);
    if (digits.length() > 18) {
      exponent += digits.length() - 18;
      digits = digits.substring(0, 18);
    }
    return new Decimal(Long.parseLong(digits), exponent);
  }

  /** Java's layout: plain for 10^-3 <= |v| < 10^7, else {@code d.dddE±n}. */
  private static String layout(boolean negative, Decimal d) {
    String digits = Long.toString(d.digits());
    int point = digits.length() - 1 + d.exponent();
    StringBuilder out = new StringBuilder(negative ? "-" : "");
    if (point >= -3 && point < 7) {
      if (point < 0) {
        out.append("0.").append("0".repeat(-point - 1)).append(digits);
      } else if (digits.length() <= point + 1) {
        out.append(digits).append("0".repeat(point + 1 - digits.length())).append(".0");
      } else {
        out.append(digits, 0, point + 1).append('.').append(digits, point + 1, digits.length());
      }
      return out.toString();
    }
    out.append(digits.charAt(0)).append('.');
    out.append(digits.length() > 1 ? digits.substring(1) : "0");
    return out.append('E').append(point).toString();
  }
}
