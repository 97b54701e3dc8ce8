package dev.larder.core;

import java.util.Locale;

/**
 * Text a user supplied (a name, a value, a path) as a message or a table may repeat it: control
 * characters written as visible escapes, so that a name holding a newline cannot forge a line of
 * output or an ANSI escape recolour a terminal, and at most {@link #LIMIT} characters of it in an
 * error message, so that a huge name does not make a huge error.
 *
 * <p>Escaped: tab {@code \t}, line feed {@code \n}, carriage return {@code \r}, the other C0
 * controls, DEL and the C1 controls as {@code \u001b}, and the line and paragraph separators U+2028
 * and U+2029. Everything else, including backslashes and non-ASCII letters, stays as given.
 */
public final class Echo {
  /** The most characters of a user's text that an error message repeats. */
  public static final int LIMIT = 200;

  private Echo() {}

  /**
   * {@code text} quoted for an error message: {@code 'feature_0'}; past {@link #LIMIT} characters
   * it is cut and says how much was left out ({@code 'aaaa…'…(9437000 more characters)}), and
   * control characters are escaped. {@code null} is {@code null}, unquoted.
   */
  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    return "'" + shortened(text) + "'" + rest(text);
  }

  /** {@link #of(String)} of {@code value}'s text. */
  public static String of(Object value) {
    return of(value == null ? null : value.toString());
  }

  /**
   * Like {@link #of}, without the quotes: for text that a message already sets apart, such as a
   * value after a colon.
   */
  public static String bare(String text) {
    if (text == null) {
      return "null";
    }
    return shortened(text) + rest(text);
  }

  /** {@code text} with control characters escaped, at full length (for a table's cells). */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !isControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    appendEscaped(out, text, i, text.length());
    return out.toString();
  }

  /** Whether {@link #escape} would change {@code c}. */
  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
  }

  private static String shortened(String text) {
    int end = cut(text);
    StringBuilder out = new StringBuilder(end + 16);
    appendEscaped(out, text, 0, end);
    return out.toString();
  }

  private static String rest(String text) {
    int left = text.length() - cut(text);
    return left == 0 ? "" : "…(" + left + " more characters)";
  }

  /** Where a long text is cut: after {@link #LIMIT} characters, never inside a surrogate pair. */
  private static int cut(String text) {
    if (text.length() <= LIMIT) {
      return text.length();
    }
    return Character.isHighSurrogate(text.charAt(LIMIT - 1)) ? LIMIT - 1 : LIMIT;
  }

  private static void appendEscaped(StringBuilder out, String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
  }
}
