package dev.larder.testkit;

import dev.larder.core.model.Definition;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.FieldChange;
import dev.larder.core.registry.ObjectMetadata;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RevisionInfo;
import dev.larder.core.registry.VersionOrigin;
import dev.larder.core.registry.VersionedDefinition;
import java.time.Instant;
import java.util.List;

/** Registry snapshots built directly with the builder, for store tests. */
public final class TestSnapshots {
  private TestSnapshots() {}

  /**
   * Revision {@code revision} of {@code project} holding {@code definitions}, every object created
   * at {@code at}, every view at version 1.
   */
  public static RegistrySnapshot of(
      String project, long revision, RepoDefinitions definitions, Instant at) {
    RegistrySnapshot.Builder b =
        RegistrySnapshot.builder(project)
            .lastCommit(new RevisionInfo(revision, at, "tester", "apply: test " + revision))
            .definitions(definitions);
    for (Definition d : definitions.all()) {
      b.metadata(d.kind(), d.name(), ObjectMetadata.createdAt(at));
    }
    for (FeatureView view : definitions.featureViews()) {
      VersionedDefinition v = VersionedDefinition.of(view, definitions);
      b.version(
          new FeatureViewVersion(
              view.name(),
              1,
              v,
              v.sha256(),
              at,
              "tester",
              1,
              VersionOrigin.CREATED,
              List.of(new FieldChange("note", "a", "b"))));
    }
    return b.freeze();
  }
}
