package dev.larder.core.access;

import static dev.larder.core.model.AccessAction.CREATE;
import static dev.larder.core.model.AccessAction.DELETE;
import static dev.larder.core.model.AccessAction.DESCRIBE;
import static dev.larder.core.model.AccessAction.READ_OFFLINE;
import static dev.larder.core.model.AccessAction.READ_ONLINE;
import static dev.larder.core.model.AccessAction.UPDATE;
import static dev.larder.core.model.AccessAction.WRITE_OFFLINE;
import static dev.larder.core.model.AccessAction.WRITE_ONLINE;
import static dev.larder.core.model.DefinitionKind.DATA_SOURCE;
import static dev.larder.core.model.DefinitionKind.ENTITY;
import static dev.larder.core.model.DefinitionKind.FEATURE_SERVICE;
import static dev.larder.core.model.DefinitionKind.FEATURE_VIEW;
import static dev.larder.core.model.DefinitionKind.PERMISSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.model.AccessAction;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision table of {@link AccessPolicy}: each row is a set of permissions, a user's roles, a
 * resource, the requested actions and the expected decision.
 */
class AccessPolicyTest {
  /** The example permission. */
  static final Permission ML_READERS =
      Permission.builder("ml-readers")
          .types(FEATURE_VIEW, FEATURE_SERVICE)
          .namePatterns("classification_.*")
          .actions(DESCRIBE, READ_ONLINE, READ_OFFLINE)
          .roles("reader")
          .build();

  static final Permission TEAM_ML_WRITERS =
      Permission.builder("ml-writers")
          .types(FEATURE_VIEW)
          .requiredTags(Map.of("team", "ml"))
          .actions(WRITE_ONLINE, WRITE_OFFLINE)
          .roles("writer", "pipeline")
          .build();

  static final Permission ADMINS =
      Permission.builder("admins").allTypes().actions(AccessAction.values()).roles("admin").build();

  static final Permission ONLINE_ONLY =
      Permission.builder("online-writers")
          .types(FEATURE_VIEW)
          .actions(WRITE_ONLINE)
          .roles("writer")
          .build();

  static final Permission SOURCES =
      Permission.builder("sources")
          .types(DATA_SOURCE, ENTITY)
          .namePatterns("a", "b.*")
          .actions(DESCRIBE)
          .roles("reader")
          .build();

