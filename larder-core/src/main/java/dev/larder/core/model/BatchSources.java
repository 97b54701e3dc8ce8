package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.HashMap;
import java.util.Map;

/** The checks that every {@link BatchSource}'s constructor shares. */
final class BatchSources {
  private BatchSources() {}

  /** A timestamp field is required and differs from the created column. */
  static void checkTimestamps(String who, String timestampField, String created) {
    if (timestampField == null || timestampField.isBlank()) {
      throw new InvalidDefinitionException(
          who + ": timestamp_field is missing; name the column holding each row's event time");
    }
    if (timestampField.equals(created)) {
      throw new InvalidDefinitionException(
          who
              + ": timestamp_field and created_timestamp_column are both "
              + Echo.of(timestampField)
              + "; use a separate column for the creation time, or drop"
              + " created_timestamp_column");
    }
  }

  /** An immutable sorted copy of a {@code field_mapping} whose targets are distinct valid names. */
  static Map<String, String> fieldMapping(String who, Map<String, String> fieldMapping) {
    Map<String, String> mapping = Checks.textMap(who, "field_mapping", fieldMapping);
    Map<String, String> renamedFrom = new HashMap<>();
    for (Map.Entry<String, String> e : mapping.entrySet()) {
      Names.require(who + ": field_mapping target of " + Echo.of(e.getKey()), e.getValue());
      String previous = renamedFrom.put(e.getValue(), e.getKey());
      if (previous != null) {
        throw new InvalidDefinitionException(
            who
                + ": field_mapping maps both "
                + Echo.of(previous)
                + " and "
                + Echo.of(e.getKey())
                + " to "
                + Echo.of(e.getValue())
                + "; map each name from one column");
      }
    }
    return mapping;
  }
}
