package dev.larder.testkit;

import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.Lease;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryExport;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.RevisionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A store that runs {@code beforeCommit} between an apply's read and its commit, so that tests can
 * line up two applies that both read the same revision before either commits.
 */
public final class PausingRegistryStore implements RegistryStore {
  private final RegistryStore delegate;
  private final Runnable beforeCommit;

  public PausingRegistryStore(RegistryStore delegate, Runnable beforeCommit) {
    this.delegate = delegate;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public Optional<RegistrySnapshot> load() {
    return delegate.load();
  }

  @Override
  public long currentRevision() {
    return delegate.currentRevision();
  }

  @Override
  public void commit(long expectedRevision, RegistrySnapshot next) {
    beforeCommit.run();
    delegate.commit(expectedRevision, next);
  }

  @Override
  public List<RevisionInfo> history() {
    return delegate.history();
  }

  @Override
  public RecordedRun recordRun(RecordedRun run) {
    return delegate.recordRun(run);
  }

  @Override
  public List<RecordedRun> runs() {
    return delegate.runs();
  }

  @Override
  public Optional<RecordedRun> run(String id) {
    return delegate.run(id);
  }

  @Override
  public void appendMaterialization(
      String view, int viewVersion, MaterializationInterval interval) {
    delegate.appendMaterialization(view, viewVersion, interval);
  }

  @Override
  public void clearMaterializations() {
    delegate.clearMaterializations();
  }

  @Override
  public void appendAudit(AuditEntry entry) {
    delegate.appendAudit(entry);
  }

  @Override
  public List<AuditEntry> audit(Instant since) {
    return delegate.audit(since);
  }

  @Override
  public Lease claimLease(Lease claim, Predicate<Lease> abandoned) {
    return delegate.claimLease(claim, abandoned);
  }

  @Override
  public boolean renewLease(Lease lease, Instant until) {
    return delegate.renewLease(lease, until);
  }

  @Override
  public void releaseLease(Lease lease) {
    delegate.releaseLease(lease);
  }

  @Override
  public RegistryExport export() {
    return delegate.export();
  }

  @Override
  public void restore(RegistryExport export) {
    delegate.restore(export);
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return delegate.capability(type);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
