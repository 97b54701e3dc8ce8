package dev.larder.core.online;

import dev.larder.core.repo.RepoConfig;
import java.util.List;

/**
 * Where materialized and pushed feature values are kept for low-latency reads (DESIGN A, B6): one
 * row per feature view and entity key, holding the view's values and the row's event and creation
 * times. Backends are chosen by {@code online_store.type} in {@code feature_store.yaml} through
 * {@link OnlineStoreFactory}; one store serves one project.
 *
 * <p>Contract, for every implementation (checked by larder-testkit's {@code
 * dev.larder.testkit.OnlineStoreContract}, which each backend's tests extend):
 *
 * <ul>
 *   <li>{@link #write} stores a row only if its {@code (event_ts, created_ts)} is not older than
 *       the stored row's (a null creation time ranks lowest); an older row is ignored. A call is
 *       atomic: after a crash every key holds either its row from before the call or from after it.
 *   <li>Reads before anything was written find nothing and create nothing.
 *   <li>A key is its bytes ({@link EntityKeyFormat}); rows of different views never mix.
 *   <li>Every method may be called from many threads at once.
 * </ul>
 */
public interface OnlineStore extends AutoCloseable {
  /** Opens the store that the repository's {@code online_store.type} names. */
  static OnlineStore open(RepoConfig config) {
    return OnlineStoreFactory.forType(config.onlineStore().type()).open(config);
  }

  /** Where the store is, for messages: a file path or a connection string without secrets. */
  String location();

  /**
   * Writes {@code rows} of feature view {@code view}; each row holds the values of {@code features}
   * in that order and replaces its key's whole stored row when it is not older. A call that fails
   * part-way leaves every key with its row from before the call or from it, whole.
   *
   * @throws IllegalArgumentException for a row whose number of values is not the number of
   *     features, or a value of a type that no feature has
   */
  void write(String view, List<String> features, List<OnlineRow> rows);

  /**
   * Reads the rows of {@code keys} in view {@code view}, with the values of {@code features}; the
   * {@code i}-th element belongs to {@code keys.get(i)} and is {@code null} when the key has no
   * row.
   */
  List<StoredRow> read(String view, List<String> features, List<EntityKey> keys);

  /** Deletes every row of view {@code view}; nothing happens if it has none. */
  void deleteView(String view);

  /** Deletes every row of the project, of every view. */
  void deleteProject();

  @Override
  void close();
}
