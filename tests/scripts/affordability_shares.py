"""Independent check of the shares of economies at or below 2% of GNI per capita
(target 1.2) that `rbm economies --summary` and `rbm progress` report.

Written apart from rbm's Rust code, from the rule in docs/methodology.md:
an economy's own values of the series (totals only), filled over the data
years by linear interpolation between observations and held up to two
years beyond the first and last (an economy with a single observation left
out); per group-year, the members with a value, those at or below 2, the
share of
economies, and the population-weighted share of people (World Bank
population of that year from datasets/weights.csv).

Run from the repository root: python3 tests/scripts/affordability_shares.py
Prints one line per basket, group and year.
"""

import csv
import sys
from collections import defaultdict

HOLD = 2
SERIES = {"mobile": "i271mb_5GB_GNI", "fixed": "i154_FBB5_GNI"}
GROUPS = ["WLD", "DEVELOPED", "DEVELOPING", "LDC", "LLDC", "SIDS", "ITU_AFR"]


def members():
    out = defaultdict(set)
    for r in csv.DictReader(open("datasets/classification.csv")):
        e = r["iso3"]
        out["WLD"].add(e)
        if r["itu_region"]:
            out[r["itu_region"]].add(e)
        if r["development"] == "developed":
            out["DEVELOPED"].add(e)
        elif r["development"] == "developing":
            out["DEVELOPING"].add(e)
        for g, col in (("LDC", "ldc"), ("LLDC", "lldc"), ("SIDS", "sids")):
            if r[col] == "1":
                out[g].add(e)
    return out


def population():
    out = {}
    for r in csv.DictReader(open("datasets/weights.csv")):
        if r["population"]:
            out[(r["iso3"], int(r["year"]))] = float(r["population"])
    return out


def main():
    mem = members()
    pop = population()
    economies = mem["WLD"]
    for basket, code in SERIES.items():
        values = defaultdict(dict)
        years = set()
        for r in csv.DictReader(open("datasets/observations.csv")):
            if r["series"] != code or r["sex"] or r["area"] or r["age"]:
                continue
            years.add(int(r["year"]))
            if r["geo"] in economies:
                values[r["geo"]][int(r["year"])] = float(r["value"])
        # The data's years: rbm fills over every year of the store, but a
        # value further than HOLD from an observation is never made, so the
        # series' own years plus HOLD either side cover every filled value.
        first, last = min(years) - HOLD, max(years) + HOLD
        filled = {}
        for e, own in values.items():
            if len(own) < 2:
                continue
            ys = sorted(own)
            f = {}
            for y in range(first, last + 1):
                if y in own:
                    f[y] = own[y]
                elif y < ys[0] and ys[0] - y <= HOLD:
                    f[y] = own[ys[0]]
                elif y > ys[-1] and y - ys[-1] <= HOLD:
                    f[y] = own[ys[-1]]
                elif ys[0] < y < ys[-1]:
                    a = max(x for x in ys if x < y)
                    b = min(x for x in ys if x > y)
                    f[y] = own[a] + (y - a) / (b - a) * (own[b] - own[a])
            filled[e] = f
        for g in GROUPS:
            for y in range(first, last + 1):
                with_value = [e for e in mem[g] if e in filled and y in filled[e]]
                if not with_value:
                    continue
                below = [e for e in with_value if filled[e][y] <= 2]
                people = sum(pop.get((e, y), 0) for e in with_value)
                people_below = sum(pop.get((e, y), 0) for e in below)
                print(
                    f"{basket} {g} {y}: {len(below)}/{len(with_value)} of {len(mem[g])}"
                    f" = {100 * len(below) / len(with_value):.2f}%"
                    f", people {100 * people_below / people if people else float('nan'):.2f}%"
                )


if __name__ == "__main__":
    sys.exit(main())
