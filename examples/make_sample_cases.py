#!/usr/bin/env python3
"""Regenerates examples/cases-sample.csv: 240 realistic historical cases across the shipped
tables, most decided inside their band, some with a deliberate problem of each finding kind.

The band of each clean case comes from `discretion range`, so the sample follows the tables.
Run from the repository root after `cargo build --release`:  python3 examples/make_sample_cases.py
"""
import csv, random, subprocess, sys
from decimal import Decimal

random.seed(20231127)
BIN = "target/release/discretion"
FIELDS = ["case_id", "violation", "act_started", "act_ended", "discovered", "decided", "party", "factors",
          "claimed_level", "claimed_disposition", "fine", "confiscated_gains", "sanctions", "summary_procedure",
          "hearing_notified", "collective_deliberation", "approval", "unit", "officer", "reason", "grave_harm"]
UNITS = {"gd": ["广州市生态环境局", "深圳市生态环境局", "佛山市生态环境局"], "jm": ["江门市生态环境局蓬江分局", "江门市生态环境局新会分局"],
         "jx": ["南昌市交通运输综合执法支队", "赣州市交通运输综合执法支队"], "tax": ["广州市税务局第一稽查局", "佛山市税务局"]}

def pick(*xs): return random.choice(xs)
def day(y0, y1): return f"{random.randint(y0, y1)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"

def sample(v):
    """Facts and a decision date for violation v."""
    gd = dict(apology_and_pledge=pick("false", "false", "false", "true"), in_protected_area="false")
    jm = dict(same_kind_punished_in_two_years=pick(0, 0, 0, 1, 2, 3))
    if v == "gd-env.1.1":
        return dict(total_investment=random.randrange(1_000_000, 50_000_000, 10_000), eia_document=pick("report", "report_key_permit"),
                    eia_location=pick("general", "general", "restricted_or_sensitive", "drinking_water_or_red_line"),
                    construction_stage=pick("foundation", "equipment_installation", "in_production"), construction_months=random.randint(1, 20),
                    same_kind_in_two_years=pick(1, 1, 1, 2, 3), cooperates=pick("true", "true", "false"), **gd), day(2022, 2025)
    if v == "gd-env.1.3":
        return dict(eia_location=pick("general", "restricted_or_sensitive"), corrected_within_deadline=pick("true", "false"),
                    first_offence="false", harm_minor=pick("true", "false"), **gd), day(2022, 2025)
    if v == "gd-env.1.4":
        return dict(eia_project_stage=pick("not_in_production", "not_in_production", "in_production"),
                    eia_document_project_type=pick("report_form_non_production", "report_form_production", "report_non_production", "report_production", "report_key_industry"),
                    eia_location=pick("general", "restricted_or_sensitive"), major_eco_impact=pick("false", "false", "false", "true"), **gd), day(2022, 2025)
    if v == "gd-env.2.7.1":
        return dict(pollutants_over_limit=pick(1, 1, 2, 3), water_pollutant_class=pick("b_class", "a_class", "toxic"),
                    outfall_area=pick("general", "restricted_or_residential", "ecologically_sensitive"), daily_discharge_tonnes=pick(20, 80, 150, 300),
                    water_exceedance=pick("under_x3", "x3_to_x8", "x8_to_x20"), same_kind_in_two_years=pick(1, 1, 2),
                    first_offence_within_year="false", corrected_within_deadline="false", serious="false", **gd), day(2022, 2025)
    if v == "gd-env.3.2.1":
        return dict(air_permit_class=pick("simplified", "key"), air_pollutant_class=pick("voc", "b_class", "a_class"), air_area=pick("general", "restricted_or_residential"),
                    air_period=pick("normal", "normal", "special_event", "heavy_pollution_alert"), air_treatment=pick("treated", "untreated"),
                    same_kind_in_two_years=pick(1, 1, 2, 3), serious="false", **gd), day(2022, 2025)
    if v == "gd-env.4.14":
        return dict(disposal_cost=pick(50_000, 120_000, 260_000, 400_000), waste_tonnes=pick(0.5, 2, 5, 12), waste_area=pick("general", "restricted"),
                    corrected_within_deadline=pick("true", "false"), same_kind_in_two_years=pick(1, 1, 2), illegal_gains=0, serious="false", **gd), day(2022, 2025)
    if v == "jm-env.1-1":
        return dict(total_investment=random.randrange(1_000_000, 30_000_000, 10_000), eia_document=pick("report_form", "report"),
                    main_works_finished=pick("true", "false"), in_prohibited_zone="false", major_emergency="false", **jm), day(2021, 2022)
    if v == "jm-env.1-2":
        return dict(production_discharge=pick("true", "false"), above_standard_found=pick("true", "false", "false"), major_emergency="false", **jm), day(2021, 2022)
    if v == "jm-env.1-4":
        return dict(eia_document=pick("report_form", "report"), false_base_data=pick("false", "false", "true"), major_emergency="false",
                    eia_fees=random.randrange(20_000, 200_000, 1_000), illegal_gains=0, serious="false", **jm), day(2021, 2022)
    if v == "jm-env.2-6":
        kind, basis = pick("ordinary", "special"), pick("concentration", "concentration", "load")
        ph = pick(0, 0, 0, 0.5, 1.5) if kind == "ordinary" and basis == "concentration" else 0
        multiple = 0 if ph else pick(0.1, 0.3, 0.8, 1.6, 2.4)
        return dict(pollutants_over_limit=pick(1, 1, 1, 2, 3), water_pollutant_kind=kind, exceedance_basis=basis, exceedance_multiple=multiple,
                    ph_units_over=ph, same_kind_in_two_years=pick(1, 1, 2), major_emergency="false", serious="false", **jm), day(2021, 2022)
    if v == "jx-transport.63.freight":
        gains = pick(0, 0, 5_000, 25_000, 60_000)
        return dict(offence_count=pick(1, 1, 2), illegal_gains=gains, organised_vehicles="false", serious="false", transport_kind="freight"), day(2020, 2022)
    if v == "gd-tax.60.1":
        return dict(days_late=pick(3, 9, 17, 25, 45), serious="false", corrected_before_discovery="false"), day(2015, 2017)
    if v == "tax-62.late-filing":
        return dict(corrected_within_deadline="true", days_late=pick(5, 12, 30, 60), serious="false"), day(2016, 2021)
    raise KeyError(v)

