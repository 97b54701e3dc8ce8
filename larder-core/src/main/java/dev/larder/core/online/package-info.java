/**
 * The online side (DESIGN A, B6, B7): the {@link dev.larder.core.online.OnlineStore} where
 * materialized and pushed values are kept, in-process reads shaped like the feature server's
 * response, and pushes.
 *
 * <pre>{@code
 * try (FeatureStore store = FeatureStore.open(Path.of("feature_repo"))) {
 *   store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
 *   OnlineFeatures f = store.getOnlineFeatures(
 *       FeatureSelection.of("classification_features:feature_0"),
 *       Map.of("sample_index", List.of(1L, 2L, 999_999L)));
 *   f.featureNames();              // [sample_index, feature_0]
 *   f.values("feature_0");         // [0.42, -1.3, null]
 *   f.statuses("feature_0");       // [PRESENT, PRESENT, NOT_FOUND]
 *   f.eventTimestamps("feature_0"); // the rows' event times; the epoch for NOT_FOUND
 *   store.push("driver_push", Map.of("driver_id", List.of(1L),
 *       "event_timestamp", List.of("2025-11-01T12:00:00Z"), "speed", List.of(61.5)),
 *       PushMode.ONLINE_AND_OFFLINE);
 * }
 * }</pre>
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A stored row is replaced only by one whose {@code (event_ts, created_ts)} is not older, a
 *       null creation time ranking lowest; a write is atomic, so every key is whole.
 *   <li>Keys are typed ({@link dev.larder.core.online.EntityKey}): entity values convert to the
 *       declared key type exactly (B5.7), so {@code 1} and {@code 1L} and {@code "1"} find the same
 *       INT64 key, and {@code 1.5} is an error.
 *   <li>Statuses, first match wins: {@code NOT_FOUND} (no row, or the row predates the feature),
 *       {@code OUTSIDE_MAX_AGE} (ttl &gt; 0 and now − event_ts &gt; ttl; the value is still
 *       returned), {@code NULL_VALUE}, {@code PRESENT}.
 *   <li>Reads see the registry as of at most two seconds ago ({@link
 *       dev.larder.core.online.CachedSnapshot}); a plan is resolved once per request shape and
 *       registry revision.
 *   <li>Pushes check every column and value first; nothing is written when one is wrong.
 *   <li>The store holds the rows of each view's current definition only. A breaking apply deletes
 *       the rows of the views it changes or deletes (through {@code FeatureStore.apply}, just
 *       before the registry commit), so old rows are never read as the new definition. A pinned
 *       version ({@code view@v1:feature}) reads the current rows when no version since it was
 *       breaking (same features, types, keys and source; a changed ttl is compatible, and the
 *       pinned version's own ttl judges {@code OUTSIDE_MAX_AGE}); otherwise the pin is an {@code
 *       INVALID_ARGUMENT} error pointing at historical retrieval, and a deleted view's pin is
 *       {@code NOT_FOUND}.
 * </ul>
 *
 * <p>A store is told each view's typed schema ({@link dev.larder.core.online.OnlineViewSchema}) and
 * serializes keys and values in its own format. The SQLite store's file layout, key bytes ({@link
 * dev.larder.core.online.SqliteKeyFormat}) and value encoding are documented on {@link
 * dev.larder.core.online.SqliteOnlineStore}; every backend passes the contract tests of
 * larder-testkit ({@code dev.larder.testkit.OnlineStoreContract}).
 */
package dev.larder.core.online;
