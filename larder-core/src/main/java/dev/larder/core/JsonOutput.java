package dev.larder.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The one style of every JSON document Larder prints for people and programs ({@code --format
 * json}, {@code registry-dump}, the JSON files of a run record): indented by two spaces, one member
 * or element per line, {@code "key": value}, empty containers as {@code {}} and {@code []}, keys in
 * the order the writer put them, ending with a newline. (Keys are snake_case, times ISO-8601 UTC,
 * and a number that is not finite is {@code null}: those are the writers' part.) The HTTP API
 * answers compact JSON, as Feast's does.
 */
public final class JsonOutput {
  private static final ObjectWriter WRITER = writer();

  private JsonOutput() {}

  /** {@code node} as text in this style, with a final newline. */
  public static String pretty(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  private static ObjectWriter writer() {
    return new ObjectMapper().writer(printer());
  }

  /** A new pretty printer of this style, for a {@code JsonGenerator} that streams a document. */
  public static DefaultPrettyPrinter printer() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }
}
