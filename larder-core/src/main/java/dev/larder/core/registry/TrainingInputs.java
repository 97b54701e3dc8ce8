package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a training run read from the feature store: its lineage upstream of the model.
 *
 * @param features every feature retrieved, each with the view version it was resolved to, in
 *     retrieval order; not empty
 * @param sources the data sources those view versions read, in order of first use; not empty
 * @param featureService the feature service the features were requested through, if any
 * @param asOf the point in time the rows were retrieved as of (UTC)
 * @param entityRowsSha256 the SHA-256 of the entity rows asked about ({@code
 *     dev.larder.core.offline.EntityRowsHash}), lowercase hex
 * @param entityRows how many entity rows were asked about, before rows without features were
 *     dropped
 */
public record TrainingInputs(
    List<ResolvedFeature> features,
    List<String> sources,
    Optional<String> featureService,
    Instant asOf,
    String entityRowsSha256,
    long entityRows) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public TrainingInputs {
    features = List.copyOf(features);
    sources = List.copyOf(sources);
    Objects.requireNonNull(featureService, "featureService");
    Objects.requireNonNull(asOf, "asOf");
    if (features.isEmpty()) {
      throw new InvalidArgumentException("training inputs need at least one feature");
    }
    if (sources.isEmpty()) {
      throw new InvalidArgumentException("training inputs need the data sources they read");
    }
    if (entityRowsSha256 == null || !SHA256.matcher(entityRowsSha256).matches()) {
      throw new InvalidArgumentException(
          "the entity rows' SHA-256 must be 64 lowercase hex digits, got "
              + Echo.of(entityRowsSha256));
    }
    if (entityRows < 0) {
      throw new InvalidArgumentException("entity row count " + entityRows + " is negative");
    }
  }

  /** The view versions read ({@code view@v2}), in order of first use. */
  public List<String> viewVersions() {
    Set<String> out = new LinkedHashSet<>();
    features.forEach(f -> out.add(f.viewVersion()));
    return new ArrayList<>(out);
  }
}
