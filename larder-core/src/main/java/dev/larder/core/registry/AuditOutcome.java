package dev.larder.core.registry;

import dev.larder.core.Echo;
import java.util.Locale;

/** How an audited action ended. */
public enum AuditOutcome {
  /** It was done. */
  OK,
  /** Permissions did not allow it; nothing was done. */
  DENIED,
  /** It failed with an error (which the entry's detail gives). */
  FAILED;

  /** The spelling of the audit log: {@code ok}, {@code denied}, {@code failed}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome spelt {@code text}. */
  public static AuditOutcome parse(String text) {
    for (AuditOutcome o : values()) {
      if (o.spelling().equals(text)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown audit outcome " + Echo.of(text));
  }
}