def band(v, facts, party, decided, factors=""):
    """The band `discretion range` gives: (lowest, highest) amount inside it, or None. The
    sanctions it requires are left in REQUIRED[0]."""
    REQUIRED[0] = []
    args = [BIN, "range", "--violation", v, "--act", decided, f"party={party}"] + [f"{k}={x}" for k, x in facts.items()]
    if factors == "":
        args.append("circumstances=ordinary")
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"range failed for {v} {facts}: {out.stderr}")
    for line in out.stdout.splitlines():
        if line.startswith("required: "):
            REQUIRED[0] = [k.split(" (if ")[0] for k in line[10:].split(", ") if k.split(" (if ")[0] not in ("order_to_correct", "order_to_stop", "other", "fine")]
        if line.startswith("=> "):
            text = line[3:].replace(",", "").split(" or no penalty")[0].split(" (a fine is required)")[0]
            # A mandatory no-penalty entry the facts meet: no band to draw a fine from.
            if text == "no fine" or text.startswith("no penalty"):
                return None
            num = lambda t: Decimal(t.strip())
            if text.startswith("at most "):
                return Decimal(0), num(text[8:])
            if text.startswith("under "):
                return Decimal(0), num(text[6:]) - Decimal("0.01")
            if " to under " in text:
                lo, hi = text.split(" to under ")
                return num(lo), num(hi) - Decimal("0.01")
            if "–" in text:
                lo, hi = text.split("–")
                return num(lo), num(hi)
            return num(text), num(text)
    return None

REQUIRED = [[]]
VIOLATIONS = ["gd-env.1.1", "gd-env.1.3", "gd-env.1.4", "gd-env.2.7.1", "gd-env.3.2.1", "gd-env.4.14", "jm-env.1-1", "jm-env.1-2",
              "jm-env.1-4", "jm-env.2-6", "jx-transport.63.freight", "gd-tax.60.1", "tax-62.late-filing"]
rows, fact_names = [], []

