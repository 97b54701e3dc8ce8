package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A permission, on Feast's model: the resources it matches (by type, full-match name pattern and
 * required tags), the actions it allows on them, and the policy that says who is allowed. How
 * permissions decide a request is {@code dev.larder.core.access.AccessPolicy}'s job.
 *
 * <pre>
 * permissions:
 *   - name: ml-readers
 *     types: [feature_view, feature_service]     # or [all]
 *     name_patterns: ["classification_.*"]       # full-match regexes; empty = every name
 *     required_tags: {team: ml}                  # optional
 *     actions: [describe, read_online, read_offline]
 *     policy: {roles: [reader]}                  # allow if the user has any of these roles
 * </pre>
 *
 * @param name unique among permissions: letters, digits, {@code _ . -}
 * @param types the kinds of resource it matches, one or more ({@code [all]} is every kind)
 * @param namePatterns regular expressions a resource's whole name must match, one of them; empty
 *     matches every name
 * @param requiredTags tags a resource must carry with these values, sorted by key
 * @param actions the actions it allows, one or more
 * @param policy who is allowed
 * @param description free text ({@code ""} when absent)
 * @param tags the permission's own tags, sorted by key
 */
public record Permission(
    String name,
    Set<DefinitionKind> types,
    List<String> namePatterns,
    Map<String, String> requiredTags,
    Set<AccessAction> actions,
    RolePolicy policy,
    String description,
    Map<String, String> tags)
    implements Definition {

  /** The {@code types} entry that stands for every kind. */
  public static final String ALL_TYPES = "all";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  public Permission {
    if (name == null || name.isBlank()) {
      throw new InvalidDefinitionException("permission name is missing");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidDefinitionException(
          "permission name "
              + Echo.of(name)
              + " is not a valid name: use letters, digits, _, . and - only (e.g. "
              + Echo.of(name.strip().replaceAll("[^A-Za-z0-9_.-]+", "-"))
              + ")");
    }
    String who = Definition.label(DefinitionKind.PERMISSION, name);
    if (types == null || types.isEmpty()) {
      throw new InvalidDefinitionException(
          who
              + ": types is empty; list the kinds it governs, e.g. types: [feature_view,"
              + " feature_service], or types: [all]");
    }
    types = Collections.unmodifiableSet(EnumSet.copyOf(types));
    namePatterns = Checks.distinct(who, "name pattern", namePatterns, Permission::requirePattern);
    requiredTags = Checks.textMap(who, "required tag", requiredTags);
    if (actions == null || actions.isEmpty()) {
      throw new InvalidDefinitionException(
          who + ": actions is empty; list what it allows, e.g. actions: [describe, read_online]");
    }
    actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
    Checks.required(who, "policy", policy);
    description = Checks.text(description);
    tags = Checks.textMap(who, "tag", tags);
  }

  @Override
  public DefinitionKind kind() {
    return DefinitionKind.PERMISSION;
  }

  /** Whether it matches resources of every kind ({@code types: [all]}). */
  public boolean allTypes() {
    return types.size() == DefinitionKind.values().length;
  }

  /** {@code types} as written back: {@code [all]}, or each kind's spelling in kind order. */
  public List<String> typeSpellings() {
    return allTypes() ? List.of(ALL_TYPES) : types.stream().map(DefinitionKind::spelling).toList();
  }

  /**
   * The kinds that {@code spellings} name ({@code all} alone is every kind); an unknown type,
   * {@code all} with others, or a type given twice is an error naming it.
   */
  public static Set<DefinitionKind> parseTypes(Collection<String> spellings) {
    if (spellings.contains(ALL_TYPES)) {
      if (spellings.size() > 1) {
        throw new InvalidDefinitionException(
            "types lists all with other types; all covers every type, so write types: [all]"
                + " alone");
      }
      return EnumSet.allOf(DefinitionKind.class);
    }
    Set<DefinitionKind> kinds = EnumSet.noneOf(DefinitionKind.class);
    for (String spelling : spellings) {
      if (!kinds.add(DefinitionKind.parse(spelling))) {
        throw new InvalidDefinitionException(
            "types lists " + Echo.of(spelling) + " twice; list it once");
      }
    }
    return kinds;
  }

  /** The actions that {@code spellings} name; an unknown or repeated action is an error. */
  public static Set<AccessAction> parseActions(Collection<String> spellings) {
    Set<AccessAction> actions = EnumSet.noneOf(AccessAction.class);
    for (String spelling : spellings) {
      if (!actions.add(AccessAction.parse(spelling))) {
        throw new InvalidDefinitionException(
            "actions lists " + Echo.of(spelling) + " twice; list it once");
      }
    }
    return actions;
  }

  private static void requirePattern(String what, String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new InvalidDefinitionException(
          what + " is empty; leave name_patterns out to match every name");
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new InvalidDefinitionException(
          what
              + " "
              + Echo.of(pattern)
              + " is not a valid regular expression ("
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + "); e.g. \"classification_.*\" matches every name starting classification_",
          null,
          e);
    }
  }

  /** A builder for a permission called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link Permission}; each setting may be given once. */
  public static final class Builder {
    private final String name;
    private Set<DefinitionKind> types;
    private List<String> namePatterns;
    private Map<String, String> requiredTags;
    private Set<AccessAction> actions;
    private RolePolicy policy;
    private String description;
    private Map<String, String> tags;

    private Builder(String name) {
      this.name = name;
    }

    private String who() {
      return Definition.label(DefinitionKind.PERMISSION, name);
    }

    public Builder types(DefinitionKind... value) {
      types = Checks.once(who(), "types", types, Set.of(value));
      return this;
    }

    /** Every kind: {@code types: [all]}. */
    public Builder allTypes() {
      types = Checks.once(who(), "types", types, EnumSet.allOf(DefinitionKind.class));
      return this;
    }

    public Builder namePatterns(String... value) {
      namePatterns = Checks.once(who(), "name_patterns", namePatterns, List.of(value));
      return this;
    }

    public Builder requiredTags(Map<String, String> value) {
      requiredTags = Checks.once(who(), "required_tags", requiredTags, value);
      return this;
    }

    public Builder actions(AccessAction... value) {
      actions = Checks.once(who(), "actions", actions, Set.of(value));
      return this;
    }

    public Builder roles(String... value) {
      policy = Checks.once(who(), "policy", policy, new RolePolicy(List.of(value)));
      return this;
    }

    public Builder description(String value) {
      description = Checks.once(who(), "description", description, value);
      return this;
    }

    public Builder tags(Map<String, String> value) {
      tags = Checks.once(who(), "tags", tags, value);
      return this;
    }

    public Permission build() {
      return new Permission(
          name, types, namePatterns, requiredTags, actions, policy, description, tags);
    }
  }
}
