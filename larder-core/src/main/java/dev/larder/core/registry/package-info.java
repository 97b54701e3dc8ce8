/**
 * The versioned registry (DESIGN A, B1; Feast's registry, plan and apply).
 *
 * <h2>Using it</h2>
 *
 * <pre>{@code
 * RepoConfig config = RepoConfig.load(repo);
 * try (Registry registry = Registry.open(config)) {            // store chosen by registry_type
 *   RepoDefinitions definitions = DefinitionLoader.load(repo);
 *   System.out.print(registry.plan(definitions).text());       // larder plan
 *   ApplyResult applied = registry.apply(definitions);         // larder apply
 *   registry.apply(definitions, ApplyOptions.ALLOW_BREAKING);  // larder apply --allow-breaking
 *   registry.versions("classification_features");              // larder feature-views versions
 *   System.out.print(registry.dumpJson());                     // larder registry-dump
 *   registry.snapshot().definitions().featureViews();          // list / describe
 *   registry.recordMaterialization("classification_features", start, end);  // materialize
 *   registry.recordRun(run);                                    // larder train (lineage)
 *   registry.runs();                                            // larder runs list
 *   registry.copyTo(RegistryStore.open(config.withRegistry(target)));  // larder registry copy
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Validation: {@link dev.larder.core.registry.Registry#plan} and {@link
 *       dev.larder.core.registry.Registry#apply} check the definitions against their data ({@code
 *       SourceValidator}) before comparing or writing; {@code DefinitionLoader} has already checked
 *       them against each other.
 *   <li>Plan: objects are compared by kind and name; apply creates, updates and deletes to match
 *       the definitions (objects no longer defined are deleted, as in Feast).
 *   <li>Compatible and breaking: every change of a plan is one or the other ({@link
 *       dev.larder.core.registry.ChangeImpact} has the table). Breaking: a removed or retyped
 *       feature; a view's entities, ttl or source; any field of its source; the join keys or value
 *       type of its entities; a deleted view or service; in a service, a removed projection or
 *       feature, a changed version pin, name_alias or join_key_map. Compatible: creations, added
 *       features, order, description, tags, owner, online. An apply with a breaking change needs
 *       {@link dev.larder.core.registry.ApplyOptions#ALLOW_BREAKING}; without it, it throws a
 *       {@code BreakingChangeException} listing them and writes nothing.
 *   <li>Revisions: every apply that changes something and every recorded materialization commits
 *       the next revision (1, 2, …) holding the whole new state; the commit succeeds only if no
 *       other commit came since the state was read, else it is a {@code CONFLICT} error and nothing
 *       is written.
 *   <li>Metadata: {@code created} is set when an object is first applied and survives updates;
 *       {@code last_updated} moves when an apply changes the object (or gives a view a new
 *       version). A recorded materialization changes neither.
 *   <li>Versions: a feature view gets version 1 when first applied and the next version whenever an
 *       apply changes its schema, entities, ttl or source — including the definition of the source
 *       it reads and the join keys or value type of its entities. Description, tags, owner and
 *       {@code online} do not make versions. Each version keeps the view, source and entities as
 *       applied, their SHA-256, when, by whom ({@code LARDER_USER}, else {@code user.name}) and
 *       what changed.
 *   <li>Pins: {@code view@v2:feature} and a feature service's {@code version: 2} read that version
 *       as it was recorded — its schema, ttl, source and entities — through {@link
 *       dev.larder.core.registry.RegistryLookup}; output names do not carry the version. Plan and
 *       apply check each service's pins against the versions the registry will hold (the version
 *       exists, or is the one this apply records; the features and join_key_map keys are that
 *       version's), since the definition files know only the current view.
 *   <li>Deletion: a deleted view's versions stay in the registry (for lineage). A view defined
 *       again after its deletion is a new object (new {@code created}, no materialization
 *       intervals) whose version continues the old numbering ({@code created_again}), so that a
 *       version number never names two definitions.
 *   <li>Materialization intervals belong to the current view: kept across its compatible versions,
 *       dropped with it and by a breaking change (whose online rows the {@code FeatureStore} facade
 *       deletes just before the commit), so an incremental materialization starts again from the
 *       beginning.
 *   <li>Training runs ({@link dev.larder.core.registry.RecordedRun}) are appended beside the
 *       snapshots, not committed as revisions: recording one changes no revision, so it never
 *       conflicts with an apply or a materialization, and no commit removes one. A run names the
 *       view versions it read ({@code view@v2:feature}), which must be in the registry; its id is
 *       unique in the project ({@code -2}, {@code -3}, … appended to a taken one).
 *   <li>Copying ({@code larder registry copy}, {@link dev.larder.core.registry.Registry#copyTo}): a
 *       project's whole registry but its leases ({@link dev.larder.core.registry.RegistryExport})
 *       moves to another store of any type, with every time, id and order kept, into a project that
 *       holds nothing there; the source is only read.
 * </ul>
 *
 * <h2>The SQLite file (schema version 1)</h2>
 *
 * WAL mode; one {@code BEGIN IMMEDIATE} transaction per commit; text times in ISO-8601 UTC;
 * definitions in {@code DefinitionJson} form. Each commit replaces the project's rows in the three
 * snapshot tables and appends to {@code registry_revisions}.
 *
 * <pre>
 * larder_schema             (version)                                    -- one row: 1
 * registry_revisions        (project, revision, committed_at, committed_by, summary)
 * registry_objects          (project, position, kind, name, definition, created, last_updated)
 * feature_view_versions     (project, view, version, definition, sha256, applied_at, applied_by,
 *                            revision, origin, changes)
 * materialization_intervals (project, view, position, start_ts, end_ts, recorded_at)
 * training_runs             (project, position, id, recorded_at, recorded_by, run)
 * </pre>
 *
 * {@code training_runs} came later without a new schema version: every write creates it if it is
 * missing ({@code CREATE TABLE IF NOT EXISTS}), and a file without it has no runs. Its {@code run}
 * is the run's {@code RecordedRunJson} text; a run is inserted in a {@code BEGIN IMMEDIATE}
 * transaction of its own that touches no snapshot row.
 *
 * <p>A version's {@code definition} is {@code {"feature_view":…,"source":…,"entities":[…]}} and its
 * {@code sha256} the hash of that exact text; {@code changes} is {@code
 * [{"field":…,"before":…,"after":…}]}. Versioned fixtures under {@code
 * src/test/resources/registry/} keep old files loading.
 */
package dev.larder.core.registry;
