package dev.larder.core.online;

import java.util.List;
import java.util.Objects;

/**
 * One view's part of an online read ({@link OnlineStore#readAll}): the view and the features to
 * read, and the keys.
 *
 * @param view the view, with the features to read
 * @param keys the keys to read, in the order of the result
 */
public record ViewKeys(OnlineViewSchema view, List<EntityKey> keys) {
  public ViewKeys {
    Objects.requireNonNull(view, "view");
    keys = List.copyOf(keys);
  }
}
