package dev.larder.postgres;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.ConcurrentAppliesContract;

/**
 * Issue #9's acceptance: eight processes applying different definitions at once to the same project
 * in one PostgreSQL registry (a schema of the test's own): every apply commits or is told to
 * re-run, no revision is lost or half-written.
 */
class PostgresConcurrentAppliesIT extends ConcurrentAppliesContract {
  @Override
  protected BackendSetup backends() {
    return BackendSetup.of(BackendSetup.Registry.POSTGRES, BackendSetup.Online.SQLITE);
  }
}
