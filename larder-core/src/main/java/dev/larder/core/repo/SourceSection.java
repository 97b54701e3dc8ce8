package dev.larder.core.repo;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Names;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sources} of every definitions file. They are kept in order until all files are read,
 * because a push source may name a file source ({@code batch_source: my_file_source}) that a later
 * file defines; {@link #addTo} then resolves those names and adds every source.
 */
final class SourceSection {
  private static final List<String> FILE_KEYS =
      List.of(
          "name", "type", "path", "timestamp_field", "created_timestamp_column", "field_mapping");
  private static final List<String> PUSH_KEYS = List.of("name", "type", "batch_source");

  /** A source as read: complete, or a push source whose batch source is still a name. */
  private record Entry(YamlObject o, DataSource source, String batchSourceName) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, DataSource> byName = new LinkedHashMap<>();

  /** Reads one item of a {@code sources} list. */
  void read(YamlObject o) {
    String type = o.text("type", "add type: file (a Parquet or CSV file) or type: push");
    String name = o.optionalText("name");
    switch (type) {
      case "file" -> {
        YamlObject file = o.named("file source " + Echo.of(name));
        add(new Entry(file, fileSource(file), null));
      }
      case "push" -> readPush(o.named("push source " + Echo.of(name)));
      default ->
          throw o.error(
              "type",
              "type "
                  + Echo.of(type)
                  + " is not a source type"
                  + DidYouMean.sentenceEnd(type, List.of("file", "push"))
                  + " Use type: file (a Parquet or CSV file) or type: push");
    }
  }

  private void readPush(YamlObject push) {
    push.allow(PUSH_KEYS);
    YamlNode batch = push.node("batch_source");
    if (batch.isAbsent()) {
      throw push.error(
          "'batch_source' is missing; name the file source that holds its rows offline, e.g."
              + " batch_source: my_file_source");
    }
    if (batch.isScalar()) {
      add(new Entry(push, null, batch.scalar()));
      return;
    }
    YamlObject inline =
        YamlObject.of(batch, push.label() + ": batch_source", "{name: s, type: file, path: x}");
    String inlineName = inline.text("name", "give it a name, e.g. name: my_file_source");
    inline = inline.named(push.label() + ": batch_source " + Echo.of(inlineName));
    String inlineType = inline.optionalText("type");
    if (inlineType != null && !inlineType.equals("file")) {
      throw inline.error(
          "type",
          "a push source's batch_source must be a file source (type: file), not type: "
              + inlineType);
    }
    add(new Entry(push, pushSource(push, fileSource(inline)), null));
  }

  private void add(Entry entry) {
    entries.add(entry);
    if (entry.source() != null) {
      byName.putIfAbsent(entry.source().name(), entry.source());
    } else {
      byName.putIfAbsent(entry.o().optionalText("name"), null);
    }
  }

  /** Resolves named batch sources and adds every source to {@code builder}, in file order. */
  void addTo(RepoDefinitions.Builder builder) {
    for (Entry entry : entries) {
      DataSource source =
          entry.source() != null ? entry.source() : resolve(entry.o(), entry.batchSourceName());
      builder.add(source, entry.o().where());
    }
  }

  private PushSource resolve(YamlObject push, String batchName) {
    if (!byName.containsKey(batchName)) {
      List<String> names = new ArrayList<>(byName.keySet());
      throw push.error(
          "batch_source",
          "batch_source "
              + Echo.of(batchName)
              + " is not a defined source"
              + DidYouMean.sentenceEnd(batchName, names)
              + " Define it under sources: with type: file (defined sources: "
              + Names.listing(names)
              + ")");
    }
    if (!(byName.get(batchName) instanceof FileSource file)) {
      throw push.error(
          "batch_source",
          "batch_source "
              + Echo.of(batchName)
              + " is a push source; a push source's batch_source must be a file source"
              + " (type: file)");
    }
    return pushSource(push, file);
  }

  private static PushSource pushSource(YamlObject o, FileSource batch) {
    return o.build(() -> new PushSource(o.optionalText("name"), batch));
  }

  private static FileSource fileSource(YamlObject o) {
    o.allow(FILE_KEYS);
    String path =
        o.text(
            "path",
            "give a .parquet file, a directory of .parquet files or a .csv file, relative to the"
                + " repository, e.g. path: data/my_data.parquet");
    String timestamp =
        o.text(
            "timestamp_field", "name the event-time column, e.g. timestamp_field: event_timestamp");
    String created = o.optionalText("created_timestamp_column");
    Map<String, String> mapping = o.textMap("field_mapping", "{source_column: feature_name}");
    return o.build(() -> new FileSource(o.optionalText("name"), path, timestamp, created, mapping));
  }
}
