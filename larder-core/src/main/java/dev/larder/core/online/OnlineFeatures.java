package dev.larder.core.online;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Names;
import java.time.Instant;
import java.util.List;

/**
 * The result of an online read, column-oriented as Feast's feature server answers (DESIGN B7):
 * first the entity columns as given (values echoed, status {@code PRESENT}, epoch timestamps), then
 * the features in request order under their output names (B5.5). Every column holds one entry per
 * entity row, in the order of the request's rows.
 *
 * @param columns the columns, in order
 */
public record OnlineFeatures(List<OnlineColumn> columns) {
  public OnlineFeatures {
    columns = List.copyOf(columns);
    int rows = columns.isEmpty() ? 0 : columns.get(0).values().size();
    for (OnlineColumn c : columns) {
      if (c.values().size() != rows) {
        throw new IllegalArgumentException("columns of different lengths");
      }
    }
  }

  /** The column names in order: {@code metadata.feature_names} of the HTTP response. */
  public List<String> featureNames() {
    return columns.stream().map(OnlineColumn::name).toList();
  }

  /** The number of entity rows. */
  public int rowCount() {
    return columns.isEmpty() ? 0 : columns.get(0).values().size();
  }

  /** The column called {@code name}; a not-found error naming the columns otherwise. */
  public OnlineColumn column(String name) {
    for (OnlineColumn c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    List<String> names = featureNames();
    throw new NotFoundException(
        "no column "
            + Echo.of(name)
            + " in the online features"
            + DidYouMean.sentenceEnd(name, names)
            + " Columns: "
            + Names.listing(names));
  }

  /** The values of column {@code name}. */
  public List<Object> values(String name) {
    return column(name).values();
  }

  /** The statuses of column {@code name}. */
  public List<FeatureStatus> statuses(String name) {
    return column(name).statuses();
  }

  /** The event timestamps of column {@code name}. */
  public List<Instant> eventTimestamps(String name) {
    return column(name).eventTimestamps();
  }
}
