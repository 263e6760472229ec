#!/usr/bin/env python3
"""Expected values for the experiment statistics, from SciPy and statsmodels.

Writes Tests/LearningCoreTests/Fixtures/experiment-statistics.json, which
ExperimentStatisticsFixtureTests compares with LearningCore to 1e-9. With --check it recomputes
everything and fails when the committed fixture differs (make bench runs it that way), so the
fixture cannot drift from the libraries it claims to match.

Formulas that no library ships (the delta-method relative lift, the asymptotic confidence
sequence, the Beta-Binomial sum) are written out here with numpy/scipy special functions and
checked against an independent computation (numerical integration, simulation of the definition).
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
from scipy import integrate, special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

ALPHA = 0.05
TUNING = 5000.0
ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests/LearningCoreTests/Fixtures/experiment-statistics.json"


def num(x):
    x = float(x)
    return None if not math.isfinite(x) else x


def miller_sum(aa, ba, ab, bb):
    i = np.arange(0, ab, dtype=np.float64)
    logs = special.betaln(aa + i, ba + bb) - np.log(bb + i) - special.betaln(1 + i, bb) - special.betaln(aa, ba)
    return float(np.exp(special.logsumexp(logs)))


def beta_binomial_probability(xa, na, xb, nb):
    """P(pB > pA), Beta(1+x, 1+n-x) posteriors, Evan Miller's exact sum (log-sum-exp), run over the
    smallest shape parameter (by P(pB > pA) = 1 - P(pA > pB) and p <-> 1 - p) so that a tail near 0
    is summed directly rather than found as 1 minus a sum near 1, which would lose its digits."""
    aa, ba, ab, bb = 1 + xa, 1 + na - xa, 1 + xb, 1 + nb - xb
    smallest = min(aa, ba, ab, bb)
    if smallest == ab:
        return miller_sum(aa, ba, ab, bb)
    if smallest == aa:
        return 1 - miller_sum(ab, bb, aa, ba)
    if smallest == ba:
        return miller_sum(bb, ab, ba, aa)
    return 1 - miller_sum(ba, aa, bb, ab)


def beta_binomial_by_integration(xa, na, xb, nb):
    a = stats.beta(1 + xa, 1 + na - xa)
    b = stats.beta(1 + xb, 1 + nb - xb)
    lo, hi = min(a.ppf(1e-12), b.ppf(1e-12)), max(a.isf(1e-12), b.isf(1e-12))
    value, _ = integrate.quad(lambda p: a.pdf(p) * b.sf(p), lo, hi, epsabs=1e-13, limit=500)
    return value


def sequential(ma, va, na, mb, vb, nb):
    """Howard et al. (2021) asymptotic confidence sequence and its dual p-value."""
    n = na + nb
    unit = n * (va / na + vb / nb)
    rho2 = (-2 * math.log(ALPHA) + math.log(-2 * math.log(ALPHA) + 1)) / TUNING
    scale = 2 * (n * rho2 + 1) / (n * n * rho2)
    half = math.sqrt(unit * scale * math.log(math.sqrt(n * rho2 + 1) / ALPHA))
    d = mb - ma
    p = min(1.0, math.sqrt(n * rho2 + 1) * math.exp(-d * d / (unit * scale)))
    return {"pValue": p, "ci": [d - half, d + half]}


def relative_lift(ma, va, na, mb, vb, nb):
    if ma == 0:
        return None
    var = vb / (nb * ma * ma) + mb * mb * va / (na * ma ** 4)
    z = stats.norm.ppf(1 - ALPHA / 2)
    lift = mb / ma - 1
    return {"lift": lift, "ci": [lift - z * math.sqrt(var), lift + z * math.sqrt(var)]}


def proportion_case(xa, na, xb, nb):
    pa, pb = xa / na, xb / nb
    va, vb = pa * (1 - pa) * na / (na - 1), pb * (1 - pb) * nb / (nb - 1)
    z = proportions_ztest([xb, xa], [nb, na])[1] if 0 < xa + xb < na + nb else None
    wald = confint_proportions_2indep(xb, nb, xa, na, method="wald", compare="diff", alpha=ALPHA)
    exact = beta_binomial_probability(xa, na, xb, nb)
    if na < 100_000:
        assert abs(exact - beta_binomial_by_integration(xa, na, xb, nb)) < 1e-8, "Beta-Binomial sum disagrees with integration"
    return {
        "control": [xa, na], "treatment": [xb, nb],
        "wilsonControl": list(proportion_confint(xa, na, alpha=ALPHA, method="wilson")),
        "wilsonTreatment": list(proportion_confint(xb, nb, alpha=ALPHA, method="wilson")),
        "zTestPValue": num(z) if z is not None else None,
        "differenceCi": [float(wald[0]), float(wald[1])],
        "relativeLift": relative_lift(pa, va, na, pb, vb, nb),
        "probabilityToBeatControl": exact,
    }


def mean_case(ma, sa, na, mb, sb, nb):
    va, vb = sa * sa, sb * sb
    welch = stats.ttest_ind_from_stats(mb, sb, nb, ma, sa, na, equal_var=False)
    se = math.sqrt(va / na + vb / nb)
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    half = stats.t.ppf(1 - ALPHA / 2, df) * se
    return {
        "control": [ma, sa, na], "treatment": [mb, sb, nb],
        "ciControl": list(stats.t.interval(1 - ALPHA, na - 1, loc=ma, scale=sa / math.sqrt(na))),
        "ciTreatment": list(stats.t.interval(1 - ALPHA, nb - 1, loc=mb, scale=sb / math.sqrt(nb))),
        "welchPValue": float(welch.pvalue),
        "welchDf": df,
        "differenceCi": [mb - ma - half, mb - ma + half],
        "relativeLift": relative_lift(ma, va, na, mb, vb, nb),
        "probabilityToBeatControl": float(stats.norm.cdf((mb - ma) / se)),
        "sequential": sequential(ma, va, na, mb, vb, nb),
    }


def cuped_case(seed, n, rho, lift):
    rng = np.random.default_rng(seed)
    groups = []
    for index in range(2):
        x = rng.gamma(2.0, 3.0, n)
        y = 10 + rho * x + rng.normal(0, 2, n) + (lift if index == 1 else 0)
        groups.append((np.round(y, 6), np.round(x, 6)))
    pooled_cov = sum(np.cov(y, x, ddof=1)[0, 1] * (len(x) - 1) for y, x in groups)
    pooled_var = sum(np.var(x, ddof=1) * (len(x) - 1) for _, x in groups)
    theta = pooled_cov / pooled_var
    x_all = np.concatenate([x for _, x in groups]).mean()
    adjusted = [y - theta * (x - x_all) for y, x in groups]
    test = stats.ttest_ind(adjusted[1], adjusted[0], equal_var=False)
    raw_var = sum(np.var(y, ddof=1) for y, _ in groups)
    adj_var = sum(np.var(a, ddof=1) for a in adjusted)
    va, vb = np.var(adjusted[0], ddof=1) / n, np.var(adjusted[1], ddof=1) / n
    df = (va + vb) ** 2 / (va ** 2 / (n - 1) + vb ** 2 / (n - 1))
    d = adjusted[1].mean() - adjusted[0].mean()
    half = stats.t.ppf(1 - ALPHA / 2, df) * math.sqrt(va + vb)
    return {
        "control": {"y": groups[0][0].tolist(), "x": groups[0][1].tolist()},
        "treatment": {"y": groups[1][0].tolist(), "x": groups[1][1].tolist()},
        "theta": float(theta), "varianceReduction": float(1 - adj_var / raw_var),
        "pValue": float(test.pvalue), "differenceCi": [float(d - half), float(d + half)],
    }


def build():
    special_cases = {
        "normalQuantile": [[p, float(stats.norm.ppf(p))] for p in [1e-12, 0.001, 0.02425, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]],
        "normalSF": [[x, float(stats.norm.sf(x))] for x in [-3.0, 0.0, 1.0, 1.959963984540054, 5.0, 8.5]],
        "studentTSF": [[t, df, float(stats.t.sf(t, df))] for t, df in
                       [(0.5, 1), (12.7, 1), (2.0, 2), (-1.5, 2.5), (3.1, 17.3), (2.2, 1e4), (1.96, 2e6), (0.3, 2e6), (6.0, 40.0)]],
        "studentTQuantile": [[p, df, float(stats.t.ppf(p, df))] for p, df in
                             [(0.975, 1), (0.975, 2), (0.975, 3.7), (0.975, 29), (0.995, 150.5), (0.975, 2e6), (0.6, 5)]],
        "chiSquareSF": [[x, df, float(stats.chi2.sf(x, df))] for x, df in
                        [(0.0, 1), (3.84, 1), (32.0, 1), (12.3, 2), (0.5, 3), (40.0, 4), (150.0, 9)]],
        "regularizedBeta": [[x, a, b, float(special.betainc(a, b, x))] for x, a, b in
                            [(0.3, 2, 3), (0.9, 0.5, 0.5), (0.999, 500000, 0.5), (0.2, 30, 40), (0.5, 1e-3, 2)]],
    }
    proportions = [proportion_case(*c) for c in [
        (0, 100, 0, 100), (0, 50, 5, 50), (1, 2, 2, 2), (120, 1000, 150, 1000), (50, 51, 3, 70),
        (10, 20000, 14, 20000), (4_500_000, 10_000_000, 4_510_000, 10_000_000)]]
    means = [mean_case(*c) for c in [
        (1.0, 0.5, 2, 2.0, 1.5, 2), (10.0, 1.0, 30, 12.0, 8.0, 15), (60.0, 20.0, 1_000_000, 60.05, 21.0, 1_200_000),
        (100.0, 15.0, 500, 103.0, 15.0, 480), (5.0, 2.0, 3, 5.1, 2.2, 1000), (0.0, 1.0, 40, 0.4, 1.0, 40)]]
    srm = [{"observed": o, "weights": w, "chiSquare": float(r.statistic), "pValue": float(r.pvalue)}
           for o, w in [([10400, 9600], [0.5, 0.5]), ([3400, 3300, 3300], [1 / 3, 1 / 3, 1 / 3]), ([5000, 5200, 9800], [0.25, 0.25, 0.5]),
                        ([10010, 9990], [0.5, 0.5])]
           for r in [stats.chisquare(o, np.array(w) * sum(o))]]
    p_values = [0.01, 0.04, 0.03, 0.005, 0.2, 0.049, 0.9, 0.0001]
    multiple = {"pValues": p_values,
                "holm": multipletests(p_values, method="holm")[1].tolist(),
                "benjaminiHochberg": multipletests(p_values, method="fdr_bh")[1].tolist()}
    return {"alpha": ALPHA, "tuning": TUNING, "special": special_cases, "proportions": proportions, "means": means,
            "srm": srm, "multipleTesting": multiple, "cuped": [cuped_case(7, 300, 0.8, 0.5), cuped_case(11, 50, 0.2, 0.0)]}


def close(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)) or isinstance(b, float) and isinstance(a, (int, float)):
        return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))
    return a == b


if __name__ == "__main__":
    data = build()
    if "--check" in sys.argv:
        committed = json.loads(FIXTURE.read_text())
        if not close(committed, data):
            sys.exit(f"{FIXTURE} differs from what SciPy/statsmodels compute now: rerun scripts/experiments/reference_statistics.py")
        print(f"fixture matches SciPy {__import__('scipy').__version__} / statsmodels {__import__('statsmodels').__version__}: "
              f"{len(data['proportions'])} proportion cases, {len(data['means'])} mean cases, {len(data['srm'])} SRM cases, "
              f"{len(data['cuped'])} CUPED cases")
    else:
        FIXTURE.write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote {FIXTURE}")
