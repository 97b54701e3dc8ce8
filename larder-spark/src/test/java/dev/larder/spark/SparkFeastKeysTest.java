package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.repo.RepoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key of Feast's {@code SparkOfflineStoreConfig} loads; those Larder does not use warn once
 * each. No Spark session: the section is only read.
 */
class SparkFeastKeysTest {
  @Test
  void feastsSparkKeysAreAcceptedWithOneWarningEachForThoseLarderDoesNotUse(@TempDir Path repo)
      throws Exception {
    Files.writeString(
        repo.resolve(RepoConfig.FILE),
        """
        project: p
        registry: data/registry.db
        offline_store:
          type: spark
          spark_conf: {spark.master: "local[2]"}
          staging_location: s3://bucket/staging
          region: eu-west-1
        """);
    RepoConfig config = RepoConfig.load(repo);
    assertThat(SparkSettings.of(config.offlineStore()).sparkConf())
        .isEqualTo(Map.of("spark.master", "local[2]"));
    assertThat(config.warnings())
        .extracting(w -> w.substring(w.indexOf(": ") + 2, w.indexOf(" is Feast's")))
        .containsExactly("offline_store.staging_location", "offline_store.region");
  }
}
