package dev.larder.core.offline.duckdb;

import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.xerial.snappy.Snappy;

/**
 * Reads the values of chosen rows of some flat numeric columns of one Parquet file, decoding only
 * those rows (a row may be chosen more than once). Every page that holds a chosen row is read and
 * decompressed, but of its values only the chosen rows' are decoded: in place for PLAIN pages,
 * through the page's dictionary indices otherwise. A point-in-time join's winners are a tenth of
 * its source's rows or fewer, spread over every page, so few pages can be skipped; what this saves
 * is the decoding of every other row and the hash join on the row position that a scan needs to
 * find the winners again.
 *
 * <p>It reads columns of physical type DOUBLE, FLOAT, INT64 or INT32 (no logical type, or signed
 * integers of their own width) that are REQUIRED or OPTIONAL at the top of the schema and are
 * declared as that same type (Float64, Float32, Int64, Int32), in version 1 data pages encoded
 * PLAIN or through a dictionary, with RLE definition levels, uncompressed or compressed with
 * SNAPPY. Anything else throws {@link Unsupported}, before or while reading, and the caller fetches
 * with DuckDB instead. An instance holds buffers and is used by one thread at a time.
 */
final class ParquetRowFetch implements AutoCloseable {
  /** The file or a column holds something this reader does not decode. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * The chosen rows' values of one column: {@code values[i]} is the value of the {@code i}-th
   * chosen row (a DOUBLE's or FLOAT's bits, or the integer), unless {@code nulls[i]}.
   */
  record Column(long[] values, boolean[] nulls) {}

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private final FileChannel channel;
  private final FileMetaData meta;
  private final int[] leaves;
  private final Type[] types;
  private final boolean[] optional;
  private byte[] chunk = new byte[0];
  private byte[] page = new byte[0];

  private ParquetRowFetch(
      FileChannel channel, FileMetaData meta, int[] leaves, Type[] types, boolean[] optional) {
    this.channel = channel;
    this.meta = meta;
    this.leaves = leaves;
    this.types = types;
    this.optional = optional;
  }