def case(n, v, facts, decided, **decision):
    prefix = v.split("-")[0].split(".")[0]
    unit = pick(*UNITS["tax" if prefix in ("gd", "tax") and "tax" in v else prefix if prefix in UNITS else "gd"])
    act = decided[:4] + "-01-15" if decided[5:7] > "01" else decided
    row = dict(case_id=f"{v.split('.')[0].upper()}-{n:04d}", violation=v, act_ended=act, discovered=act, decided=decided,
               party="organisation", hearing_notified="true", summary_procedure="false", collective_deliberation="false",
               grave_harm="false", sanctions="", factors="", unit=unit, officer=f"执法员{random.randint(1, 12):02d}")
    row.update(facts)
    row.update(decision)
    for k in facts:
        if k not in fact_names:
            fact_names.append(k)
    rows.append(row)
    return row

def fine_in(lo, hi):
    """An amount in [lo, hi], written without exponent or trailing zeros."""
    if lo == hi:
        x = lo
    else:
        step = Decimal(100) if hi - lo >= 1000 else Decimal(1)
        x = lo + Decimal(random.randint(0, int((hi - lo) / step))) * step
    return format(x.normalize(), "f")

n = 0
for i in range(200):
    v = VIOLATIONS[i % len(VIOLATIONS)]
    facts, decided = sample(v)
    party = "individual" if v.startswith(("gd-tax", "tax-62")) and random.random() < 0.3 else "organisation"
    b = band(v, facts, party, decided)
    n += 1
    extra = {}
    if b is None:
        fine = ""
    else:
        fine = str(fine_in(*b))
    if v == "jx-transport.63.freight" and facts["illegal_gains"]:
        extra["confiscated_gains"] = str(facts["illegal_gains"])
    if b is None:
        extra["claimed_disposition"] = "no_penalty"
    extra["sanctions"] = ";".join(k for k in REQUIRED[0] if k != "confiscate_gains")
    row = case(n, v, facts, decided, party=party, fine=fine, **extra)

# Deliberate problems: each finding kind at least once (C020 needs a table requiring deliberation; none shipped).
def problem(v, reason, **changes):
    global n
    facts, decided = sample(v)
    for k in [k for k in changes if k.startswith("fact_")]:
        facts[k[5:]] = changes.pop(k)
    party = changes.pop("party", "organisation")
    drop = changes.pop("drop", None)
    if drop:
        facts.pop(drop)
        b = None
    else:
        b = band(v, facts, party, changes.get("decided", decided), changes.get("factors", ""))
    n += 1
    fine = changes.pop("fine", None)
    if fine is None and b is not None:
        fine = str(fine_in(*b))
    if callable(fine):
        fine = str(fine(b))
    row = case(n, v, facts, changes.pop("decided", decided), party=party, fine=fine or "", reason=reason, **changes)
    return row

n += 1
case(n, "gd-env.9.9", {}, "2023-04-01", party="organisation", fine="50000", reason="C001 unknown violation id")
problem("gd-env.2.7.1", "C002 a fact missing", drop="water_exceedance", fine="300000")
r = problem("jx-transport.63.freight", "C003 law changed before the decision; the lighter new text applies, its maximum 10,000",
            fact_illegal_gains=0, fact_offence_count=1, decided="2023-09-20", fine="10000")
r["act_ended"] = r["discovered"] = "2023-05-10"
problem("gd-env.1.3", "C004 first violation corrected in time with minor harm, yet fined",
        fact_corrected_within_deadline="true", fact_first_offence="true", fact_harm_minor="true", fine="5000")
problem("gd-env.1.3", "C005 first-offence exemption cited and still fined", factors="apl.first-offence",
        fact_eia_location="general", fact_corrected_within_deadline="false", fact_first_offence="true", fact_harm_minor="true")
problem("gd-tax.60.1", "C006 claimed level differs", claimed_level="serious-organisation", fact_days_late=17)
problem("jm-env.1-2", "C007 fine below the band", fact_production_discharge="true", fact_above_standard_found="false",
        fact_same_kind_punished_in_two_years=0, fine="6000")
problem("jm-env.2-6", "C008 fine above the band", fact_pollutants_over_limit=1, fact_water_pollutant_kind="ordinary",
        fact_exceedance_basis="concentration", fact_exceedance_multiple=0.5, fact_ph_units_over=0,
        fact_same_kind_punished_in_two_years=0, fine="180000")
