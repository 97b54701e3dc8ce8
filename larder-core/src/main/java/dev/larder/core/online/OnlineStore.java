package dev.larder.core.online;

import dev.larder.core.repo.RepoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 *   <li>Each call names the view with its {@link OnlineViewSchema}: its join keys and the features
 *       involved, with their declared types. The store serializes keys ({@link EntityKey}, typed
 *       values) and values in its own format (SQLite: {@link SqliteKeyFormat}; Redis: Feast's);
 *       rows of different views never mix.
 *   <li>Every method may be called from many threads at once.
 * </ul>
 *
 * <p>Optional abilities (writes prepared on another thread, say) are further interfaces that a
 * store class implements as well; callers ask for them with {@link #capability(Class)}.
 */
public interface OnlineStore extends AutoCloseable {
  /** Opens the store that the repository's {@code online_store.type} names. */
  static OnlineStore open(RepoConfig config) {
    return OnlineStoreFactory.forType(config.onlineStore().type()).open(config);
  }

  /** Where the store is, for messages: a file path or a connection string without secrets. */
  String location();

  /**
   * Writes {@code rows} of the view {@code view} names; each row holds the values of {@code
   * view.features()} in that order and replaces its key's whole stored row when it is not older. A
   * call that fails part-way leaves every key with its row from before the call or from it, whole.
   *
   * @throws IllegalArgumentException for a row whose number of values is not the number of
   *     features, a value of a type that no feature has, or a key of other join keys
   */
  void write(OnlineViewSchema view, List<OnlineRow> rows);

  /**
   * Reads the rows of {@code keys} in the view {@code view} names, with the values of {@code
   * view.features()}; the {@code i}-th element belongs to {@code keys.get(i)} and is {@code null}
   * when the key has no row.
   */
  List<StoredRow> read(OnlineViewSchema view, List<EntityKey> keys);

  /**
   * Reads several views for one request, as {@link #read} of each in order; a store whose reads
   * cross a network sends them together (Redis: one pipeline).
   *
   * @return for each element of {@code reads}, what {@link #read} gives
   */
  default List<List<StoredRow>> readAll(List<ViewKeys> reads) {
    List<List<StoredRow>> out = new ArrayList<>(reads.size());
    for (ViewKeys r : reads) {
      out.add(r.keys().isEmpty() ? List.of() : read(r.view(), r.keys()));
    }
    return out;
  }

  /**
   * Deletes every row of the view {@code view} names (its schema as its rows were written: a store
   * may need the join keys and features to find them); nothing happens if it has none.
   */
  void deleteView(OnlineViewSchema view);

  /**
   * Refuses a view this store cannot hold, before an apply commits it (Redis: join-key types that
   * Feast's keys cannot serialize); every view is accepted unless a store says otherwise.
   *
   * @throws dev.larder.core.InvalidDefinitionException naming the view, what is wrong and the fix
   */
  default void checkView(OnlineViewSchema view) {}

  /** Deletes every row of the project, of every view. */
  void deleteProject();

  /** This store as {@code type}, when it has that optional ability. */
  default <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  void close();
}
