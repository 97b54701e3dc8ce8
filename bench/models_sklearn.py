#!/usr/bin/python3
"""scikit-learn's side of ``bench/run models`` (started by larder-bench's ModelsBenchmark).

Reads the benchmark's rows (CSV: the features, ``target``, ``train`` = 1 for a training row, 0
for a test row), then answers one command per line on stdin so that the benchmark can alternate
Larder's fits with scikit-learn's in the same run:

    fit    fits the model once on the training rows and prints one line of JSON:
           {"seconds": fit time, "accuracy": ..., "roc_auc": ...} on the test rows
    peak   prints {"peak_rss_kib": this process's peak resident memory}
    quit   exits

The model is the first argument: ``logistic-regression`` (StandardScaler fitted on the training
rows, then ``LogisticRegression()``; only the classifier's fit is timed, as Larder times only its
trainer), ``random-forest`` (``RandomForestClassifier(n_estimators=100, n_jobs=-1)``) or
``gradient-boosting`` (``HistGradientBoostingClassifier()``), each with its defaults otherwise
and ``random_state`` 42. Needs Debian's scikit-learn: ``apt-get install -y python3-sklearn``.
"""

import csv
import json
import resource
import sys
import time
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.preprocessing import StandardScaler


def load(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        data = np.array([[float(v) for v in row] for row in reader], dtype=np.float64)
    target, train = header.index("target"), header.index("train")
    features = [i for i in range(len(header)) if i not in (target, train)]
    is_train = data[:, train] == 1
    x, y = data[:, features], data[:, target].astype(np.int64)
    return x[is_train], y[is_train], x[~is_train], y[~is_train]


def make(model):
    if model == "logistic-regression":
        return LogisticRegression(random_state=42)
    if model == "random-forest":
        return RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=42)
    if model == "gradient-boosting":
        return HistGradientBoostingClassifier(random_state=42)
    print("error: unknown model %r" % model, file=sys.stderr)
    sys.exit(2)


def main(argv):
    if len(argv) != 3:
        print("usage: %s MODEL ROWS.csv" % argv[0], file=sys.stderr)
        return 2
    model, path = argv[1], argv[2]
    make(model)  # rejects an unknown model before reading
    x_train, y_train, x_test, y_test = load(path)
    if model == "logistic-regression":
        scaler = StandardScaler().fit(x_train)
        x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    print(json.dumps({"ready": True, "train": len(y_train), "test": len(y_test)}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "fit":
            clf = make(model)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                start = time.perf_counter()
                clf.fit(x_train, y_train)
                seconds = time.perf_counter() - start
            proba = clf.predict_proba(x_test)[:, list(clf.classes_).index(1)]
            result = {
                "seconds": seconds,
                "accuracy": accuracy_score(y_test, (proba > 0.5).astype(np.int64)),
                "roc_auc": roc_auc_score(y_test, proba),
            }
            print(json.dumps(result), flush=True)
        elif command == "peak":
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
            print(json.dumps({"peak_rss_kib": peak}), flush=True)
        elif command == "quit":
            return 0
        else:
            print("error: unknown command %r" % command, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
