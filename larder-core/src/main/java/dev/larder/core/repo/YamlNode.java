package dev.larder.core.repo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A YAML value that remembers the file and line it came from, so that every error can point at it.
 * Mappings keep their key order and reject a key given twice; a mapping entry's line is the line of
 * its key. A missing value and an explicit {@code null} are both {@link #isAbsent() absent}.
 */
final class YamlNode {
  private static final YAMLFactory YAML = new YAMLFactory();

  /** The YAML parser's words for a mapping key that is not a scalar (or is an alias). */
  private static final String NOT_A_KEY =
      "Expected a field name (Scalar value in YAML), got this instead:";

  private static final Pattern EVENT =
      Pattern.compile("<?org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\(([^)]*)\\)>?");
  private static final Pattern ANCHOR = Pattern.compile("anchor=([^,]+)");

  /**
   * Where the parser's message says a limit comes from: {@code (1000, from
   * `StreamReadConstraints.getMaxNestingDepth()`)} is written {@code (1000)}.
   */
  private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]*`");

  private final String file;
  private final int line;
  private final Object value;
  private final JsonToken token;

  private YamlNode(String file, int line, Object value, JsonToken token) {
    this.file = file;
    this.line = line;
    this.value = value;
    this.token = token;
  }

  /**
   * Reads {@code path}, which must be UTF-8 text; {@code file} is how messages name it. An empty
   * file is absent.
   */
  static YamlNode read(Path path, String file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new BackendException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
    return parse(utf8(bytes, file), file);
  }

  /**
   * {@code bytes} decoded as UTF-8; anything else is an error naming the line, the column and the
   * first byte that is not UTF-8.
   */
  static String utf8(byte[] bytes, String file) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (!result.isError()) {
      return out.flip().toString();
    }
    int at = in.position();
    String before = out.flip().toString();
    int lineStart = before.lastIndexOf('\n') + 1;
    int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
    int column = before.codePointCount(lineStart, before.length()) + 1;
    throw new InvalidDefinitionException(
        file
            + ":"
            + line
            + ": the file is not UTF-8 text: byte "
            + String.format(Locale.ROOT, "0x%02X", bytes[at] & 0xff)
            + " at column "
            + column
            + " of that line is not valid UTF-8",
        "Save the file as UTF-8 (editors offer it when saving; 'iconv -f latin1 -t utf-8 "
            + Path.of(file).getFileName()
            + "' converts a Latin-1 file), or replace that character");
  }

  /** Parses YAML text; {@code file} is how messages name it. */
  static YamlNode parse(String text, String file) {
    try {
      return parse(new StringReader(text), file);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string failed", e);
    }
  }

  private static YamlNode parse(Reader reader, String file) throws IOException {
    try (JsonParser parser = YAML.createParser(reader)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlNode(file, 1, null, null);
      }
      YamlNode root = value(parser, file, parser.currentTokenLocation().getLineNr());
      if (parser.nextToken() != null) {
        throw new InvalidDefinitionException(
            file
                + ":"
                + parser.currentTokenLocation().getLineNr()
                + ": a second YAML document starts here; the file is read as one document, so"
                + " merge them, or remove the '---' between them");
      }
      return root;
    } catch (JsonProcessingException e) {
      String message = plainMessage(e.getOriginalMessage());
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new InvalidDefinitionException(
          file + ":" + line + ": not valid YAML: " + message,
          "Check the indentation, colons and quoting near that line",
          e);
    }
  }

  /**
   * The YAML parser's message in words: its first lines, a parser event ({@code
   * <org.yaml.snakeyaml.events.AliasEvent(anchor=x)>}) as what it stands for ({@code an alias
   * (*x)}), and a limit without the Java method it comes from.
   */
  static String plainMessage(String message) {
    String text =
        message
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith(" "))
            .collect(Collectors.joining("; "))
            .replace(NOT_A_KEY, "a mapping key must be a plain value, not");
    text = LIMIT_SOURCE.matcher(text).replaceAll("");
    return EVENT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(eventWords(m)));
  }

  private static String eventWords(MatchResult event) {
    String kind = event.group(1);
    return switch (kind) {
      case "Alias" -> {
        Matcher anchor = ANCHOR.matcher(event.group(2));
        yield anchor.find() ? "an alias (*" + anchor.group(1) + ")" : "an alias";
      }
      case "MappingStart" -> "a mapping";
      case "SequenceStart" -> "a list";
      case "Scalar" -> "a value";
      default -> "a " + kind.replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
    };
  }

  private static YamlNode value(JsonParser parser, String file, int line) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        Map<String, YamlNode> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          YamlNode child = value(parser, file, keyLine);
          if (map.put(key, child) != null) {
            throw new InvalidDefinitionException(
                file
                    + ":"
                    + keyLine
                    + ": key "
                    + Echo.of(key)
                    + " is given twice in the same mapping; keep one");
          }
        }
        return new YamlNode(file, line, Collections.unmodifiableMap(map), token);
      case START_ARRAY:
        List<YamlNode> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser, file, parser.currentTokenLocation().getLineNr()));
        }
        return new YamlNode(file, line, Collections.unmodifiableList(list), token);
      case VALUE_NULL:
        return new YamlNode(file, line, null, token);
      default:
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          // the parser gives an alias as its anchor's name, not the value it stands for
          throw new InvalidDefinitionException(
              file
                  + ":"
                  + line
                  + ": YAML aliases (*"
                  + parser.getText()
                  + ") are not supported; write the value out in full");
        }
        return new YamlNode(file, line, parser.getText(), token);
    }
  }

  /**
   * A mapping that is not in the file, at this node's line: the section a backend reads when the
   * file leaves it out ({@code entries} empty) or writes it in short form ({@code registry: path}).
   */
  YamlNode syntheticMap(Map<String, YamlNode> entries) {
    return new YamlNode(
        file,
        line,
        Collections.unmodifiableMap(new LinkedHashMap<>(entries)),
        JsonToken.START_OBJECT);
  }

  /**
   * This value with the text of every string scalar (not mapping keys, numbers or booleans)
   * replaced by {@code replace}, which gets the scalar's node; each node keeps its file and line.
   */
  YamlNode mapStrings(Function<YamlNode, String> replace) {
    if (isMap()) {
      Map<String, YamlNode> map = new LinkedHashMap<>();
      entries().forEach((k, v) -> map.put(k, v.mapStrings(replace)));
      return new YamlNode(file, line, Collections.unmodifiableMap(map), token);
    }
    if (isList()) {
      List<YamlNode> list = new ArrayList<>();
      items().forEach(v -> list.add(v.mapStrings(replace)));
      return new YamlNode(file, line, Collections.unmodifiableList(list), token);
    }
    if (token == JsonToken.VALUE_STRING) {
      return new YamlNode(file, line, replace.apply(this), token);
    }
    return this;
  }

  /** {@code file:line}, for messages and definition origins. */
  String where() {
    return file + ":" + line;
  }

  /** The file, as messages name it. */
  String file() {
    return file;
  }

  boolean isAbsent() {
    return value == null;
  }

  boolean isMap() {
    return value instanceof Map;
  }

  boolean isList() {
    return value instanceof List;
  }

  boolean isScalar() {
    return value instanceof String;
  }

  /** Whether the scalar is a YAML number (not a quoted string). */
  boolean isNumber() {
    return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
  }

  /** Whether the scalar is a YAML integer. */
  boolean isInteger() {
    return token == JsonToken.VALUE_NUMBER_INT;
  }

  /** Whether the scalar is a YAML boolean. */
  boolean isBoolean() {
    return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
  }

  /** The value of a YAML boolean. */
  boolean booleanValue() {
    if (!isBoolean()) {
      throw new IllegalStateException(where() + " is not a boolean");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /** The scalar's text as written ({@code 007} stays {@code 007}). */
  String scalar() {
    if (!isScalar()) {
      throw new IllegalStateException(where() + " is not a scalar");
    }
    return (String) value;
  }

  /** The entries of a mapping. */
  @SuppressWarnings("unchecked")
  Map<String, YamlNode> entries() {
    if (!isMap()) {
      throw new IllegalStateException(where() + " is not a mapping");
    }
    return (Map<String, YamlNode>) value;
  }

  /** The items of a list. */
  @SuppressWarnings("unchecked")
  List<YamlNode> items() {
    if (!isList()) {
      throw new IllegalStateException(where() + " is not a list");
    }
    return (List<YamlNode>) value;
  }

  /** The value under {@code key} of a mapping, or an absent node on this node's line. */
  YamlNode get(String key) {
    YamlNode child = isMap() ? entries().get(key) : null;
    return child != null ? child : new YamlNode(file, line, null, null);
  }

  /** How a message shows this value: the scalar text, or {@code a list} / {@code a mapping}. */
  String describe() {
    if (isMap()) {
      return "a mapping";
    }
    if (isList()) {
      return "a list";
    }
    return isAbsent() ? "nothing" : Echo.of(value);
  }

  /**
   * The value as plain Java: maps, lists, {@link Long}, {@link Double}, {@link Boolean} or {@link
   * String}, for store options handed to backend factories.
   */
  Object plain() {
    if (isMap()) {
      Map<String, Object> out = new LinkedHashMap<>();
      entries().forEach((k, v) -> out.put(k, v.plain()));
      return Collections.unmodifiableMap(out);
    }
    if (isList()) {
      return items().stream().map(YamlNode::plain).toList();
    }
    if (isBoolean()) {
      return booleanValue();
    }
    if (isInteger()) {
      try {
        return Long.parseLong(scalar());
      } catch (NumberFormatException e) {
        return scalar();
      }
    }
    if (isNumber()) {
      return floatValue(scalar());
    }
    return value;
  }

  /**
   * A YAML float ({@code 1.5}, {@code 1_000.5}, {@code .inf}, {@code -.Inf}, {@code .nan}) as a
   * {@link Double}; the text as written when it holds no number Java reads ({@code 1.2.3}).
   */
  private static Object floatValue(String text) {
    String digits = text.replace("_", "");
    switch (digits.toLowerCase(Locale.ROOT)) {
      case ".inf", "+.inf":
        return Double.POSITIVE_INFINITY;
      case "-.inf":
        return Double.NEGATIVE_INFINITY;
      case ".nan":
        return Double.NaN;
      default:
        try {
          return Double.valueOf(digits);
        } catch (NumberFormatException e) {
          return text;
        }
    }
  }

  /** An error at this node: {@code file:line: message}. */
  InvalidDefinitionException error(String message) {
    return new InvalidDefinitionException(where() + ": " + message);
  }
}
