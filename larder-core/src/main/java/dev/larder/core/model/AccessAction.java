package dev.larder.core.model;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a user does to a resource, as Feast's permissions name it ({@code AuthzedAction}): the
 * {@code actions} a {@link Permission} allows.
 */
public enum AccessAction {
  /** Apply a definition that is not in the registry yet. */
  CREATE,
  /** See a definition: describe, list, registry-dump, lineage, runs. */
  DESCRIBE,
  /** Apply a changed definition. */
  UPDATE,
  /** Apply without a definition that is in the registry. */
  DELETE,
  /** Read from the online store. */
  READ_ONLINE,
  /** Historical retrieval and training data. */
  READ_OFFLINE,
  /** Materialize, push online, write to the online store. */
  WRITE_ONLINE,
  /** Push offline (append to a batch source). */
  WRITE_OFFLINE;

  /** The spelling of definition files and messages: {@code read_online}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action spelt {@code text}; anything else is an error listing the spellings. */
  public static AccessAction parse(String text) {
    for (AccessAction action : values()) {
      if (action.spelling().equals(text)) {
        return action;
      }
    }
    List<String> spellings = Arrays.stream(values()).map(AccessAction::spelling).toList();
    throw new InvalidDefinitionException(
        "unknown action "
            + Echo.of(text)
            + DidYouMean.sentenceEnd(text, spellings)
            + " Actions: "
            + String.join(", ", spellings));
  }
}
