package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.core.registry.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /materialize} of a view that another process is materializing (issue #8, item 4): 409
 * with code CONFLICT naming the view and the holder, not a 500; once the lease is released, 200.
 */
class MaterializeConflictTest {
  static final String BODY =
      "{\"start_ts\": \"2025-01-01\", \"end_ts\": \"2025-02-01T00:00:00Z\","
          + " \"feature_views\": [\"classification_features\"]}";

  @TempDir Path work;

  @Test
  void aViewBeingMaterializedElsewhereIsA409NamingTheHolder() throws Exception {
    try (ServedRepo served = new ServedRepo(work.resolve("repo"), ServerConfig.defaults())) {
      // as a 'larder materialize' in another live process on this host would hold it (pid 1)
      Instant now = Instant.now();
      Lease cli =
          new Lease(
              "materialize/classification_features",
              "cli-run",
              "cli-user",
              Lease.HOST,
              1,
              now,
              now.plus(Duration.ofSeconds(30)));
      assertThat(served.store.registry().claimLease(cli, held -> false)).isEqualTo(cli);

      ServedRepo.Answer refused = served.post("/materialize", BODY);
      assertThat(refused.status()).as(refused.body()).isEqualTo(409);
      JsonNode error = refused.json().get("error");
      assertThat(error.get("code").asText()).isEqualTo("CONFLICT");
      assertThat(error.get("message").asText())
          .contains("feature view 'classification_features' is being materialized by cli-user")
          .contains("(pid 1)");

      served.store.registry().releaseLease(cli);
      ServedRepo.Answer done = served.post("/materialize", BODY);
      assertThat(done.status()).as(done.body()).isEqualTo(200);
    }
  }
}
