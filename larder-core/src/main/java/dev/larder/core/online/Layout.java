package dev.larder.core.online;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feature names of a stored row, in the order its values are encoded. A row names its layout by
 * a 32-bit id derived from the names (the first four bytes of the SHA-256 of the names joined by
 * commas), so the id of a layout is the same in every process and every file, and rows written
 * before a view gained or reordered features still read correctly.
 */
final class Layout {
  private static final int MAX_PROJECTIONS = 256;

  private final int id;
  private final List<String> names;
  private final Map<String, Integer> positions = new HashMap<>();
  private final Map<List<String>, Projection> projections = new ConcurrentHashMap<>();

  /**
   * Where the requested features lie in a layout.
   *
   * @param target for each layout position, the index of the requested feature stored there, or -1
   * @param present for each requested feature, whether the layout holds it
   */
  record Projection(int[] target, boolean[] present) {}

  Layout(List<String> names) {
    this.names = List.copyOf(names);
    for (int i = 0; i < this.names.size(); i++) {
      positions.putIfAbsent(this.names.get(i), i);
    }
    this.id = idOf(text());
  }

  /** The layout stored as {@code text} (names joined by commas). */
  static Layout parse(String text) {
    return new Layout(text.isEmpty() ? List.of() : Arrays.asList(text.split(",", -1)));
  }

  int id() {
    return id;
  }

  List<String> names() {
    return names;
  }

  /** The names joined by commas, as stored. */
  String text() {
    return String.join(",", names);
  }

  /** Where {@code requested} lie in this layout. */
  Projection project(List<String> requested) {
    Projection known = projections.get(requested);
    if (known != null) {
      return known;
    }
    int[] target = new int[names.size()];
    Arrays.fill(target, -1);
    boolean[] present = new boolean[requested.size()];
    for (int i = 0; i < requested.size(); i++) {
      Integer p = positions.get(requested.get(i));
      if (p != null) {
        target[p] = i;
        present[i] = true;
      }
    }
    Projection projection = new Projection(target, present);
    if (projections.size() >= MAX_PROJECTIONS) {
      projections.clear();
    }
    projections.put(List.copyOf(requested), projection);
    return projection;
  }

  private static int idOf(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