problem("gd-env.3.2.1", "C009 fine above the statutory maximum", fine="1200000")
problem("gd-env.2.7.1", "C010 mitigated below the minimum without a ground", claimed_disposition="mitigated", fine="80000")
problem("gd-tax.60.1", "C011 heavier claimed with no aggravating factor", claimed_disposition="heavier", fact_days_late=17)
problem("tax-62.late-filing", "C012 minor party (Art. 30) given an ordinary penalty", factors="apl.age-14-to-18",
        claimed_disposition="ordinary", party="individual", fact_days_late=12, decided="2021-09-01")
problem("jm-env.1-2", "C013 statutory maximum without aggravating factor", fact_major_emergency="true",
        fact_same_kind_punished_in_two_years=0, fine="50000")
problem("gd-env.4.14", "C014 disposal cost under the 200,000 floor", fact_disposal_cost=60000)
problem("jx-transport.63.freight", "C015 illegal gains established but not confiscated", fact_illegal_gains=30000, fact_offence_count=1)
problem("gd-tax.60.1", "C016 licence revocation is not a sanction of this provision", sanctions="licence_revocation", fact_days_late=17)
r = problem("gd-tax.60.1", "C017 discovered after the tax law's 5-year limitation (Art. 86)", fact_days_late=17)
r["discovered"] = str(int(r["act_ended"][:4]) + 6) + r["act_ended"][4:]
r["decided"] = str(int(r["act_ended"][:4]) + 6) + "-06-01"  # after the discovery (else C034)
problem("gd-tax.60.1", "C018 hearing threshold reached without notice", fact_days_late=45, fine="10000", hearing_notified="false")
problem("gd-tax.60.1", "C019 summary procedure for a 5,000 fine", fact_days_late=45, fine="5000", party="individual", summary_procedure="true")
problem("tax-62.late-filing", "C021 two mutually exclusive factors", factors="apl.under-14;apl.age-14-to-18", party="individual",
        fact_days_late=5, decided="2021-10-01", claimed_disposition="lighter")
problem("gd-tax.60.1", "C022 unknown factor", factors="apl.art99.unknown", fact_days_late=9)
problem("jm-env.1-2", "C024 no decision recorded", fine="", fact_same_kind_punished_in_two_years=0)
problem("gd-env.2.7.1", "C025 no penalty although no exemption applies", fine="0", claimed_disposition="no_penalty")
problem("gd-env.2.7.1", "C029 closure without the government's approval", fact_serious="true", sanctions="closure", approval="false")
problem("jm-env.1-1", "C030 three prior punishments move the case one tier up", fact_same_kind_punished_in_two_years=3,
        fact_main_works_finished="false", fact_eia_document="report_form")
problem("gd-tax.60.1", "C032 the first-offence exemption did not exist before 2021-07-15", factors="apl.first-offence", fact_days_late=9)
problem("gd-env.1.3", "C039 first-offence exemption cited for a case recorded as not a first violation", factors="apl.first-offence",
        fact_first_offence="false", fine="0", claimed_disposition="no_penalty")
dup = problem("tax-62.late-filing", "C031 the same case id twice", fact_days_late=5)
rows.append(dict(dup, reason="C031 the same case id twice (second record)"))
# Unreadable rows: the summary names them by line.
rows.append(dict(case_id="BAD-0001", violation="gd-tax.60.1", fine="一些钱", days_late="9", reason="unreadable: the fine is not an amount"))
rows.append(dict(case_id="", violation="gd-tax.60.1", fine="340", days_late="17", reason="unreadable: no case id"))
# More clean cases to pass 240.
while len(rows) < 240:
    v = random.choice(VIOLATIONS)
    facts, decided = sample(v)
    b = band(v, facts, "organisation", decided)
    n += 1
    extra = {}
    if v == "jx-transport.63.freight" and facts["illegal_gains"]:
        extra["confiscated_gains"] = str(facts["illegal_gains"])
    if b is None:
        extra["claimed_disposition"] = "no_penalty"
    extra["sanctions"] = ";".join(k for k in REQUIRED[0] if k != "confiscate_gains")
    case(n, v, facts, decided, party="organisation", fine="" if b is None else str(fine_in(*b)), **extra)

# CRLF line ends, as Windows exports have them: the line numbers reported must still be right.
with open("examples/cases-sample.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=FIELDS + fact_names, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
print(f"wrote {len(rows)} cases")
