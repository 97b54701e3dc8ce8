package dev.larder.core.online;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where pushed rows go (the {@code to} of DESIGN B7's {@code POST /push}). */
public enum PushMode {
  /** The online store only. */
  ONLINE,
  /** A new Parquet file in the push source's batch source only. */
  OFFLINE,
  /** Both: the Parquet file first, then the online store. */
  ONLINE_AND_OFFLINE;

  /** Whether rows go to the online store. */
  public boolean online() {
    return this != OFFLINE;
  }

  /** Whether rows go to the batch source. */
  public boolean offline() {
    return this != ONLINE;
  }

  /** The spelling of the HTTP API: {@code online}, {@code offline}, {@code online_and_offline}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the HTTP API's spelling; anything else is an error listing the valid ones. */
  public static PushMode parse(String text) {
    for (PushMode mode : values()) {
      if (mode.spelling().equals(text)) {
        return mode;
      }
    }
    List<String> spellings = Arrays.stream(values()).map(PushMode::spelling).toList();
    throw new InvalidArgumentException(
        "push destination "
            + Echo.of(text)
            + " is not valid"
            + DidYouMean.sentenceEnd(text, spellings),
        "Use " + String.join(", ", spellings));
  }
}
