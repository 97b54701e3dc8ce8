package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.RepoDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Registry#copyTo}, behind {@code larder registry copy}: a registry built by applies,
 * materializations, runs and audit entries moves to another SQLite file and back, reading the same
 * through the {@link Registry} on each; an empty source and a target that holds the project are
 * refused with errors naming the fix, and the source is never changed.
 */
class RegistryCopyTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String P = TestDefinitions.PROJECT;

  @TempDir Path dir;

  private Registry registry(Path file, MutableClock clock) {
    return new Registry(new SqliteRegistryStore(file, P), P, d -> {}, clock, new Actor("ana"));
  }

  private static SqliteRegistryStore store(Path file) {
    return new SqliteRegistryStore(file, P);
  }

  /** Two applies (the second breaking), two intervals, a run, an audit entry. */
  private Registry applied(Path file) {
    MutableClock clock = new MutableClock(T0);
    Registry registry = registry(file, clock);
    registry.recordAudit(
        new AuditEntry(T0, "ana", List.of(), "apply", List.of(), AuditOutcome.OK, "revision 1"));
    registry.apply(TestDefinitions.classification());
    clock.advance(Duration.ofMinutes(1));
    registry.recordMaterialization(TestDefinitions.VIEW, T0.minusSeconds(3600), T0);
    clock.advance(Duration.ofMinutes(1));
    registry.apply(
        TestDefinitions.with(TestDefinitions.source("moved.parquet"), TestDefinitions.view()),
        ApplyOptions.ALLOW_BREAKING);
    registry.recordMaterialization(TestDefinitions.VIEW, T0, T0);
    registry.recordRun(TestRuns.run("r", T0.plusSeconds(300)));
    return registry;
  }

  private static void assertReadsTheSame(Registry copy, Registry original) {
    assertThat(copy.snapshot()).isEqualTo(original.snapshot());
    assertThat(copy.history()).isEqualTo(original.history());
    assertThat(copy.versions(TestDefinitions.VIEW))
        .isEqualTo(original.versions(TestDefinitions.VIEW));
    assertThat(copy.runs()).isEqualTo(original.runs());
    assertThat(copy.run("r")).isEqualTo(original.run("r"));
    assertThat(copy.audit(null)).isEqualTo(original.audit(null));
    assertThat(copy.dumpJson()).isEqualTo(original.dumpJson());
  }

  @Test
  void aCopyReadsTheSameAsTheOriginalAndCopiesBack() {
    Path file = dir.resolve("a/registry.db");
    Registry original = applied(file);
    RegistryExport before = store(file).export();

    Path elsewhere = dir.resolve("b/registry.db");
    RegistryExport copied = original.copyTo(store(elsewhere));
    assertThat(copied).isEqualTo(before);
    assertThat(copied.summary())
        .isEqualTo(
            "2 revisions, 4 objects, 2 feature view versions, 2 materialization intervals, 1"
                + " training run, 1 audit entry");
    Registry copy = registry(elsewhere, new MutableClock(T0));
    assertReadsTheSame(copy, original);
    assertThat(copy.snapshot().materializations(TestDefinitions.VIEW)).hasSize(1);
    assertThat(store(file).export()).as("the source is only read").isEqualTo(before);

    Path back = dir.resolve("c/registry.db");
    copy.copyTo(store(back));
    assertReadsTheSame(registry(back, new MutableClock(T0)), original);
  }

  @Test
  void aSourceThatHoldsNothingIsNotFound() {
    Registry empty = registry(dir.resolve("a/registry.db"), new MutableClock(T0));
    assertThatThrownBy(() -> empty.copyTo(store(dir.resolve("b/registry.db"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("holds nothing of project 'classification' to copy")
        .extracting(e -> ((LarderException) e).hint())
        .asString()
        .contains("larder apply");
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void aTargetThatHoldsTheProjectIsRefusedAndNeitherSideChanges() {
    Path file = dir.resolve("a/registry.db");
    Registry original = applied(file);
    RegistryExport source = store(file).export();
    Path elsewhere = dir.resolve("b/registry.db");
    registry(elsewhere, new MutableClock(T0)).apply(RepoDefinitions.empty());
    RegistryExport target = store(elsewhere).export();

    assertThatThrownBy(() -> original.copyTo(store(elsewhere)))
        .isInstanceOf(RegistryNotEmptyException.class)
        .hasMessage(
            "the registry "
                + elsewhere
                + " already holds project 'classification' (revision 1, 0 training runs, 0 audit"
                + " entries); a registry is copied only into a project that holds nothing yet,"
                + " and nothing was written")
        .satisfies(
            e -> assertThat(((LarderException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThat(store(elsewhere).export()).isEqualTo(target);
    assertThat(store(file).export()).isEqualTo(source);
    assertThatThrownBy(() -> original.copyTo(store(file)))
        .as("onto itself")
        .isInstanceOf(RegistryNotEmptyException.class);
  }
}
