package dev.larder.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.AccessAction;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Permission;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AccessPolicy#covers}: what the web UI's permission page lists. */
class AccessPolicyCoversTest {
  static final Permission READERS =
      Permission.builder("readers")
          .types(DefinitionKind.FEATURE_VIEW, DefinitionKind.FEATURE_SERVICE)
          .namePatterns("classification_.*", "classifier")
          .requiredTags(Map.of("team", "ml"))
          .actions(AccessAction.DESCRIBE)
          .roles("reader")
          .build();

  @Test
  void aPermissionCoversResourcesOfItsTypesNamesAndTags() {
    Map<String, String> ml = Map.of("team", "ml", "other", "x");
    assertThat(
            AccessPolicy.covers(
                READERS, new Resource(DefinitionKind.FEATURE_VIEW, "classification_features", ml)))
        .isTrue();
    assertThat(
            AccessPolicy.covers(
                READERS, new Resource(DefinitionKind.FEATURE_SERVICE, "classifier", ml)))
        .isTrue();
    // the whole name must match a pattern
    assertThat(
            AccessPolicy.covers(
                READERS, new Resource(DefinitionKind.FEATURE_SERVICE, "classifier_2", ml)))
        .isFalse();
    // another kind
    assertThat(
            AccessPolicy.covers(
                READERS, new Resource(DefinitionKind.ENTITY, "classification_features", ml)))
        .isFalse();
    // a required tag missing or different
    assertThat(
            AccessPolicy.covers(
                READERS,
                new Resource(
                    DefinitionKind.FEATURE_VIEW, "classification_features", Map.of("team", "ops"))))
        .isFalse();
  }

  @Test
  void aPermissionOfAllTypesWithoutPatternsCoversEverything() {
    Permission all =
        Permission.builder("admins")
            .allTypes()
            .actions(AccessAction.DESCRIBE)
            .roles("admin")
            .build();
    for (DefinitionKind kind : DefinitionKind.values()) {
      assertThat(AccessPolicy.covers(all, new Resource(kind, "anything", Map.of()))).isTrue();
    }
  }
}
