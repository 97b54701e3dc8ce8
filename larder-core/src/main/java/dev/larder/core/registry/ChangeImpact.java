package dev.larder.core.registry;

import dev.larder.core.model.DefinitionKind;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a change that an apply makes keeps working what was read before: {@code compatible} or
 * {@code breaking}, with a short reason. An apply with a breaking change needs {@code
 * --allow-breaking} ({@link ApplyOptions#ALLOW_BREAKING}).
 *
 * <p>The rules, by kind and field (as {@link FieldChange} names them):
 *
 * <table>
 *   <caption>Compatible and breaking changes</caption>
 *   <tr><th>object</th><th>compatible</th><th>breaking</th></tr>
 *   <tr><td>feature view</td>
 *       <td>an added feature; the order of the features; {@code ttl} (it bounds how old a row
 *           may be when read, so every stored row stays valid); {@code description}, {@code
 *           tags}, {@code owner}, {@code online}; a feature's
 *           {@code description} and {@code tags}</td>
 *       <td>a removed or retyped feature; {@code entities}, {@code source}; any
 *           field of its source ({@code source.path}, …); the join keys or value type of one of
 *           its entities ({@code entities.sample.join_keys}); deleting the view</td></tr>
 *   <tr><td>entity</td><td>{@code description}, {@code tags}, {@code owner}</td>
 *       <td>{@code join_keys}, {@code value_type}</td></tr>
 *   <tr><td>data source</td><td>—</td><td>any field: every field decides which rows are read</td>
 *   </tr>
 *   <tr><td>feature service</td>
 *       <td>an added projection or feature; the order of its projections; {@code description},
 *           {@code tags}, {@code owner}</td>
 *       <td>a removed projection or feature; a changed {@code version} pin, {@code name_alias}
 *           or {@code join_key_map}; deleting the service</td></tr>
 * </table>
 *
 * Creating anything, and deleting an entity or a data source (which nothing can still use), is
 * compatible. A field this table does not name is breaking, so that a new field errs on the safe
 * side.
 *
 * @param breaking whether the change is breaking
 * @param why what it does, in a few words ({@code retyped feature}); empty when a compatible change
 *     needs no explanation
 */
public record ChangeImpact(boolean breaking, String why) {
  private static final Set<String> FREE_TEXT = Set.of("description", "tags", "owner");
  private static final String ALL_FEATURES = "(all features)";

  public ChangeImpact {
    Objects.requireNonNull(why, "why");
  }

  /** How {@code change} to an object of {@code kind} affects readers. */
  public static ChangeImpact of(DefinitionKind kind, FieldChange change) {
    String top = change.topField();
    if (FREE_TEXT.contains(top)) {
      return compatible("");
    }
    return switch (kind) {
      case FEATURE_VIEW -> ofView(change);
      case ENTITY -> breaking("changed " + entityField(top));
      case DATA_SOURCE -> breaking("changed source");
      case FEATURE_SERVICE -> ofService(change);
      // Who may do what changes, not what is read; apply judges it by the permissions before it.
      case PERMISSION -> compatible("");
    };
  }

  /** How deleting an object of {@code kind} affects readers. */
  public static ChangeImpact ofDeletion(DefinitionKind kind) {
    return switch (kind) {
      case FEATURE_VIEW -> breaking("its features can no longer be read");
      case FEATURE_SERVICE -> breaking("it can no longer be read");
      case ENTITY, DATA_SOURCE, PERMISSION -> compatible("");
    };
  }

  private static ChangeImpact ofView(FieldChange c) {
    String field = c.field();
    if (field.equals("online")) {
      return compatible("");
    }
    if (c.isFeatureText()) {
      return compatible("");
    }
    if (field.equals("schema order")) {
      return compatible("reordered features");
    }
    if (field.startsWith("schema.")) {
      if (c.before().equals(FieldChange.NONE)) {
        return compatible("added feature");
      }
      return c.after().equals(FieldChange.NONE)
          ? breaking("removed feature")
          : breaking("retyped feature");
    }
    if (field.equals("ttl")) {
      // ttl bounds how old a row may be when it is read (B5.1, B6's OUTSIDE_MAX_AGE); it changes
      // no stored row, so the online rows and materialized intervals stay valid.
      return compatible("ttl applies at read time");
    }
    if (field.equals("source") || field.startsWith("source.")) {
      return breaking("changed source");
    }
    if (field.equals("entities")) {
      return breaking("changed entities");
    }
    if (field.startsWith("entities.")) {
      return breaking("changed " + entityField(field.substring(field.lastIndexOf('.') + 1)));
    }
    return breaking("changed " + c.topField());
  }

  private static String entityField(String field) {
    return switch (field) {
      case "join_keys" -> "join keys";
      case "value_type" -> "join key type";
      default -> field;
    };
  }

  /**
   * Service changes: {@code features.<name>} (a projection added or removed), {@code
   * features.<name>.<key>}, {@code features order}.
   */
  private static ChangeImpact ofService(FieldChange c) {
    String field = c.field();
    if (field.equals("features order")) {
      return compatible("reordered projections");
    }
    if (!field.startsWith("features.")) {
      return breaking("changed " + c.topField());
    }
    String rest = field.substring("features.".length());
    int dot = rest.indexOf('.');
    if (dot < 0) {
      return c.before().equals(FieldChange.NONE)
          ? compatible("added projection")
          : breaking("removed projection");
    }
    String key = rest.substring(dot + 1);
    if (key.equals("features")) {
      return selectionChange(c.before(), c.after());
    }
    if (key.equals("version")) {
      return breaking("changed version pin");
    }
    if (key.startsWith("name_alias")) {
      return breaking("changed full feature names");
    }
    if (key.startsWith("join_key_map")) {
      return breaking("changed entity columns");
    }
    return breaking("changed " + key);
  }

  /** A projection's features, rendered {@code (all features)} or {@code [a, b]}. */
  private static ChangeImpact selectionChange(String before, String after) {
    if (after.equals(ALL_FEATURES)) {
      return compatible("added features");
    }
    if (before.equals(ALL_FEATURES)) {
      return breaking("removed features");
    }
    return names(after).containsAll(names(before))
        ? compatible("added features")
        : breaking("removed features");
  }

  private static List<String> names(String rendered) {
    String inner = rendered.substring(1, rendered.length() - 1);
    return Arrays.asList(inner.split(", "));
  }

  static ChangeImpact compatible(String why) {
    return new ChangeImpact(false, why);
  }

  static ChangeImpact breaking(String why) {
    return new ChangeImpact(true, why);
  }

  /** {@code compatible} or {@code breaking}. */
  public String label() {
    return breaking ? "breaking" : "compatible";
  }

  /** {@code breaking: retyped feature}, or {@code compatible} when there is no reason. */
  @Override
  public String toString() {
    return why.isEmpty() ? label() : label() + ": " + why;
  }
}