  static Stream<Arguments> table() {
    List<Permission> none = List.of();
    List<Permission> readers = List.of(ML_READERS);
    List<Permission> all = List.of(ML_READERS, TEAM_ML_WRITERS, ADMINS, ONLINE_ONLY, SOURCES);
    Map<String, String> ml = Map.of("team", "ml");
    return Stream.of(
        // no permission defined: everything is allowed, whatever the roles
        row("no permissions", none, roles(), view("anything"), Set.of(DELETE), true),
        row("no permissions, admin", none, roles("x"), perm("p"), Set.of(CREATE), true),
        // at least one permission: anything not allowed is denied
        row("default deny: entity", readers, roles("reader"), entity("sample"), DESCRIBE, false),
        row("default deny: no roles", readers, roles(), view("classification_f"), DESCRIBE, false),
        // types
        row("type matches", readers, roles("reader"), view("classification_f"), READ_ONLINE, true),
        row("service type", readers, roles("reader"), service("classification_s"), DESCRIBE, true),
        row(
            "source not in types",
            readers,
            roles("reader"),
            source("classification_s"),
            DESCRIBE,
            false),
        row("all types: permission", all, roles("admin"), perm("ml-readers"), UPDATE, true),
        row("all types: source", all, roles("admin"), source("s"), DELETE, true),
        // full-match name patterns
        row(
            "prefix only is no match",
            readers,
            roles("reader"),
            view("my_classification_f"),
            DESCRIBE,
            false),
        row(
            "pattern may match the empty rest",
            readers,
            roles("reader"),
            view("classification_"),
            DESCRIBE,
            true),
        row("second pattern", all, roles("reader"), source("bx"), DESCRIBE, true),
        row("exact pattern", all, roles("reader"), entity("a"), DESCRIBE, true),
        row("no pattern matches", all, roles("reader"), entity("ab"), DESCRIBE, false),
        row("empty patterns: every name", all, roles("writer"), view("zzz"), WRITE_ONLINE, true),
        // required tags
        row(
            "required tag present",
            all,
            roles("pipeline"),
            view("v", ml),
            Set.of(WRITE_OFFLINE),
            true),
        row(
            "required tag missing",
            all,
            roles("pipeline"),
            view("v"),
            Set.of(WRITE_OFFLINE),
            false),
        row(
            "required tag other value",
            all,
            roles("pipeline"),
            view("v", Map.of("team", "ops")),
            Set.of(WRITE_OFFLINE),
            false),
        // actions: one permission must cover every requested action
        row(
            "action not covered",
            readers,
            roles("reader"),
            view("classification_f"),
            WRITE_ONLINE,
            false),
        row(
            "both actions in one",
            all,
            roles("pipeline"),
            view("v", ml),
            Set.of(WRITE_ONLINE, WRITE_OFFLINE),
            true),
        row(
            "actions split over two",
            List.of(
                ONLINE_ONLY,
                Permission.builder("off")
                    .types(FEATURE_VIEW)
                    .actions(WRITE_OFFLINE)
                    .roles("writer")
                    .build()),
            roles("writer"),
            view("v"),
            Set.of(WRITE_ONLINE, WRITE_OFFLINE),
            false),
        row(
            "subset of actions",
            readers,
            roles("reader"),
            view("classification_f"),
            Set.of(DESCRIBE, READ_OFFLINE),
            true),
        // roles: any one of the policy's roles
        row("second role of policy", all, roles("pipeline"), view("v", ml), WRITE_ONLINE, true),
        row(
            "one of the user's roles",
            readers,
            roles("x", "reader"),
            view("classification_f"),
            DESCRIBE,
            true),
        row("wrong role", readers, roles("writer"), view("classification_f"), DESCRIBE, false),
        row(
            "role names are exact",
            readers,
            roles("Reader"),
            view("classification_f"),
            DESCRIBE,
            false),
        // several permissions: one allowing is enough
        row(
            "another permission allows",
            all,
            roles("writer"),
            view("classification_f"),
            WRITE_ONLINE,
            true),
        row("admin beats patterns", all, roles("admin"), view("other"), READ_OFFLINE, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(
      String name,
      List<Permission> permissions,
      Set<String> roles,
      Resource resource,
      Set<AccessAction> actions,
      boolean allowed) {
    AccessPolicy.Decision d =
        AccessPolicy.of(permissions).decide(new Principal("ana", roles), resource, actions);
    assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
  }

  @Test
  void reasonsSayWhy() {
    AccessPolicy policy = AccessPolicy.of(List.of(ML_READERS, TEAM_ML_WRITERS));
    Principal bob = Principal.of("bob", "reader");
    assertThat(AccessPolicy.of(List.of()).decide(bob, view("v"), Set.of(DELETE)).reason())
        .isEqualTo("no permissions are defined, so everything is allowed");
    assertThat(policy.decide(bob, view("classification_f"), Set.of(DESCRIBE)).reason())
        .isEqualTo("allowed by permission 'ml-readers'");
    assertThat(policy.decide(bob, view("classification_f"), Set.of(WRITE_ONLINE)).reason())
        .isEqualTo("no permission allows write_online on feature view 'classification_f'");
    assertThat(
            policy
                .decide(bob, view("v", Map.of("team", "ml")), Set.of(WRITE_OFFLINE, WRITE_ONLINE))
                .reason())
        .isEqualTo(
            "permission 'ml-writers' allows write_online and write_offline on feature view 'v'"
                + " only to roles pipeline, writer");
    assertThat(
            AccessPolicy.of(List.of(ONLINE_ONLY))
                .decide(bob, view("v"), Set.of(WRITE_ONLINE, WRITE_OFFLINE))
                .reason())
        .isEqualTo(
            "no permission allows write_online and write_offline on feature view 'v' (one"
                + " permission must allow all of these actions)");
  }

  @Test
  void openOnlyWithoutPermissions() {
    assertThat(AccessPolicy.of(List.of()).isOpen()).isTrue();
    assertThat(AccessPolicy.of(List.of(ML_READERS)).isOpen()).isFalse();
    assertThatThrownBy(
            () ->
                AccessPolicy.of(List.of(ML_READERS)).decide(Principal.of("a"), view("v"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rolesComeFromACommaSeparatedList() {
    assertThat(Principal.parseRoles("LARDER_ROLES", " reader, writer,,admin "))
        .containsExactly("admin", "reader", "writer");
    assertThat(Principal.parseRoles("LARDER_ROLES", null)).isEmpty();
    assertThatThrownBy(() -> Principal.parseRoles("LARDER_ROLES", "reader,data team"))
        .hasMessage("LARDER_ROLES names role 'data team', which is not a valid role name");
    assertThat(Principal.of("ana", "w", "r").describe()).isEqualTo("user 'ana' (roles: r, w)");
    assertThat(Principal.of("ana").describe()).isEqualTo("user 'ana' (no roles)");
  }

  private static Arguments row(
      String name,
      List<Permission> permissions,
      Set<String> roles,
      Resource resource,
      Object actions,
      boolean allowed) {
    @SuppressWarnings("unchecked")
    Set<AccessAction> set =
        actions instanceof AccessAction a ? Set.of(a) : (Set<AccessAction>) actions;
    return Arguments.of(name, permissions, roles, resource, set, allowed);
  }

  private static Set<String> roles(String... roles) {
    return Set.of(roles);
  }

  private static Resource view(String name) {
    return view(name, Map.of());
  }

  private static Resource view(String name, Map<String, String> tags) {
    return new Resource(FEATURE_VIEW, name, tags);
  }

  private static Resource service(String name) {
    return resource(FEATURE_SERVICE, name);
  }

  private static Resource source(String name) {
    return resource(DATA_SOURCE, name);
  }

  private static Resource entity(String name) {
    return resource(ENTITY, name);
  }

  private static Resource perm(String name) {
    return resource(PERMISSION, name);
  }

  private static Resource resource(DefinitionKind kind, String name) {
    return new Resource(kind, name, Map.of());
  }
}
