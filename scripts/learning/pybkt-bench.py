#!/usr/bin/env python3
"""Fits pyBKT 1.4.3 (C++ core) on TRAIN.csv, standard and with forgetting, scores TEST.csv with
pyBKT's own predict(), and prints one JSON document: per variant the fit seconds, AUC, RMSE and
the fitted parameters per skill. Run by scripts/bench-learning.sh in the venv of
scripts/pybkt-venv.sh. Usage: pybkt-bench.py TRAIN.csv TEST.csv"""
import json, sys, time
import numpy as np
from sklearn.metrics import roc_auc_score
from pyBKT.models import Model
import pyBKT.fit.E_step as e_step

assert e_step.__file__.endswith(".so"), "pyBKT's C++ core is missing: the pure-Python fallback is no fair anchor"
train, test = sys.argv[1], sys.argv[2]
result = {}
for variant, options in (("standard", {}), ("forgetting", {"forgets": True})):
    model = Model(seed=42, num_fits=5, parallel=True)
    start = time.perf_counter()
    model.fit(data_path=train, **options)
    seconds = time.perf_counter() - start
    predictions = model.predict(data_path=test)
    y = predictions["correct"].to_numpy(dtype=float)
    p = predictions["correct_predictions"].to_numpy(dtype=float)
    params = {}
    for (skill, param, _cls), value in model.params()["value"].items():
        params.setdefault(str(skill), {})[param] = float(value)
    result[variant] = {
        "fitSeconds": seconds,
        "auc": float(roc_auc_score(y, p)),
        "rmse": float(np.sqrt(np.mean((p - y) ** 2))),
        "count": int(len(y)),
        "parameters": params,
    }
    print(f"pyBKT {variant}: fitted in {seconds:.2f} s, AUC {result[variant]['auc']:.4f}", file=sys.stderr)
json.dump(result, sys.stdout)
