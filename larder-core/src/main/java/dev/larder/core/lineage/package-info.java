/**
 * Lineage (issue #5): where a trained model's features came from, as a graph data source → feature
 * view (version) → feature service → training run → model (run folder), built from the registry's
 * snapshot and its recorded runs ({@link dev.larder.core.registry.RecordedRun}).
 *
 * <pre>{@code
 * try (FeatureStore store = FeatureStore.open(repo)) {
 *   LineageGraph graph = store.lineage("classification_features", null);   // or NodeKind.VIEW
 *   System.out.print(LineageFormat.TEXT.render(graph));                     // larder lineage NAME
 *   store.runs();                                                           // larder runs list
 * }
 * }</pre>
 *
 * <p>A graph holds the focus (every version of a feature view, or one source, service or run), all
 * nodes upstream and all downstream of it, and the edges among them; siblings (another run of the
 * same view, say) appear only through a shared focus. Formats: {@link
 * dev.larder.core.lineage.LineageFormat} (text, JSON of format version 1, Graphviz DOT, Mermaid).
 */
package dev.larder.core.lineage;
