package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.model.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link RegistryStore} keeps of one project except its leases, as of one moment: what
 * {@link RegistryStore#export()} reads and {@link RegistryStore#restore} writes, so that a
 * project's registry moves to another backend ({@code larder registry copy}) with its whole history
 * and its original times. Immutable; two exports are equal when every part is.
 *
 * @param project the project
 * @param revisions every commit, oldest first: revisions 1, 2, … with no gap; empty when nothing
 *     was ever committed
 * @param current the current snapshot: its definitions with their {@link ObjectMetadata} and every
 *     feature view's versions (of deleted views too); at the last of {@code revisions}, or {@link
 *     RegistrySnapshot#empty} of {@code project} when there is none. Its own {@link
 *     RegistrySnapshot#materializations} are what {@code materializations} leaves current; a
 *     restore writes {@code materializations}, not them
 * @param materializations every materialization interval the store holds, in the order they were
 *     appended, with the view version each was recorded for: also those a later breaking version
 *     hid, which a snapshot no longer shows
 * @param runs every recorded training run, oldest first, under its recorded id (ids are unique)
 * @param audit the whole audit log, oldest first, with the original times; possible without any
 *     revision (an API key change before the first apply)
 */
public record RegistryExport(
    String project,
    List<RevisionInfo> revisions,
    RegistrySnapshot current,
    List<RegistryExport.Materialization> materializations,
    List<RecordedRun> runs,
    List<AuditEntry> audit) {

  /**
   * One appended materialization interval, as {@link RegistryStore#appendMaterialization} received
   * it.
   *
   * @param view the feature view
   * @param viewVersion the view's version the rows were read with (1 or more)
   * @param interval the interval and when it was recorded
   */
  public record Materialization(String view, int viewVersion, MaterializationInterval interval) {
    public Materialization {
      Objects.requireNonNull(view, "view");
      if (viewVersion < 1) {
        throw new IllegalArgumentException(
            "the interval of view " + Echo.of(view) + " names version " + viewVersion);
      }
      Objects.requireNonNull(interval, "interval");
    }
  }

  /**
   * Checks that the parts fit together: revisions numbered from 1 without a gap; {@code current} of
   * {@code project}, at the last revision and made by it; versions recorded by those revisions;
   * intervals of versions that exist; runs and intervals only with a revision; unique run ids.
   */
  public RegistryExport {
    Names.require("project", project);
    revisions = List.copyOf(revisions);
    Objects.requireNonNull(current, "current");
    materializations = List.copyOf(materializations);
    runs = List.copyOf(runs);
    audit = List.copyOf(audit);
    if (!current.project().equals(project)) {
      throw new IllegalArgumentException(
          "the snapshot of project "
              + Echo.of(current.project())
              + " cannot be exported as project "
              + Echo.of(project));
    }
    for (int i = 0; i < revisions.size(); i++) {
      if (revisions.get(i).revision() != i + 1) {
        throw new IllegalArgumentException(
            "revision " + revisions.get(i).revision() + " is listed where " + (i + 1) + " belongs");
      }
    }
    long last = revisions.size();
    if (current.revision() != last) {
      throw new IllegalArgumentException(
          "the current snapshot is at revision "
              + current.revision()
              + " but the history ends at revision "
              + last);
    }
    if (last > 0 && !current.lastCommit().orElseThrow().equals(revisions.get((int) last - 1))) {
      throw new IllegalArgumentException(
          "the current snapshot was made by "
              + current.lastCommit().orElseThrow()
              + ", not by the last revision of the history, "
              + revisions.get((int) last - 1));
    }
    for (FeatureViewVersion v : current.allVersions()) {
      if (v.revision() > last) {
        throw new IllegalArgumentException(
            "version "
                + v.number()
                + " of "
                + Echo.of(v.view())
                + " was recorded by revision "
                + v.revision()
                + ", after the last revision "
                + last);
      }
    }
    for (Materialization m : materializations) {
      if (m.viewVersion() > current.versions(m.view()).size()) {
        throw new IllegalArgumentException(
            "an interval of view "
                + Echo.of(m.view())
                + " was recorded for version "
                + m.viewVersion()
                + ", which the view never had");
      }
    }
    if (last == 0 && !runs.isEmpty()) {
      throw new IllegalArgumentException("training runs need a registry with a revision");
    }
    Set<String> ids = new HashSet<>();
    for (RecordedRun run : runs) {
      if (!ids.add(run.id())) {
        throw new IllegalArgumentException("run id " + Echo.of(run.id()) + " is listed twice");
      }
    }
  }

  /** Whether there is nothing to export: no revision and no audit entry. */
  public boolean isEmpty() {
    return revisions.isEmpty() && audit.isEmpty();
  }

  /**
   * What it holds, for messages: {@code 7 revisions, 3 objects, 4 feature view versions, 2
   * materialization intervals, 1 training run, 12 audit entries}.
   */
  public String summary() {
    return count(revisions.size(), "revision", "revisions")
        + ", "
        + count(current.definitions().all().size(), "object", "objects")
        + ", "
        + count(current.allVersions().size(), "feature view version", "feature view versions")
        + ", "
        + count(materializations.size(), "materialization interval", "materialization intervals")
        + ", "
        + count(runs.size(), "training run", "training runs")
        + ", "
        + count(audit.size(), "audit entry", "audit entries");
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
