#!/usr/bin/python3
"""Baseline of the point-in-time join benchmark: pandas merge_asof of the same join, in memory.

Run by ``bench/run pit-join`` (larder-bench's PitJoinBenchmark), which generates the data; not part
of the build, which does not depend on Python. Needs Debian's pandas and interpreter
(``apt-get install -y python3-pandas``, ``/usr/bin/python3``). Debian 12 packages no pyarrow, so
the rows are read from CSV copies of the benchmark's Parquet files (times as epoch microseconds):

    /usr/bin/python3 bench/pit_join_pandas.py DATA_DIR SAMPLE_CSV

Reading the CSV files and converting the times are not timed. The join is timed as a whole: sort
the entity rows by time, sort the feature rows by (event_timestamp, created_timestamp) — stable,
so among exact ties the row that comes last in the source wins, as B5.3 says — merge_asof
backward by item_id with exact matches allowed, then put the result back in input order. That is
the work `larder get-historical-features` does for this data (ttl 0, no created-timestamp filter).

Prints ``key=value`` lines: join_seconds, read_seconds, rows, matched, peak_rss_kib. Writes every
SAMPLE_STEP-th output row (by input position ``pos``) to SAMPLE_CSV for the caller to compare
with Larder's output; floats are written so that they read back exactly, a missing match as an
empty field.
"""

import resource
import sys
import time

import pandas as pd

SAMPLE_STEP = 1000


def main():
    if len(sys.argv) != 3:
        print("usage: pit_join_pandas.py DATA_DIR SAMPLE_CSV", file=sys.stderr)
        return 2
    data, sample_path = sys.argv[1], sys.argv[2]

    start = time.perf_counter()
    features = pd.read_csv(data + "/features.csv", engine="c")
    entities = pd.read_csv(data + "/entities.csv", engine="c")
    features["event_timestamp"] = pd.to_datetime(features.pop("event_us"), unit="us", utc=True)
    features["created_timestamp"] = pd.to_datetime(features.pop("created_us"), unit="us", utc=True)
    entities["event_timestamp"] = pd.to_datetime(entities.pop("event_us"), unit="us", utc=True)
    entities.index.name = "pos"
    read_seconds = time.perf_counter() - start

    start = time.perf_counter()
    left = entities.reset_index().sort_values("event_timestamp", kind="stable")
    right = features.sort_values(["event_timestamp", "created_timestamp"], kind="stable")
    right = right.drop(columns=["created_timestamp"])
    joined = pd.merge_asof(
        left,
        right,
        on="event_timestamp",
        by="item_id",
        direction="backward",
        allow_exact_matches=True,
    )
    joined = joined.sort_values("pos", kind="stable").reset_index(drop=True)
    join_seconds = time.perf_counter() - start

    feature_columns = [c for c in features.columns if c.startswith("f_")]
    sample = joined.iloc[::SAMPLE_STEP].copy()
    sample["event_us"] = sample["event_timestamp"].astype("int64") // 1000
    sample = sample[["pos", "item_id", "event_us"] + feature_columns]
    sample.to_csv(sample_path, index=False, float_format="%.17g")

    print("join_seconds=%.3f" % join_seconds)
    print("read_seconds=%.3f" % read_seconds)
    print("rows=%d" % len(joined))
    print("matched=%d" % int(joined[feature_columns[0]].notna().sum()))
    print("peak_rss_kib=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
