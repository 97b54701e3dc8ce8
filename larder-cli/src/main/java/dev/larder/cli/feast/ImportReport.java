package dev.larder.cli.feast;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import of a Feast registry could not carry over, and why, and what it carried over
 * differently.
 */
public final class ImportReport {
  /** An object or part of one that was left out: what (kind and name) and why. */
  public record Skipped(String what, String why) {}

  private final List<Skipped> skipped = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  void skip(String what, String why) {
    skipped.add(new Skipped(what, why));
  }

  void note(String text) {
    notes.add(text);
  }

  /** What was left out, in the order the import met it. */
  public List<Skipped> skipped() {
    return List.copyOf(skipped);
  }

  /** What was carried over with a change or a caveat. */
  public List<String> notes() {
    return List.copyOf(notes);
  }
}
