#!/usr/bin/python3
"""Pandas beside ``bench/run pit-many-views`` (larder-bench's PitManyViewsBenchmark): Feast #3003's
shape, a merge_asof per view, in memory.

    /usr/bin/python3 bench/pit_many_views_pandas.py DATA_DIR VIEWS

Reads DATA_DIR/entities.csv and DATA_DIR/view_<v>.csv (times as epoch microseconds; Debian 12
packages no pyarrow, so pandas reads no Parquet). Reading is timed apart from the join. The join:
sort the entity rows by time once, then per view sort its rows by time and merge_asof backward by
customer_id with exact matches allowed, then put the result back in input order. Prints
``key=value`` lines: join_seconds, read_seconds, rows, peak_rss_kib.
"""

import resource
import sys
import time

import pandas as pd


def main():
    if len(sys.argv) != 3:
        print("usage: pit_many_views_pandas.py DATA_DIR VIEWS", file=sys.stderr)
        return 2
    data, views = sys.argv[1], int(sys.argv[2])

    start = time.perf_counter()
    entities = pd.read_csv(data + "/entities.csv", engine="c", dtype={"customer_id": str})
    entities["event_timestamp"] = pd.to_datetime(entities.pop("event_us"), unit="us", utc=True)
    entities.index.name = "pos"
    frames = []
    for v in range(views):
        frame = pd.read_csv(data + "/view_%d.csv" % v, engine="c", dtype={"customer_id": str})
        frame["event_timestamp"] = pd.to_datetime(frame.pop("event_us"), unit="us", utc=True)
        frames.append(frame)
    read_seconds = time.perf_counter() - start

    start = time.perf_counter()
    joined = entities.reset_index().sort_values("event_timestamp", kind="stable")
    for frame in frames:
        right = frame.sort_values("event_timestamp", kind="stable")
        joined = pd.merge_asof(
            joined,
            right,
            on="event_timestamp",
            by="customer_id",
            direction="backward",
            allow_exact_matches=True,
        )
    joined = joined.sort_values("pos", kind="stable").reset_index(drop=True)
    join_seconds = time.perf_counter() - start

    print("join_seconds=%.3f" % join_seconds)
    print("read_seconds=%.3f" % read_seconds)
    print("rows=%d" % len(joined))
    print("peak_rss_kib=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
