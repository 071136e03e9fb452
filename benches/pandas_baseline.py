#!/usr/bin/env python3
"""The pandas audit an analyst would write instead of `discretion audit` (issue 9's yardstick).

Issue 9 compares `discretion audit` with "the pandas script an analyst would write instead
(group median/MAD, sign tests with BH, windowed neighbour pairs)": 29 s and 3.5 GB for
10,000,000 cases from CSV. This is such a script, written for speed in plain pandas/numpy
(no pyarrow, numba or multiprocessing), for the generated scenario that
`cargo run --release --example audit_scale -- write N DIR` writes (DIR/audit-N.csv and
DIR/audit-rules.yaml). Running it on the machine at hand tells how that machine compares with
the one the issue's figures were taken on (BENCHMARKS.md).

It does far less than `discretion audit`: no legal review of each case, bands from the
generated rules' tiers only, fixed 5-year windows, no peers, no order or characterisation
checks, and a pair search over the next 20 cases in sort order only (most near-identical pairs
are missed: on 1,000,000 generated rows it finds 4,149 pairs at W=20, 7,214 at W=50 and 51,017
at W=1,000, where `discretion audit` finds 52,071, every pair within the tolerance).

  1. read only the 9 needed columns, strings as category; the decision date is read as a
     category too and the year is taken from the first 4 chars of its (few thousand) categories
  2. band per case by numpy lookup [violation code, level index] -- no merge, no frame copy
  3. groups = violation x level x 5-year window; median / MAD*1.4826 robust z via groupby transform
  4. unit x group sign tests (vectorised scipy.stats.binom), Benjamini-Hochberg q=0.05
  5. near-identical pairs: sort by (group, party, area, amount_involved), compare each case
     with its next W=20 neighbours via shifted numpy arrays (position gap tested first,
     the other tests only on the survivors)

usage: pandas_baseline.py DIR/audit-N.csv DIR/audit-rules.yaml   (needs pandas, numpy, scipy, pyyaml)
"""
import sys
import time

import numpy as np
import pandas as pd
import yaml
from scipy.stats import binom

T0 = time.perf_counter()
_last = T0


def stage(name):
    global _last
    now = time.perf_counter()
    print(f"[stage] {name:<28s} {now - _last:8.2f} s   (cum {now - T0:8.2f} s)", flush=True)
    _last = now


if len(sys.argv) != 3:
    sys.exit("usage: pandas_baseline.py CASES.csv RULES.yaml")
csv_path, rules_path = sys.argv[1], sys.argv[2]

W = 20            # neighbour window for pair search
FACT_TOL = 0.10   # numeric facts within +-10 %
PAIR_DP = 0.5     # positions differ by more than half a band
Z_REVIEW, Z_STRONG = 3.5, 5.0
MIN_N_FLAG, MIN_N_UNIT = 10, 20
Q = 0.05
EFFECT = 0.15
WINDOW_YEARS = 5

# ---------------------------------------------------------------- 1. read (9 of 19 columns)
cat = "category"
df = pd.read_csv(
    csv_path,
    usecols=["violation", "party", "decided", "amount_involved", "area",
             "days_late", "illegal_gains", "fine", "unit"],
    dtype={"violation": cat, "party": cat, "area": cat, "unit": cat, "decided": cat,
           "amount_involved": np.int64, "days_late": np.int32,
           "illegal_gains": np.float64, "fine": np.int64},
    engine="c",
)
n = len(df)
print(f"rows: {n}")
stage("read_csv")

# ---------------------------------------------------------------- 2. bands and positions
with open(rules_path) as fh:
    rules = yaml.safe_load(fh)
statute_range = {}
for st in rules["statutes"]:
    f = st["versions"][-1]["branches"][0]["fine"]     # single version / branch in these tables
    statute_range[st["id"]] = (f["min"], f["max"])
vrules = {v["id"]: v for v in rules["violations"]}

vcats = df["violation"].cat.categories
n_v = len(vcats)
max_t = max(len(vrules[v]["tiers"]) for v in vcats)
# per (violation code, tier index): tier start on amount_involved, band lo / hi (clipped to statute)
T_LO = np.full((n_v, max_t), np.inf)   # padding tiers never match
T_HI = np.full((n_v, max_t), np.inf)
B_LO = np.zeros((n_v, max_t))
B_HI = np.zeros((n_v, max_t))
for c, vid in enumerate(vcats):
    v = vrules[vid]
    smin, smax = statute_range[v["statute"]]
    for t, tier in enumerate(v["tiers"]):          # tiers are ordered by amount_involved
        w, f = tier["when"], tier["fine"]
        assert w["fact"] == "amount_involved"
        T_LO[c, t] = w.get("at_least", -np.inf)
        T_HI[c, t] = w.get("less_than", np.inf)
        B_LO[c, t] = max(f["min"], smin)
        B_HI[c, t] = min(f.get("max", f.get("less_than")), smax)

vcode = df["violation"].cat.codes.to_numpy()
amt = df["amount_involved"].to_numpy()
level = np.zeros(n, dtype=np.int8)
for t in range(1, max_t):
    level += amt >= T_LO[vcode, t]
assert ((amt >= T_LO[vcode, level]) & (amt < T_HI[vcode, level])).all(), "case outside every tier"
lo = B_LO[vcode, level]
width = B_HI[vcode, level] - lo
fine = df["fine"].to_numpy(np.float64)
degenerate = width <= 0
safe_w = np.where(degenerate, 1.0, width)
pos = np.where(degenerate, (fine - lo) / np.maximum(1.0, 0.1 * lo), (fine - lo) / safe_w)
unit_floor = np.where(degenerate, 1.0, 1.0 / safe_w)
out_of_band = (pos < 0) | (pos > 1)
del lo, width, fine, safe_w, degenerate

