package dev.larder.core.access;

import dev.larder.core.access.AccessGuard.Check;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.ResolvedFeature;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one principal may see of one registry: the rule of {@code describe}, applied quietly (no
 * denial is audited) for filtering lists, counts, searches, lineage and runs. The feature store's
 * listings and the web UI all filter through this one class, so that nothing can show an object
 * that {@code describe} would refuse.
 *
 * <ul>
 *   <li>an object: {@code describe} on it (a name that is not defined is checked as an untagged
 *       resource, like any request naming it);
 *   <li>a training run: {@code describe} on every feature view it read;
 *   <li>an audit entry: {@code describe} on every registry object it names; an entry that names an
 *       API key only for that key's own user, or when no permission restricts anything (keys are
 *       local administration, which no permission governs).
 * </ul>
 *
 * <p>Made by {@link dev.larder.core.FeatureStore#visibility}; cheap, for one request or listing (it
 * remembers its answers; not thread-safe).
 */
public final class Visibility {
  private final AccessGuard guard;
  private final RepoDefinitions definitions;
  private final boolean unrestricted;
  private final Map<String, Boolean> decided = new HashMap<>();

  public Visibility(AccessGuard guard, RepoDefinitions definitions) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.definitions = Objects.requireNonNull(definitions, "definitions");
    this.unrestricted = !guard.enforced(definitions);
  }

  /** Whether no permission restricts what this principal sees (every check below is true). */
  public boolean unrestricted() {
    return unrestricted;
  }

  /** Whether the principal may describe {@code definition}. */
  public boolean sees(Definition definition) {
    return unrestricted
        || decided.computeIfAbsent(
            key(definition.kind(), definition.name()),
            k -> allows(new Check(Resource.of(definition), Set.of(AccessAction.DESCRIBE))));
  }

  /** Whether the principal may describe the object of {@code kind} called {@code name}. */
  public boolean sees(DefinitionKind kind, String name) {
    return unrestricted
        || decided.computeIfAbsent(
            key(kind, name),
            k -> allows(AccessChecks.on(definitions, kind, name, AccessAction.DESCRIBE)));
  }

  /** Whether the principal may see training run {@code run}: every feature view it read. */
  public boolean sees(RecordedRun run) {
    if (unrestricted) {
      return true;
    }
    for (ResolvedFeature f : run.inputs().features()) {
      if (!sees(DefinitionKind.FEATURE_VIEW, f.view())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the principal may see audit entry {@code entry}: every object it names ({@code
   * kind:name}) is a registry object the principal may describe; other objects (API keys) only when
   * nothing is restricted.
   */
  public boolean sees(AuditEntry entry) {
    if (unrestricted) {
      return true;
    }
    for (String object : entry.objects()) {
      if (object.equals("api_key:" + guard.principal().user())) {
        continue;
      }
      int colon = object.indexOf(':');
      DefinitionKind kind = colon < 0 ? null : kindSpelt(object.substring(0, colon));
      if (kind == null || !sees(kind, object.substring(colon + 1))) {
        return false;
      }
    }
    return true;
  }

  private boolean allows(Check check) {
    return guard.allows(definitions, check);
  }

  private static DefinitionKind kindSpelt(String spelling) {
    for (DefinitionKind kind : DefinitionKind.values()) {
      if (kind.spelling().equals(spelling)) {
        return kind;
      }
    }
    return null;
  }

  private static String key(DefinitionKind kind, String name) {
    return kind.spelling() + ":" + name;
  }
}
