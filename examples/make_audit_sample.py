#!/usr/bin/env python3
"""Regenerates examples/audit-sample.csv: 1,200 Guangdong EIA decisions (§1.1, §1.3, §1.4 of the
2021 fine table) by four bureaus, 2022–2024, with inconsistencies a reviewer should find:

- 佛山市生态环境局 fines about 0.3 band widths higher than the others, in every cell;
- six decisions far from their cell's usual position (two of them inside the band);
- three pairs of near-identical projects fined very differently;
- eight §1.1 cases (未批先建, the domain brief's A.1 fixture: an EIA report, main works
  unfinished) decided in 2022, when Jiangmen's table for the same statute was also in force:
  Guangdong's weights give 1.8 % of the investment, Jiangmen's tier 2 gives 2 %–3 % (its middle,
  2.5 %, without lighter or heavier circumstances) — a cross-table divergence. They are written
  after the others, so that the rows above stay as they were.

Typical positions differ by cell (0.25–0.5 of the band) with a spread of 0.08, rounded to 100
yuan. Bands come from `discretion range`, so the sample follows the tables.
Run from the repository root after `cargo build --release`:  python3 examples/make_audit_sample.py
"""
import csv, random, subprocess, sys
from decimal import Decimal

random.seed(20261128)
BIN = "target/release/discretion"
UNITS = ["广州市生态环境局", "深圳市生态环境局", "佛山市生态环境局", "东莞市生态环境局"]
HARSH = "佛山市生态环境局"
FIELDS = ["case_id", "violation", "act_ended", "discovered", "decided", "party", "factors", "fine", "hearing_notified",
          "summary_procedure", "collective_deliberation", "grave_harm", "unit", "officer", "eia_project_stage",
          "eia_document_project_type", "eia_location", "major_eco_impact", "corrected_within_deadline", "first_offence",
          "harm_minor", "apology_and_pledge", "in_protected_area", "total_investment", "eia_document", "construction_stage",
          "construction_months", "same_kind_in_two_years", "cooperates", "circumstances",
          "same_kind_punished_in_two_years", "main_works_finished", "in_prohibited_zone", "major_emergency"]
CELLS_14 = [(s, d, a) for s in ["not_in_production", "in_production"]
            for d in ["report_form_non_production", "report_production"] for a in ["general", "restricted_or_sensitive"]]
BANDS = {}


def band(violation, facts, decided):
    key = (violation, tuple(sorted(facts.items())))
    if key not in BANDS:
        args = [BIN, "range", "--violation", violation, "--act", decided, "party=organisation",
                "circumstances=ordinary"] + [f"{k}={v}" for k, v in facts.items()]
        out = subprocess.run(args, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"range failed: {out.stderr}")
        line = [l for l in out.stdout.splitlines() if l.startswith("=> ")][0][3:].replace(",", "")
        lo, hi = line.split(" to under ")
        BANDS[key] = (Decimal(lo), Decimal(hi))
    return BANDS[key]


def day(y0, y1):
    return f"{random.randint(y0, y1)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"


rows = []


def case(violation, facts, position, unit=None, investment=None, decided=None):
    decided = decided or day(2022, 2024)
    lo, hi = band(violation, facts, decided)
    fine = lo + (hi - lo) * Decimal(str(round(position, 4)))
    fine = max(Decimal(0), (fine / 100).quantize(Decimal(1)) * 100)
    if fine >= hi:
        fine = hi - 100
    unit = unit or random.choice(UNITS)
    n = len(rows) + 1
    # The act ends on 10 January and is discovered on the 20th — or on the day of the decision,
    # if that is earlier: a decision never precedes the act or its discovery (C034).
    discovered = min(decided[:4] + "-01-20", decided)
    act_ended = min(decided[:4] + "-01-10", discovered)
    row = dict(case_id=f"粤环罚〔{decided[:4]}〕{n:04d}号", violation=violation, act_ended=act_ended,
               discovered=discovered, decided=decided, party="organisation", factors="", fine=str(fine),
               hearing_notified="true", summary_procedure="false", collective_deliberation="false", grave_harm="false",
               unit=unit, officer=f"{unit[:2]}-执法员{random.randint(1, 3)}", apology_and_pledge="false",
               in_protected_area="false",
               total_investment=str(investment or random.randrange(1_000_000, 60_000_000, 10_000)))
    row.update(facts)
    rows.append(row)
    return row