# year = first 4 chars of the date string, computed once per distinct date
dcat = df["decided"].cat
year_of_cat = dcat.categories.str[:4].astype(np.int32).to_numpy()
win = year_of_cat[dcat.codes.to_numpy()] // WINDOW_YEARS
win -= win.min()
n_w = int(win.max()) + 1
# dense group id over the (violation, level, window) cells that occur
gkey = (vcode.astype(np.int32) * max_t + level) * n_w + win
present = np.flatnonzero(np.bincount(gkey))
remap = np.full(n_v * max_t * n_w, -1, dtype=np.int32)
remap[present] = np.arange(len(present), dtype=np.int32)
gid = remap[gkey]
n_g = len(present)
del gkey, win, remap
stage("bands+positions")

# ---------------------------------------------------------------- 3. robust outliers per group
pos_s = pd.Series(pos, copy=False)
by_g = pos_s.groupby(gid)
g_med = by_g.transform("median").to_numpy()
dev = pos - g_med                                       # signed deviation, reused in step 4
g_mad = pd.Series(np.abs(dev), copy=False).groupby(gid).transform("median").to_numpy()
g_n = np.bincount(gid, minlength=n_g)[gid]
scale = np.maximum(np.maximum(1.4826 * g_mad, 0.05), unit_floor)
absz = np.abs(dev) / scale
flaggable = g_n >= MIN_N_FLAG
review = flaggable & (absz > Z_REVIEW)
strong = flaggable & (absz > Z_STRONG)
print(f"groups: {n_g}, review flags: {int(review.sum())}, strong: {int(strong.sum())}, "
      f"out of band: {int(out_of_band.sum())}")
del g_mad, g_n, scale, absz, flaggable, unit_floor
stage("robust z")

# ---------------------------------------------------------------- 4. unit disparity sign tests + BH
ucode = df["unit"].cat.codes.to_numpy().astype(np.int32)
n_u = len(df["unit"].cat.categories)
cell = ucode * n_g + gid
n_cell = n_u * n_g
cnt = np.bincount(cell, minlength=n_cell)
above = np.bincount(cell, weights=dev > 0, minlength=n_cell)
below = np.bincount(cell, weights=dev < 0, minlength=n_cell)
med_dp = pd.Series(dev, copy=False).groupby(cell).median().reindex(range(n_cell)).to_numpy()
keep = cnt >= MIN_N_UNIT
cnt, above, below, med_dp, cell_ids = cnt[keep], above[keep], below[keep], med_dp[keep], np.flatnonzero(keep)
m = above + below
k = np.minimum(above, below)
p = np.where(m > 0, np.minimum(1.0, 2.0 * binom.cdf(k, m, 0.5)), 1.0)   # exact two-sided sign test
order = np.argsort(p)
ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
qv = np.empty_like(p)
qv[order] = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
sig = qv <= Q
hit = sig & (np.abs(med_dp) >= EFFECT)
hit_unit = cell_ids[hit] // n_g
hit_dir = np.sign(med_dp[hit]).astype(np.int64)
per_unit_dir = np.bincount(hit_unit * 3 + (hit_dir + 1), minlength=n_u * 3)
units_flagged = int((per_unit_dir >= 2).sum())
print(f"unit x group tests: {len(p)}, BH-significant: {int(sig.sum())}, "
      f"sig+effect: {int(hit.sum())}, units flagged (>=2 cells same direction): {units_flagged}")
del cell, ucode, dev
stage("sign tests + BH")

# ---------------------------------------------------------------- 5. near-identical pairs (windowed)
# same group, same party and area, numeric facts within 10 %, positions > 0.5 apart.
# Sort by (group, party, area, amount) so the W neighbours share group and enums.
party = df["party"].cat.codes.to_numpy().astype(np.int64)
area = df["area"].cat.codes.to_numpy().astype(np.int64)
skey = (gid.astype(np.int64) * len(df["party"].cat.categories) + party) * len(df["area"].cat.categories) + area
order = np.lexsort((amt, skey))
skey = skey[order]
a = amt[order].astype(np.float64)
d = df["days_late"].to_numpy()[order].astype(np.float64)
gn = df["illegal_gains"].to_numpy()[order]
ps = pos[order]
del party, area, order


def close(x, y):
    return np.abs(x - y) <= FACT_TOL * np.maximum(np.abs(x), np.abs(y))


pairs = 0
case_in_pair = np.zeros(n, dtype=bool)
for s in range(1, W + 1):
    # most selective test first (positions > 0.5 apart), then check the rest on the survivors only
    i = np.flatnonzero(np.abs(ps[s:] - ps[:n - s]) > PAIR_DP)
    j = i + s
    ok = skey[i] == skey[j]
    ok &= close(a[i], a[j])
    ok &= close(d[i], d[j])
    ok &= close(gn[i], gn[j])
    c = int(ok.sum())
    pairs += c
    if c:
        case_in_pair[i[ok]] = True
        case_in_pair[j[ok]] = True
print(f"near-identical pairs (W={W}): {pairs}, cases in a pair: {int(case_in_pair.sum())}")
stage("pairs (W=20)")

print(f"[total] {time.perf_counter() - T0:.2f} s")
