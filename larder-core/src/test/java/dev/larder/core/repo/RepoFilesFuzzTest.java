package dev.larder.core.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.larder.core.FuzzVerdict;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the repository's files: a definitions file ({@link DefinitionLoader}) and {@code
 * feature_store.yaml} ({@link RepoConfig#load}, and the DuckDB options the engine reads from it).
 * Each input is the whole file; it must load or fail with a readable {@code LarderException} within
 * {@link FuzzVerdict#TIME_LIMIT}. What loads must also survive the registry's JSON form unchanged.
 *
 * <p>{@code mvn test} runs both on their seeds ({@code RepoFilesFuzzTestInputs/<method>/}, valid
 * files like the sample repository's) and on past findings; {@code .ci/fuzz} runs one in fuzzing
 * mode.
 */
class RepoFilesFuzzTest {
  private static Path work;
  private static Path definitionsRepo;
  private static Path configRepo;

  @BeforeAll
  static void makeRepos() throws IOException {
    work = Files.createTempDirectory("larder-fuzz-repo");
    definitionsRepo = Files.createDirectories(work.resolve("definitions"));
    configRepo = Files.createDirectories(work.resolve("config"));
  }

  @AfterAll
  static void removeRepos() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/dev/larder/core/repo/definitions.dict")
  void definitionsFile(byte[] input) throws Exception {
    Files.write(definitionsRepo.resolve("features.yaml"), input);
    FuzzVerdict.check(
        new String(input, UTF_8),
        () -> {
          RepoDefinitions loaded = DefinitionLoader.load(definitionsRepo);
          assertThat(DefinitionJson.readDefinitions(DefinitionJson.write(loaded)))
              .isEqualTo(loaded);
        });
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/dev/larder/core/repo/feature_store.dict")
  void featureStoreFile(byte[] input) throws Exception {
    Files.write(configRepo.resolve(RepoConfig.FILE), input);
    FuzzVerdict.check(
        new String(input, UTF_8),
        () -> {
          RepoConfig config = RepoConfig.load(configRepo);
          if (config.offlineStore().type().equals("duckdb")) {
            // the engine reads its options when it opens
            DuckDbSettings.of(config.offlineStore(), configRepo);
          }
        });
  }
}