def ordinary(violation, facts, centre, **kw):
    unit = kw.pop("unit", None) or random.choice(UNITS)
    p = random.gauss(centre, 0.08) + (0.3 if unit == HARSH else 0)
    return case(violation, facts, min(max(p, 0.0), 0.99), unit=unit, **kw)


centres = {}
for i in range(1_180):
    if random.random() < 0.75:
        s, d, a = random.choice(CELLS_14)
        facts = dict(eia_project_stage=s, eia_document_project_type=d, eia_location=a, major_eco_impact="false")
        v = "gd-env.1.4"
    else:
        a = random.choice(["general", "restricted_or_sensitive"])
        facts = dict(eia_location=a, corrected_within_deadline="false" if a == "general" else "true",
                     first_offence="false", harm_minor="false")
        v = "gd-env.1.3"
    centre = centres.setdefault((v, tuple(sorted(facts.items()))), random.uniform(0.25, 0.5))
    ordinary(v, facts, centre)

# Far from their cell: four outside the band, two inside it but far from the usual position.
cells = list(centres.items())
for k, (key, centre) in enumerate(cells[:6]):
    v, facts = key[0], dict(key[1])
    case(v, facts, [1.6, -0.6, 1.4, -0.5, 0.97, 0.96][k], unit="广州市生态环境局")
# Near-identical projects (investment within 2 %), fined very differently.
for key, centre in cells[6:9]:
    v, facts = key[0], dict(key[1])
    decided = day(2023, 2023)
    case(v, facts, max(centre - 0.3, 0.0), unit="深圳市生态环境局", investment=20_000_000, decided=decided)
    case(v, facts, min(centre + 0.45, 0.99), unit="东莞市生态环境局", investment=20_300_000, decided=decided)

random.shuffle(rows)


def exact(violation, facts, decided):
    """The one amount `range` gives for these facts (a weight model's fine)."""
    args = [BIN, "range", "--violation", violation, "--act", decided, "party=organisation"] + \
        [f"{k}={v}" for k, v in facts.items()]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"range failed: {out.stderr}")
    return [l for l in out.stdout.splitlines() if l.startswith("=> ")][0][3:].replace(",", "")


# The A.1 fixture, decided while both Guangdong's and Jiangmen's tables were in force.
A1 = dict(eia_document="report", eia_location="general", construction_stage="equipment_installation",
          construction_months="4", same_kind_in_two_years="2", cooperates="true", apology_and_pledge="false",
          circumstances="ordinary", same_kind_punished_in_two_years="1", main_works_finished="false",
          in_prohibited_zone="false", major_emergency="false")
for k in range(8):
    decided = f"2022-{2 + k:02d}-{random.randint(1, 28):02d}"
    investment = str(random.randrange(5_000_000, 40_000_000, 100_000))
    facts = dict(A1, total_investment=investment)
    unit = UNITS[k % len(UNITS)]
    rows.append(dict(case_id=f"粤环罚〔2022〕{len(rows) + 1:04d}号", violation="gd-env.1.1", act_ended=decided,
                     discovered=decided, decided=decided, party="organisation", factors="",
                     fine=exact("gd-env.1.1", facts, decided), hearing_notified="true", summary_procedure="false",
                     collective_deliberation="false", grave_harm="false", unit=unit,
                     officer=f"{unit[:2]}-执法员{random.randint(1, 3)}", major_eco_impact="false",
                     in_protected_area="false", **facts))
with open("examples/audit-sample.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in FIELDS})
print(f"wrote {len(rows)} cases")
