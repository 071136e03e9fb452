//! `discretion range`: the band an officer may choose from, with the explanation — the same
//! band `check` judges fines against.

use std::path::PathBuf;
use std::process::ExitCode;

use discretion::table::{Coded, Lang, Named, format_citation, format_money};

use super::{output, rules};

/// The arguments of `range`.
pub(crate) struct Options {
    pub rules: Vec<PathBuf>,
    pub violation: String,
    pub act: Option<String>,
    pub decided: Option<String>,
    pub discovered: Option<String>,
    pub addressee: Option<String>,
    /// The table, when several define a violation of this name.
    pub table: Option<String>,
    pub lang: Lang,
    pub facts: Vec<String>,
}

pub(crate) fn run(opts: &Options) -> ExitCode {
    let lang = opts.lang;
    let fail = |msg: String| super::fail_in(lang, &msg);
    let rules = match rules::load(&opts.rules) {
        Ok(b) => b,
        Err(e) => return fail(rules::not_loaded(lang, &e)),
    };
    if let Err(e) = super::cases::tables_known(&rules, opts.table.as_deref(), lang) {
        return fail(e);
    }
    // Without --act, the day the newest version of the violation's table took effect.
    let default_act = match &opts.act {
        Some(_) => None,
        // A name several tables share is resolved in the table --table names, as the case is.
        None => rules
            .case_from_record(
                [("case_id", "range"), ("violation", opts.violation.as_str())]
                    .into_iter()
                    .chain(opts.table.as_deref().map(|t| ("table", t))),
            )
            .ok()
            .and_then(|c| rules.violation(&c.violation).map(|(t, _)| t.effective.from.to_string()))
            .or_else(|| rules.violation(&opts.violation).map(|(t, _)| t.effective.from.to_string())),
    };
    let mut pairs: Vec<(&str, &str)> = vec![("case_id", "range"), ("violation", &opts.violation)];
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for f in &opts.facts {
        let Some((k, v)) = f.split_once('=') else {
            errors.push(match lang {
                Lang::En => format!("`{f}` is not FACT=VALUE"),
                Lang::Zh => format!("“{f}”不是“事实=取值”的形式"),
            });
            continue;
        };
        let k = k.trim();
        if seen.contains(&k) {
            // Said once: the second is not also "not a fact".
            errors.push(match lang {
                Lang::En => format!("fact `{k}` is given twice"),
                Lang::Zh => format!("事实“{k}”给出了两次"),
            });
            continue;
        }
        seen.push(k);
        pairs.push((k, v));
    }
    // Facts the rules do not know are refused (with a hint), never ignored.
    let columns = rules.columns(pairs.iter().map(|(k, _)| *k), &[]);
    // So are fields of a case file: `range` answers for facts and dates, and a decision's
    // fields (a cited factor, the fine) were read and never used. The party is a fact too.
    use discretion::read::record::CaseField;
    for (i, (name, _)) in pairs.iter().enumerate().skip(2) {
        let Some(field) = columns.field_at(i).filter(|f| *f != CaseField::Party) else { continue };
        let option = option_of(field.id()).or((field == CaseField::ActStarted).then_some("--act"));
        errors.push(match (option, lang) {
            (Some(o), Lang::En) => format!("`{name}` is not a fact: give it with {o}"),
            (Some(o), Lang::Zh) => format!("“{name}”不是事实：请用 {o} 给出"),
            (None, Lang::En) => format!(
                "`{name}` is a field of a decision, not a fact: `range` gives the band for facts and dates (check a decision with `discretion check`)"
            ),
            (None, Lang::Zh) => {
                format!("“{name}”是处罚决定的字段，不是事实：range 只依事实和日期给出裁量幅度（审查处罚决定请用 discretion check）")
            }
        });
    }
    for (_, name, hint) in columns.unread() {
        let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
        errors.push(match lang {
            Lang::En => format!("`{name}` is not a fact of the rules{hint}"),
            Lang::Zh => format!("“{name}”不是规则中的事实{hint}"),
        });
    }
    for (field, value) in [
        ("act_ended", &opts.act),
        ("decided", &opts.decided),
        ("discovered", &opts.discovered),
        ("addressee", &opts.addressee),
        ("table", &opts.table),
    ] {
        if let Some(v) = value {
            pairs.push((field, v));
        }
    }
    if let Some(d) = &default_act {
        pairs.push(("act_ended", d));
    }
    if !errors.is_empty() {
        return fail(errors.join("\n       "));
    }
    let case = match rules.case_from_record(pairs) {
        Ok(c) => c,
        Err(e) => return fail(as_option(e).render(lang)),
    };
    if let Some(dates) = case.dates_out_of_order() {
        return fail(misordered(dates, default_act.as_deref(), lang));
    }
    // A no-penalty entry, named as the answer names it.
    let entry = |e: &discretion::table::Exemption| match lang {
        Lang::En => format!("no-penalty entry `{}` ({})", e.id, e.label.get_or(lang, &e.id)),
        Lang::Zh => format!("不予处罚清单“{}”（{}）", e.label.get_or(lang, &e.id), e.id),
    };
    use discretion::table::ExemptionKind;
    match rules.allowed(&case) {
        Ok(a) => {
            for line in &a.explanation {
                output::line(line.get(lang));
            }
            // English shows the ids a case file uses; Chinese the names. A sanction that holds
            // only on a condition says it ("if illegal_gains > 0"): the facts may not decide it.
            let kinds = |v: &mut dyn Iterator<Item = &discretion::table::SanctionSpec>| {
                let one = |s: &discretion::table::SanctionSpec| {
                    let name = if lang == Lang::En { s.kind.code().to_string() } else { s.kind.name(lang).to_string() };
                    match (&s.when, lang) {
                        (Some(c), Lang::En) => format!("{name} (if {})", discretion::check::describe(c)),
                        (Some(c), Lang::Zh) => {
                            format!("{name}（条件：{}）", discretion::check::describe_in(c, &rules, Lang::Zh))
                        }
                        (None, _) => name,
                    }
                };
                v.map(one).collect::<Vec<_>>().join(if lang == Lang::En { ", " } else { "、" })
            };
            // Labels carry their language's colon (全角 in Chinese).
            let (required, allowed, one_of) = match lang {
                Lang::En => ("required: ", "allowed: ", "one of: "),
                // Not 并处: the list holds orders (责令改正), which are no penalty to add.
                Lang::Zh => ("应当同时适用：", "可以同时适用：", "择一适用："),
            };
            if !a.required.is_empty() {
                output::line(&format!("{required}{}", kinds(&mut a.required.iter().copied())));
            }
            if !a.allowed.is_empty() {
                output::line(&format!("{allowed}{}", kinds(&mut a.allowed.iter().copied())));
            }
            for group in &a.one_of {
                output::line(&format!("{one_of}{}", kinds(&mut group.iter())));
            }
            // Where the level sets no fine, `check` judges a fine against the statute's range: the
            // line says so, rather than "no fine" where the statute requires one.
            let band = match (&a.band, &a.statutory, lang) {
                (Some(b), _, Lang::En) if a.fine_optional => {
                    format!("{}, or no fine (the fine may be left out: 可以并处)", format_money(b, lang))
                }
                (Some(b), _, Lang::Zh) if a.fine_optional => {
                    format!("{}，或不处罚款（可以并处）", format_money(b, lang))
                }
                // A band without a lower end ("一万元以下") under a statute that requires the fine:
                // no fine at all is not within it (`check`: C009).
                (Some(b), _, Lang::En) if a.statute_requires_fine && b.min.is_none_or(|m| m.is_zero()) => {
                    format!("{} (a fine is required)", format_money(b, lang))
                }
                (Some(b), _, Lang::Zh) if a.statute_requires_fine && b.min.is_none_or(|m| m.is_zero()) => {
                    format!("{}（应当处以罚款）", format_money(b, lang))
                }
                (Some(b), _, _) => format_money(b, lang),
                (None, None, Lang::Zh) => "不罚款".into(),
                (None, None, Lang::En) => "no fine".into(),
                (None, Some(s), Lang::En) if a.statute_requires_fine => format!(
                    "{} (the level sets no fine, but the statute requires one: its range applies)",
                    format_money(s, lang)
                ),
                (None, Some(s), Lang::Zh) if a.statute_requires_fine => {
                    format!("{}（该阶次未规定罚款，但法律规定应当罚款：适用法定幅度）", format_money(s, lang))
                }
                (None, Some(s), Lang::En) => {
                    format!("no fine, or one within the statute's {}", format_money(s, lang))
                }
                (None, Some(s), Lang::Zh) => format!("不罚款，或在法定幅度{}内罚款", format_money(s, lang)),
            };
            // A no-penalty entry the facts meet decides before the band: a mandatory one means
            // no penalty (what `check` reports as C004), a discretionary one lets it be waived.
            let met = |kind| a.no_penalty.iter().find(|n| n.unknown.is_none() && n.entry.kind == kind);
            let band = match (met(ExemptionKind::Mandatory), met(ExemptionKind::Discretionary), lang) {
                (Some(n), _, Lang::En) => format!("no penalty: the facts meet {}", entry(n.entry)),
                (Some(n), _, Lang::Zh) => format!("应当不予处罚：符合{}", entry(n.entry)),
                (None, Some(n), Lang::En) => format!("{band}, or no penalty: the facts meet {}", entry(n.entry)),
                (None, Some(n), Lang::Zh) => format!("{band}，或可以不予处罚：符合{}", entry(n.entry)),
                (None, None, _) => band,
            };
            output::line(&format!("=> {band}"));
            for n in &a.no_penalty {
                let Some(fact) = n.unknown else { continue };
                output::line(&match lang {
                    Lang::En => format!("note: {} may apply: fact `{}` is not given", entry(n.entry), fact.id),
                    Lang::Zh => {
                        format!("注意：可能符合{}：未给出事实“{}”", entry(n.entry), fact.label.get_or(lang, &fact.id))
                    }
                });
            }
            // What `check` would say of any decision on these facts before looking at it: the
            // statute branch the facts select against the one the band is filed under, or that a
            // fact its branches read is not given.
            use discretion::check::{CaseCheck, Detail, Missing};
            let assessed = rules.check(&case);
            let about_branch = |f: &&discretion::check::Finding<'_>| {
                f.check == CaseCheck::BranchConflict
                    || matches!(f.detail, Detail::NotMade { check: CaseCheck::BranchConflict, .. })
            };
            // …and a provision that allows not penalising which a suspension of the table lifts
            // for these facts (C040: a discretionary entry no longer offered above).
            let noted =
                |f: &&discretion::check::Finding<'_>| about_branch(f) || f.check == CaseCheck::ExemptionSuspended;
            for f in assessed.findings.iter().filter(noted) {
                let note = if lang == Lang::Zh { "注意：" } else { "note: " };
                output::line(&format!("{note}{} {}", f.check.code(), f.message(lang)));
            }
            // Without `--decided`, the band is the law's at the act. Where the statute changed
            // after the act and the later text is lighter for these facts, a decision made after
            // the change takes the later law (Art. 37): said, as `check` says it of a case without
            // a decision date (C027), never an answer that holds only for an early decision.
            for f in &assessed.findings {
                let Detail::NotMade { check: CaseCheck::LawApplied, missing: Missing::DecisionDate { changed, .. } } =
                    &f.detail
                else {
                    continue;
                };
                // The band a decision on the day of the change would have: the same computation.
                let mut later = case.clone();
                later.decided = Some(*changed);
                let later_band = rules.allowed(&later).ok().and_then(|l| l.band).map(|b| format_money(&b, lang));
                let id = a.violation.statute.as_str();
                let cited =
                    rules.statute(id).map_or_else(|| id.to_string(), |s| format_citation(&s.citation, Lang::Zh));
                output::line(&match lang {
                    Lang::En => format!(
                        "note: this is the band of the law at the act; `{id}` changed on {changed}, and the later text, lighter for these facts, applies to a decision made on or after that day (Art. 37){}. Give --decided for the band of a decision",
                        later_band.map(|b| format!("; the band for such a decision is {b}")).unwrap_or_default()
                    ),
                    Lang::Zh => format!(
                        "注意：以上为行为时规定下的幅度；{cited}于 {changed} 修改，新的规定对本案事实处罚较轻：{changed} 及以后作出的决定适用新的规定（行政处罚法第三十七条）{}。可用 --decided 给出决定日期",
                        later_band.map(|b| format!("，幅度为{b}")).unwrap_or_default()
                    ),
                });
            }
            // The act's date the band was computed for, where the user gave none.
            if let Some(d) = &default_act {
                output::line(&match lang {
                    Lang::En => {
                        format!("note: no --act given: the act is taken to be on {d}, the day the table took effect")
                    }
                    Lang::Zh => format!("注意：未给出 --act，违法行为日期按基准施行之日 {d} 计"),
                });
            }
            ExitCode::SUCCESS
        }
        // An unknown violation is said as `check` says it, with the nearest ids and names.
        Err(discretion::check::AllowedError::UnknownViolation(v)) => {
            let tables: Vec<&str> = opts.table.as_deref().into_iter().collect();
            match rules.resolve_violation_id(&v, None, &tables) {
                Err(e) => fail(as_option(e).render(lang)),
                Ok(_) => fail(discretion::check::AllowedError::UnknownViolation(v).message(lang)),
            }
        }
        // No level, but a mandatory no-penalty entry the facts meet answers without one, as
        // `check` judges such a case (C004 for any penalty).
        Err(e @ discretion::check::AllowedError::Undetermined { .. }) => {
            let entries = rules.no_penalty_entries(&case);
            let missing = match &e {
                discretion::check::AllowedError::Undetermined { missing, .. } => missing.join(", "),
                _ => String::new(),
            };
            match entries.iter().find(|n| n.unknown.is_none() && n.entry.kind == ExemptionKind::Mandatory) {
                Some(n) => {
                    output::line(&match lang {
                        Lang::En => format!(
                            "=> no penalty: the facts meet {} (no level is needed; facts not given: {missing})",
                            entry(n.entry)
                        ),
                        Lang::Zh => {
                            format!("=> 应当不予处罚：符合{}（无需确定阶次；未给出的事实：{missing}）", entry(n.entry))
                        }
                    });
                    ExitCode::SUCCESS
                }
                None => fail(e.message(lang)),
            }
        }
        Err(e) => fail(e.message(lang)),
    }
}

