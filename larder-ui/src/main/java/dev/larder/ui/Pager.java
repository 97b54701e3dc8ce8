package dev.larder.ui;

import java.util.List;

/**
 * One page of a long list, and the links to the pages around it: {@code ?page=N} (from 1), {@link
 * #PAGE_SIZE} rows a page. Rows are filtered and sorted first, then paged, so counts and links
 * describe what the principal may see.
 *
 * @param rows the rows of this page
 * @param page this page's number, from 1
 * @param pages how many pages there are (at least 1)
 * @param total how many rows there are in all pages
 * @param first the position (from 1) of this page's first row, 0 when there are none
 * @param prevHref the link to the previous page, {@code null} on the first
 * @param nextHref the link to the next page, {@code null} on the last
 */
public record Pager<T>(
    List<T> rows, int page, int pages, int total, int first, String prevHref, String nextHref) {
  /** Rows a page, unless a page says otherwise. */
  public static final int PAGE_SIZE = 50;

  public Pager {
    rows = List.copyOf(rows);
  }

  /**
   * The page that {@code request}'s {@code page} parameter asks for of {@code all}, {@link
   * #PAGE_SIZE} a page; a page past the end shows the last one.
   */
  public static <T> Pager<T> of(UiRequest request, List<T> all) {
    return of(request, all, PAGE_SIZE);
  }

  /** {@link #of(UiRequest, List)} with {@code size} rows a page. */
  public static <T> Pager<T> of(UiRequest request, List<T> all, int size) {
    int pages = Math.max(1, (all.size() + size - 1) / size);
    int page = Math.min(request.positiveQuery("page", 1), pages);
    int from = (page - 1) * size;
    int to = Math.min(all.size(), from + size);
    return new Pager<>(
        all.subList(from, to),
        page,
        pages,
        all.size(),
        all.isEmpty() ? 0 : from + 1,
        page > 1 ? request.withQuery("page", page == 2 ? null : Integer.toString(page - 1)) : null,
        page < pages ? request.withQuery("page", Integer.toString(page + 1)) : null);
  }

  /** The position (from 1) of this page's last row. */
  public int last() {
    return first == 0 ? 0 : first + rows.size() - 1;
  }
}
