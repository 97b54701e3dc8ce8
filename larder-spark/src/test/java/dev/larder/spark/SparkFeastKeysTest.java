package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.repo.RepoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key of Feast's {@code SparkOfflineStoreConfig} loads and is used: {@code staging_location}
 * for staged entity rows, {@code region} as the S3A endpoint region. No Spark session: the section
 * is only read.
 */
class SparkFeastKeysTest {
  @Test
  void feastsSparkKeysAreAcceptedAndUsed(@TempDir Path repo) throws Exception {
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
    SparkSettings settings = SparkSettings.of(config.offlineStore());
    assertThat(settings.sparkConf())
        .isEqualTo(
            Map.of("spark.master", "local[2]", "spark.hadoop.fs.s3a.endpoint.region", "eu-west-1"));
    assertThat(settings.stagingLocation()).isEqualTo("s3://bucket/staging");
    assertThat(config.warnings()).isEmpty();
  }
}