/// A case field's error named by the option that gave it (`--act`, not the field `act_ended`).
fn as_option(mut e: discretion::read::record::CaseError) -> discretion::read::record::CaseError {
    if let Some(option) = option_of(e.field.trim_matches('`')) {
        e.field = option.to_string();
    }
    e
}

/// The option that gives a case field, if one does.
fn option_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "act_ended" => "--act",
        "decided" => "--decided",
        "discovered" => "--discovered",
        "addressee" => "--addressee",
        "table" => "--table",
        "violation" => "--violation",
        _ => return None,
    })
}

/// Dates given out of their legal order, refused as `check` reports them (C034): which one is
/// wrong cannot be told, and the band depends on them (Art. 37).
/// `assumed`: the act's date taken without `--act`, named as such (the user typed no act date).
fn misordered(((e, ed), (l, ld)): discretion::check::MisorderedDates, assumed: Option<&str>, lang: Lang) -> String {
    let name = |f: &str| match (f, assumed, lang) {
        ("act_ended", Some(_), Lang::En) => {
            "the act's date taken without --act (the day the table took effect)".to_string()
        }
        ("act_ended", Some(_), Lang::Zh) => "未给出 --act 时采用的违法行为日期（基准施行之日）".to_string(),
        _ => option_of(f).map_or_else(|| format!("`{f}`"), str::to_string),
    };
    match lang {
        Lang::En => format!(
            "{} ({ld}) is before {} ({ed}): an act begins before it ends and is discovered, and a decision comes after both",
            name(l),
            name(e)
        ),
        Lang::Zh => {
            format!("{}（{ld}）早于{}（{ed}）：违法行为先开始、后终了和被发现，处罚决定在其后作出", name(l), name(e))
        }
    }
}
