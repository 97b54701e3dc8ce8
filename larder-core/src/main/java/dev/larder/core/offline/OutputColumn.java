package dev.larder.core.offline;

import dev.larder.core.model.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One column of a historical retrieval's result as a {@link ResultFileWriter} writes it.
 *
 * @param name the column's name
 * @param type its type: an entity column's type as the engine read the entity rows ({@code
 *     event_timestamp} is always {@code TIMESTAMP_TZ}), a feature's {@link ColumnType#of declared
 *     type}
 */
public record OutputColumn(String name, ColumnType type) {
  public OutputColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * The result columns of {@code plan} (DESIGN B2, B5.5): {@code entityColumns} in input order,
   * then each view's features in plan order, in their declared types.
   */
  public static List<OutputColumn> of(Map<String, ColumnType> entityColumns, RetrievalPlan plan) {
    List<OutputColumn> out = new ArrayList<>();
    entityColumns.forEach((name, type) -> out.add(new OutputColumn(name, type)));
    for (ViewPlan view : plan.views()) {
      for (RequestedFeature f : view.features()) {
        out.add(new OutputColumn(f.outputName(), ColumnType.of(f.dtype())));
      }
    }
    return out;
  }

  /** What the column holds in Java ({@link FrameColumn.Kind#of}). */
  public FrameColumn.Kind kind() {
    return FrameColumn.Kind.of(type);
  }

  /** Whether values (or list elements) are 32-bit floats, which CSV writes in float form. */
  public boolean float32() {
    return type.sameAs(ColumnType.FLOAT32)
        || (type.family() == ColumnType.Family.LIST
            && type.elementType().sameAs(ColumnType.FLOAT32));
  }
}
