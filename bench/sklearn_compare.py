#!/usr/bin/python3
"""Checks a Larder model against its scikit-learn counterpart on the same rows (manual check).

Acceptance criterion: on the same data, Larder's test accuracy and ROC AUC are each within 0.02 of
scikit-learn's counterpart trained and tested on the same rows. The run record supplies the model
and its hyper-parameters (provenance.json "specs") and the test split ("test_sample_indices");
every other sample is training data. The counterparts, with Larder's hyper-parameters mapped:

    logistic-regression  LogisticRegression(C=c, max_iter=max_iterations, tol=tolerance)
    random-forest        RandomForestClassifier(n_estimators, max_depth (None for 1000),
                         min_samples_leaf, max_features ("sqrt" for 0), bootstrap, n_jobs=-1)
    gradient-boosting    HistGradientBoostingClassifier(max_iter=n_estimators, learning_rate,
                         max_leaf_nodes and max_depth (None for 0), l2_regularization, max_bins
                         (at most 255), early_stopping ("auto" for -1), validation_fraction,
                         n_iter_no_change)

random_state is the run's seed. The settings with no counterpart (the forest's max_bins, boosting's
min_child_weight and subsample) are listed when they are printed.

The data is read like ``larder train --source direct``: the latest row of each sample (greatest
event_timestamp, then created_timestamp, NULL lowest, exact ties to the row inserted last),
ordered by sample_index, features as listed in the run record. StandardScaler is fitted on the
training rows only (trees are unaffected by it). Log loss and scikit-learn's fit time are printed
for information only; they have no target.

This is not part of the build, which does not depend on Python. Needs Debian's scikit-learn
(``apt-get install -y python3-sklearn``) and Debian's interpreter:

    larder data generate
    larder train --output run            # or --model random-forest / gradient-boosting
    /usr/bin/python3 bench/sklearn_compare.py data/database/sample_data.db run

Exit status: 0 when both metrics are within the target, 1 when one is not, 2 on bad input.
"""

import json
import os
import sqlite3
import sys
import time
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.preprocessing import StandardScaler

TOLERANCE = 0.02
CHECKED = ("accuracy", "roc_auc")


def fail(message):
    print("error: " + message, file=sys.stderr)
    sys.exit(2)


def counterpart(algorithm, params, seed):
    """scikit-learn's model for Larder's algorithm and hyper-parameters, and what has no match."""
    if algorithm == "logistic-regression":
        return (
            LogisticRegression(
                C=params["c"], max_iter=int(params["max_iterations"]), tol=params["tolerance"]
            ),
            [],
        )
    if algorithm == "random-forest":
        features = params["max_features"]
        return (
            RandomForestClassifier(
                n_estimators=int(params["n_estimators"]),
                max_depth=None if params["max_depth"] >= 1000 else int(params["max_depth"]),
                min_samples_leaf=int(params["min_samples_leaf"]),
                max_features="sqrt" if features == 0 else features,
                bootstrap=params.get("bootstrap", 1) == 1,
                n_jobs=-1,
                random_state=seed,
            ),
            ["max_bins"],
        )
    if algorithm == "gradient-boosting":
        stopping = int(params.get("early_stopping", 0))
        return (
            HistGradientBoostingClassifier(
                max_iter=int(params["n_estimators"]),
                learning_rate=params["learning_rate"],
                max_leaf_nodes=int(params.get("max_leaf_nodes", 0)) or None,
                max_depth=int(params["max_depth"]) or None,
                l2_regularization=params.get("l2_regularization", 1.0),
                max_bins=min(255, int(params.get("max_bins", 255))),
                early_stopping="auto" if stopping == -1 else stopping == 1,
                validation_fraction=params.get("validation_fraction", 0.1),
                n_iter_no_change=int(params.get("n_iter_no_change", 10)),
                random_state=seed,
            ),
            ["min_child_weight", "subsample"],
        )
    fail("unknown algorithm %s" % algorithm)


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
    clf, unmatched = counterpart(model["algorithm"], model["hyperparameters"], model["seed"])
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
        start = time.perf_counter()
        clf.fit(scaler.transform(x_train), y_train)
        fit_seconds = time.perf_counter() - start
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    x_test_scaled = scaler.transform(x_test)
    proba = clf.predict_proba(x_test_scaled)[:, list(clf.classes_).index(1)]
    sklearn = {
        "accuracy": accuracy_score(y_test, clf.predict(x_test_scaled)),
        "roc_auc": roc_auc_score(y_test, proba),
        "log_loss": log_loss(y_test, proba, labels=[0, 1]),
    }

    print(
        "%s: %d train / %d test rows, %d features; scikit-learn %s %s fitted in %.3f s%s"
        % (
            model["algorithm"],
            len(y_train),
            len(y_test),
            len(features),
            __import__("sklearn").__version__,
            type(clf).__name__,
            fit_seconds,
            "" if converged else " (did NOT converge)",
        )
    )
    if unmatched:
        print("no scikit-learn counterpart: " + ", ".join(unmatched))
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
