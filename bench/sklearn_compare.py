#!/usr/bin/python3
"""Checks Larder's logistic regression against scikit-learn's on the same rows (manual check).

Acceptance criterion: on the same data, Larder's test accuracy and ROC AUC are each within 0.02 of
scikit-learn's LogisticRegression trained and tested on the same rows. The run record supplies the
test split (provenance.json "test_sample_indices"); every other sample is training data.

The data is read like ``larder train --source direct``: the latest row of each sample (greatest
event_timestamp, then created_timestamp, NULL lowest, exact ties to the row inserted last),
ordered by sample_index, features as listed in the run record. StandardScaler is fitted on the
training rows only; the model is ``LogisticRegression()`` with its defaults (L2, C=1, lbfgs).
Log loss is printed for information only; it has no target.

This is not part of the build, which does not depend on Python. Needs Debian's scikit-learn
(``apt-get install -y python3-sklearn``) and Debian's interpreter:

    larder data generate
    larder train --output run
    /usr/bin/python3 bench/sklearn_compare.py data/database/sample_data.db run

Exit status: 0 when both metrics are within the target, 1 when one is not, 2 on bad input.
"""

import json
import os
import sqlite3
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.preprocessing import StandardScaler

TOLERANCE = 0.02
CHECKED = ("accuracy", "roc_auc")


def fail(message):
    print("error: " + message, file=sys.stderr)
    sys.exit(2)


def load_latest(db_path, table, features):
    """Returns (sample_index, X, y) from each sample's latest row, ordered by sample_index."""
    if not os.path.isfile(db_path):
        fail("no database at " + db_path)
    con = sqlite3.connect("file:" + db_path + "?mode=ro", uri=True)
    try:
        columns = {row[1] for row in con.execute('PRAGMA table_info("%s")' % table)}
        if not columns:
            fail("no table %s in %s" % (table, db_path))
        order = ["sample_index"]
        order += [c for c in ("event_timestamp", "created_timestamp") if c in columns]
        # SQLite sorts NULL first, so the last row of each sample in this order is its latest.
        sql = 'SELECT sample_index, %s, target FROM "%s" ORDER BY %s, rowid' % (
            ", ".join('"%s"' % f for f in features),
            table,
            ", ".join(order),
        )
        latest = {}
        for row in con.execute(sql):
            latest[row[0]] = row
    finally:
        con.close()
    rows = [latest[k] for k in sorted(latest)]
    keys = np.array([r[0] for r in rows], dtype=np.int64)
    x = np.array([r[1:-1] for r in rows], dtype=np.float64)
    y = np.array([r[-1] for r in rows], dtype=np.int64)
    return keys, x, y


def main(argv):
    if len(argv) != 3:
        print("usage: /usr/bin/python3 %s DATABASE RUN_DIR" % argv[0], file=sys.stderr)
        return 2
    db_path, run_dir = argv[1], argv[2]
    with open(os.path.join(run_dir, "provenance.json")) as f:
        provenance = json.load(f)
    with open(os.path.join(run_dir, "metrics.json")) as f:
        larder = json.load(f)

    model = provenance["specs"]["model"]
    if model["algorithm"] != "logistic-regression":
        fail("run used %s, not logistic-regression" % model["algorithm"])
    table = provenance["data"].get("table", "classification_data")
    features = provenance["data"]["features"]
    test_keys = set(provenance["test_sample_indices"])

    keys, x, y = load_latest(db_path, table, features)
    if len(keys) != provenance["data"]["rows"]:
        fail("database has %d samples, the run had %d" % (len(keys), provenance["data"]["rows"]))
    missing = test_keys - set(keys.tolist())
    if missing:
        fail("%d test samples are not in the database" % len(missing))
    is_test = np.isin(keys, sorted(test_keys))
    x_train, y_train = x[~is_test], y[~is_test]
    x_test, y_test = x[is_test], y[is_test]
    if len(y_train) != larder["rows_train"] or len(y_test) != larder["rows_test"]:
        fail(
            "split is %d train / %d test, the run had %d / %d"
            % (len(y_train), len(y_test), larder["rows_train"], larder["rows_test"])
        )

    scaler = StandardScaler().fit(x_train)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        clf = LogisticRegression().fit(scaler.transform(x_train), y_train)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    x_test_scaled = scaler.transform(x_test)
    proba = clf.predict_proba(x_test_scaled)[:, list(clf.classes_).index(1)]
    sklearn = {
        "accuracy": accuracy_score(y_test, clf.predict(x_test_scaled)),
        "roc_auc": roc_auc_score(y_test, proba),
        "log_loss": log_loss(y_test, proba, labels=[0, 1]),
    }

    print(
        "%d train / %d test rows, %d features; scikit-learn %s%s"
        % (
            len(y_train),
            len(y_test),
            len(features),
            __import__("sklearn").__version__,
            "" if converged else " (lbfgs did NOT converge)",
        )
    )
    print("%-9s %8s %13s %8s  %-12s %s" % ("metric", "larder", "scikit-learn", "|diff|", "target", ""))
    ok = True
    for metric in ("accuracy", "roc_auc", "log_loss"):
        diff = abs(larder[metric] - sklearn[metric])
        if metric in CHECKED:
            passed = diff <= TOLERANCE
            ok &= passed
            target, verdict = "within %.2f" % TOLERANCE, "PASS" if passed else "FAIL"
        else:
            target, verdict = "(info)", ""
        print(
            "%-9s %8.4f %13.4f %8.4f  %-12s %s"
            % (metric, larder[metric], sklearn[metric], diff, target, verdict)
        )
    print("overall: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