  /**
   * Opens {@code file} to read {@code columns}, each to be read as the matching {@code dtypes}
   * entry.
   *
   * @throws Unsupported when a column is missing, nested, or of another type
   */
  static ParquetRowFetch open(Path file, List<String> columns, List<FeatureType> dtypes)
      throws IOException, Unsupported {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      FileMetaData meta = footer(channel);
      List<SchemaElement> schema = meta.getSchema();
      List<String> names = new ArrayList<>();
      List<SchemaElement> elements = new ArrayList<>();
      topLevelLeaves(schema, names, elements);
      int[] leaves = new int[columns.size()];
      Type[] types = new Type[columns.size()];
      boolean[] optional = new boolean[columns.size()];
      for (int c = 0; c < columns.size(); c++) {
        int leaf = find(names, columns.get(c));
        SchemaElement e = elements.get(leaf);
        types[c] = supportedType(e, dtypes.get(c));
        optional[c] = e.getRepetition_type() == FieldRepetitionType.OPTIONAL;
        leaves[c] = leaf;
      }
      return new ParquetRowFetch(channel, meta, leaves, types, optional);
    } catch (IOException | Unsupported | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The row offsets of the file's row groups, with the total row count last. */
  long[] rowGroupStarts() {
    List<RowGroup> groups = meta.getRow_groups();
    long[] starts = new long[groups.size() + 1];
    for (int g = 0; g < groups.size(); g++) {
      starts[g + 1] = starts[g] + groups.get(g).getNum_rows();
    }
    return starts;
  }

  /**
   * Reads row group {@code group}'s values of every column for {@code rows[from..to)} (ascending
   * row numbers in the file, all within the group) into {@code out} at the same indexes.
   */
  void read(int group, long groupStart, long[] rows, int from, int to, Column[] out)
      throws IOException, Unsupported {
    RowGroup rowGroup = meta.getRow_groups().get(group);
    for (int c = 0; c < leaves.length; c++) {
      ColumnChunk columnChunk = rowGroup.getColumns().get(leaves[c]);
      readChunk(columnChunk, c, groupStart, rows, from, to, out[c]);
    }
  }

  private void readChunk(
      ColumnChunk columnChunk, int c, long groupStart, long[] rows, int from, int to, Column out)
      throws IOException, Unsupported {
    if (columnChunk.isSetFile_path()) {
      throw new Unsupported("a column chunk lies in another file");
    }
    ColumnMetaData md = columnChunk.getMeta_data();
    CompressionCodec codec = md.getCodec();
    if (codec != CompressionCodec.UNCOMPRESSED && codec != CompressionCodec.SNAPPY) {
      throw new Unsupported("compression " + codec);
    }
    long start = md.getData_page_offset();
    if (md.isSetDictionary_page_offset() && md.getDictionary_page_offset() > 0) {
      start = Math.min(start, md.getDictionary_page_offset());
    }
    long size = md.getTotal_compressed_size();
    if (size > Integer.MAX_VALUE - 8 || size < 0) {
      throw new Unsupported("a column chunk of " + size + " bytes");
    }
    int length = (int) size;
    if (chunk.length < length) {
      chunk = new byte[length];
    }
    readFully(start, length);
    boolean noNulls =
        !optional[c]
            || (md.isSetStatistics()
                && md.getStatistics().isSetNull_count()
                && md.getStatistics().getNull_count() == 0);
    int width = types[c] == Type.DOUBLE || types[c] == Type.INT64 ? 8 : 4;
    byte[] dictionary = null;
    int dictionarySize = 0;
    long pageStart = groupStart;
    int next = from;
    int pos = 0;
    while (pos < length && next < to) {
      ByteArrayInputStream in = new ByteArrayInputStream(chunk, pos, length - pos);
      PageHeader header = Util.readPageHeader(in);
      pos = length - in.available();
      int compressed = header.getCompressed_page_size();
      switch (header.getType()) {
        case DICTIONARY_PAGE -> {
          Encoding encoding = header.getDictionary_page_header().getEncoding();
          if (encoding != Encoding.PLAIN && encoding != Encoding.PLAIN_DICTIONARY) {
            throw new Unsupported("dictionary encoding " + encoding);
          }
          dictionary = decompress(codec, pos, compressed, header.getUncompressed_page_size());
          dictionarySize = header.getDictionary_page_header().getNum_values();
          if (dictionary == chunk) {
            dictionary = java.util.Arrays.copyOfRange(chunk, pos, pos + compressed);
          } else {
            dictionary = java.util.Arrays.copyOf(dictionary, header.getUncompressed_page_size());
          }
        }
        case DATA_PAGE -> {
          DataPageHeader data = header.getData_page_header();
          long pageEnd = pageStart + data.getNum_values();
          int last = next;
          while (last < to && rows[last] < pageEnd) {
            last++;
          }
          if (last > next) {
            byte[] bytes = decompress(codec, pos, compressed, header.getUncompressed_page_size());
            int offset = bytes == chunk ? pos : 0;
            decodePage(
                bytes,
                offset,
                header.getUncompressed_page_size(),
                data,
                c,
                noNulls,
                width,
                dictionary,
                dictionarySize,
                pageStart,
                rows,
                next,
                last,
                out);
            next = last;
          }
          pageStart = pageEnd;
        }
        case INDEX_PAGE -> {
          // no values
        }
        default -> throw new Unsupported("page type " + header.getType());
      }
      pos += compressed;
    }
    if (next < to) {
      throw new Unsupported("a column chunk ends before its row group's last row");
    }
  }

  private void decodePage(
      byte[] bytes,
      int offset,
      int length,
      DataPageHeader data,
      int c,
      boolean noNulls,
      int width,
      byte[] dictionary,
      int dictionarySize,
      long pageStart,
      long[] rows,
      int from,
      int to,
      Column out)
      throws IOException, Unsupported {
    int n = data.getNum_values();
    int p = offset;
    int end = offset + length;
    int[] index = new int[to - from];
    boolean[] present = new boolean[to - from];
    if (optional[c]) {
      if (data.getDefinition_level_encoding() != Encoding.RLE) {
        throw new Unsupported("definition levels encoded " + data.getDefinition_level_encoding());
      }
      int levels = ByteBuffer.wrap(bytes, p, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      p += 4;
      if (noNulls) {
        for (int i = from; i < to; i++) {
          index[i - from] = (int) (rows[i] - pageStart);
          present[i - from] = true;
        }
      } else {
        RunLengthBitPackingHybridDecoder decoder =
            new RunLengthBitPackingHybridDecoder(
                1, ByteBufferInputStream.wrap(ByteBuffer.wrap(bytes, p, levels)));
        int nonNull = 0;
        int i = from;
        for (int row = 0; row < n && i < to; row++) {
          boolean defined = decoder.readInt() == 1;
          while (i < to && rows[i] == pageStart + row) {
            index[i - from] = nonNull;
            present[i - from] = defined;
            i++;
          }
          if (defined) {
            nonNull++;
          }
        }
      }
      p += levels;
    } else {
      for (int i = from; i < to; i++) {
        index[i - from] = (int) (rows[i] - pageStart);
        present[i - from] = true;
      }
    }
    ByteBuffer values = ByteBuffer.wrap(bytes, 0, end).order(ByteOrder.LITTLE_ENDIAN);
    Encoding encoding = data.getEncoding();
    if (encoding == Encoding.PLAIN) {
      for (int i = from; i < to; i++) {
        if (present[i - from]) {
          int at = p + index[i - from] * width;
          if (at + width > end) {
            throw new Unsupported("a page shorter than its values");
          }
          out.values[i] = width == 8 ? values.getLong(at) : values.getInt(at);
        } else {
          out.nulls[i] = true;
        }
      }
    } else if (encoding == Encoding.RLE_DICTIONARY || encoding == Encoding.PLAIN_DICTIONARY) {
      if (dictionary == null) {
        throw new Unsupported("a dictionary-encoded page without a dictionary");
      }
      int bitWidth = bytes[p] & 0xff;
      RunLengthBitPackingHybridDecoder decoder =
          new RunLengthBitPackingHybridDecoder(
              bitWidth, ByteBufferInputStream.wrap(ByteBuffer.wrap(bytes, p + 1, end - p - 1)));
      ByteBuffer entries = ByteBuffer.wrap(dictionary).order(ByteOrder.LITTLE_ENDIAN);
      int read = 0;
      int current = 0;
      for (int i = from; i < to; i++) {
        if (!present[i - from]) {
          out.nulls[i] = true;
          continue;
        }
        int wanted = index[i - from];
        while (read <= wanted) {
          current = decoder.readInt();
          read++;
        }
        if (current < 0 || current >= dictionarySize) {
          throw new Unsupported("a dictionary index out of range");
        }
        out.values[i] =
            width == 8 ? entries.getLong(current * width) : entries.getInt(current * width);
      }
    } else {
      throw new Unsupported("values encoded " + encoding);
    }
  }

  /** The page's bytes: {@link #chunk} itself when uncompressed, else {@link #page}. */
  private byte[] decompress(CompressionCodec codec, int pos, int compressed, int uncompressed)
      throws IOException {
    if (codec == CompressionCodec.UNCOMPRESSED) {
      return chunk;
    }
    if (page.length < uncompressed) {
      page = new byte[uncompressed];
    }
    int n = Snappy.uncompress(chunk, pos, compressed, page, 0);
    if (n != uncompressed) {
      throw new IOException("a page decompressed to " + n + " bytes, not " + uncompressed);
    }
    return page;
  }

  private void readFully(long start, int length) throws IOException {
    ByteBuffer target = ByteBuffer.wrap(chunk, 0, length);
    long at = start;
    while (target.hasRemaining()) {
      int n = channel.read(target, at);
      if (n < 0) {
        throw new IOException("the file ends inside a column chunk");
      }
      at += n;
    }
  }

  private static FileMetaData footer(FileChannel channel) throws IOException, Unsupported {
    long size = channel.size();
    if (size < 12) {
      throw new Unsupported("a file too short for Parquet");
    }
    ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(tail, size - 8);
    byte[] magic = new byte[4];
    tail.position(4);
    tail.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new Unsupported("no Parquet footer (encrypted or not Parquet)");
    }
    int length = tail.getInt(0);
    if (length <= 0 || length > size - 12) {
      throw new Unsupported("a footer length of " + length);
    }
    ByteBuffer footer = ByteBuffer.allocate(length);
    long at = size - 8 - length;
    while (footer.hasRemaining()) {
      if (channel.read(footer, at + footer.position()) < 0) {
        throw new IOException("the file ends inside its footer");
      }
    }
    return Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
  }

  /** The schema's top-level columns that are leaves, with their leaf (column chunk) indexes. */
  private static void topLevelLeaves(
      List<SchemaElement> schema, List<String> names, List<SchemaElement> elements)
      throws Unsupported {
    if (schema.isEmpty()) {
      throw new Unsupported("an empty schema");
    }
    int children = schema.get(0).getNum_children();
    int at = 1;
    for (int child = 0; child < children; child++) {
      if (at >= schema.size()) {
        throw new Unsupported("a schema shorter than its root says");
      }
      SchemaElement e = schema.get(at);
      if (e.isSetNum_children() && e.getNum_children() > 0) {
        int[] leavesAndNext = skip(schema, at);
        for (int l = 0; l < leavesAndNext[0]; l++) {
          names.add(null);
          elements.add(null);
        }
        at = leavesAndNext[1];
      } else {
        names.add(e.getName());
        elements.add(e);
        at++;
      }
    }
  }

  /** The number of leaves under the group at {@code at}, and the index after its subtree. */
  private static int[] skip(List<SchemaElement> schema, int at) throws Unsupported {
    SchemaElement e = schema.get(at);
    if (!e.isSetNum_children() || e.getNum_children() == 0) {
      return new int[] {1, at + 1};
    }
    int leaves = 0;
    int next = at + 1;
    for (int child = 0; child < e.getNum_children(); child++) {
      if (next >= schema.size()) {
        throw new Unsupported("a schema shorter than its groups say");
      }
      int[] sub = skip(schema, next);
      leaves += sub[0];
      next = sub[1];
    }
    return new int[] {leaves, next};
  }

  /** The leaf named {@code column}: exactly, else the one that matches ignoring case as DuckDB. */
  private static int find(List<String> names, String column) throws Unsupported {
    int exact = names.indexOf(column);
    if (exact >= 0) {
      return exact;
    }
    int found = -1;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name != null && name.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
        if (found >= 0) {
          throw new Unsupported("two columns named " + column + " but for case");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new Unsupported("no top-level column " + column);
    }
    return found;
  }

  private static Type supportedType(SchemaElement e, FeatureType dtype) throws Unsupported {
    if (e.getRepetition_type() == FieldRepetitionType.REPEATED || !e.isSetType()) {
      throw new Unsupported("column " + e.getName() + " is repeated or has no physical type");
    }
    Type type = e.getType();
    Type wanted =
        dtype == ScalarType.FLOAT64
            ? Type.DOUBLE
            : dtype == ScalarType.FLOAT32
                ? Type.FLOAT
                : dtype == ScalarType.INT64
                    ? Type.INT64
                    : dtype == ScalarType.INT32 ? Type.INT32 : null;
    if (wanted == null || type != wanted) {
      throw new Unsupported("column " + e.getName() + " is " + type + ", declared " + dtype);
    }
    boolean integer = type == Type.INT64 || type == Type.INT32;
    int bits = type == Type.INT64 ? 64 : 32;
    if (e.isSetLogicalType()) {
      LogicalType logical = e.getLogicalType();
      boolean signedInteger =
          integer
              && logical.isSetINTEGER()
              && logical.getINTEGER().isIsSigned()
              && logical.getINTEGER().getBitWidth() == bits;
      if (!signedInteger) {
        throw new Unsupported("column " + e.getName() + " has logical type " + logical);
      }
    }
    if (e.isSetConverted_type()) {
      ConvertedType converted = e.getConverted_type();
      boolean signedInteger =
          (converted == ConvertedType.INT_64 && bits == 64 && integer)
              || (converted == ConvertedType.INT_32 && bits == 32 && integer);
      if (!signedInteger) {
        throw new Unsupported("column " + e.getName() + " has converted type " + converted);
      }
    }
    return type;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
