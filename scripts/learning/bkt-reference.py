#!/usr/bin/env python3
"""Writes Tests/LearningCoreTests/Fixtures/bkt-reference.json: BKT filtered log-odds computed in
exact rational arithmetic (fractions.Fraction), the high-precision reference the exact-filtering
tests compare BKTParameters.update against. Standard library only; deterministic.
Usage: python3 scripts/learning/bkt-reference.py"""
import json, math, random
from fractions import Fraction as F

def log_odds(k, u):
    # log(k / u) for exact positive rationals: math.log of big integers is accurate to a double.
    return (math.log(k.numerator) - math.log(k.denominator)) - (math.log(u.numerator) - math.log(u.denominator))

def filtered(params, outcomes):
    prior, learn, guess, slip, forget = (F(params[k]) for k in ("prior", "learn", "guess", "slip", "forget"))
    k, u = prior, 1 - prior
    out = []
    for c in outcomes:
        k, u = k * ((1 - slip) if c else slip), u * (guess if c else (1 - guess))
        z = k + u
        k, u = k / z, u / z
        k, u = k * (1 - forget) + u * learn, k * forget + u * (1 - learn)
        # Keep the fractions small: only the ratio matters.
        g = k + u
        k, u = k / g, u / g
        out.append(log_odds(k, u))
    return out

rng = random.Random(20261203)
default = {"prior": "0.3", "learn": "0.15", "guess": "0.2", "slip": "0.1", "forget": "0"}
cases = [
    {"name": "25 correct then 10 wrong, default parameters", "parameters": default, "outcomes": [1] * 25 + [0] * 10},
    {"name": "60 correct then 40 wrong, forget 0", "parameters": {"prior": "0.5", "learn": "0.3", "guess": "0.05", "slip": "0.05", "forget": "0"},
     "outcomes": [1] * 60 + [0] * 40},
    {"name": "high guess and slip, forgetting", "parameters": {"prior": "0.2", "learn": "0.1", "guess": "0.45", "slip": "0.4", "forget": "0.05"},
     "outcomes": [rng.random() < 0.6 for _ in range(300)]},
    {"name": "400 wrong then 400 correct, no learning", "parameters": {"prior": "0.4", "learn": "0", "guess": "0.25", "slip": "0.2", "forget": "0"},
     "outcomes": [0] * 400 + [1] * 400},
]
for case in cases:
    case["outcomes"] = [1 if c else 0 for c in case["outcomes"]]
    case["logOdds"] = filtered(case["parameters"], case["outcomes"])
    case["parameters"] = {k: float(v) for k, v in case["parameters"].items()}
with open("Tests/LearningCoreTests/Fixtures/bkt-reference.json", "w") as f:
    json.dump(cases, f, indent=1)
print("wrote", len(cases), "cases")
