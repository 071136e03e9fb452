//! Writing the model back as format-v1 YAML: [`Benchmark::write_file`] and
//! [`Benchmark::write_all`].
//!
//! The writer is a function of the loaded model, not of the text it came from: keys in the
//! order `docs/FORMAT.md` gives them, conditions and fines with explicit ends (`at_least`,
//! `more_than`, `min`, `less_than`), Chinese kept as written, comments and layout not kept.
//! Loading what it writes gives back the same model, element for element (the round-trip
//! property in `tests/round_trip.rs`), so it also normalises hand-written files.

mod emit;
mod parts;

use emit::{Map, Node, document, raw, text};
use parts::{Parts, citation, name, number, period, source, words};

use crate::table::{
    Benchmark, Coded, Exemption, Fact, FactType, Factor, FactorSet, Scheme, Statute, Table, Unit, Violation,
    WeightModel,
};

/// A number of a weight model's parts as a table can write it back: as written
/// ([`WeightModel::written`]), but a whole or a percentage among fractions as the percentage a
/// plain number means there (`1` → `100`).
fn share(w: &WeightModel, parts: rust_decimal::Decimal) -> Node {
    let t = w.written(parts);
    if w.denominator == 100 || t.contains('/') {
        return raw(t);
    }
    let whole = rust_decimal::Decimal::from(w.denominator);
    let pct = parts.checked_mul(rust_decimal::Decimal::ONE_HUNDRED).and_then(|p| p.checked_div(whole));
    raw(pct.map_or(t, |p| p.normalize().to_string()))
}

fn fact(f: &Fact) -> Node {
    let kind = f.fact_type.code();
    let values = match &f.fact_type {
        FactType::Enum(values) => values.clone(),
        _ => Vec::new(),
    };
    let values: Vec<Node> = values
        .iter()
        .enumerate()
        .map(|(i, v)| match f.value_labels.get(i).filter(|l| !l.is_empty()) {
            Some(label) => Map::new().with("id", text(v)).map("name", name(label)).done(),
            None => text(v),
        })
        .collect();
    let domain = f.fact_type.is_numeric().then_some(f.domain);
    Map::new()
        .with("id", text(&f.id))
        .with("type", raw(kind))
        .opt("unit", f.unit.as_deref().map(text))
        .map("name", name(&f.label))
        .list("values", values)
        .opt("min", domain.and_then(|d| d.min).map(number))
        .opt("max", domain.and_then(|d| d.max).map(number))
        .done()
}

fn unit(u: &Unit) -> Node {
    Map::new().with("id", text(&u.id)).map("name", name(&u.label)).list("aliases", words(&u.aliases)).done()
}

impl Parts<'_> {
    fn factor(&self, f: &Factor) -> Node {
        Map::new()
            .with("id", text(&f.id))
            .map("name", name(&f.label))
            .with("effect", raw(f.effect.code()))
            .with("citation", citation(&f.citation))
            .list("excludes", words(&f.excludes))
            .opt("presumes", f.presumes.as_ref().map(|c| self.condition(c)))
            .done()
    }

    fn factor_set(&self, s: &FactorSet) -> Node {
        Map::new()
            .with("id", text(&s.id))
            .opt("version", s.version.as_deref().map(text))
            .opt("effective", s.effective.as_ref().map(period))
            .map("name", name(&s.label))
            .opt("note", s.note.as_deref().map(text))
            .list("factors", s.factors.iter().map(|f| self.factor(f)).collect())
            .done()
    }
}

impl Parts<'_> {
    fn statute(&self, s: &Statute) -> Node {
        let versions = s
            .versions
            .iter()
            .map(|v| {
                let branches = v
                    .branches
                    .iter()
                    .map(|b| {
                        Map::new()
                            .with("id", text(&b.id))
                            .map("name", name(&b.label))
                            .opt("when", b.when.as_ref().map(|c| self.condition(c)))
                            .opt(
                                "addressee",
                                (b.addressee != crate::table::Addressee::Party).then(|| raw(b.addressee.code())),
                            )
                            .opt("fine", b.fine.as_ref().map(parts::fine))
                            .opt("fine_optional", b.fine_optional.then(|| raw(true)))
                            .list("sanctions", self.sanctions(&b.sanctions))
                            .done()
                    })
                    .collect();
                let limitation = |l: &crate::table::Limitation| {
                    Map::new().with("years", raw(l.years)).with("citation", citation(&l.citation)).done()
                };
                Map::new()
                    .with("effective", period(&v.effective))
                    .opt("source", v.source.as_ref().map(source))
                    .opt("limitation", v.limitation.as_ref().map(limitation))
                    .opt("note", v.note.as_deref().map(text))
                    .with("branches", Node::Seq(branches))
                    .done()
            })
            .collect();
        Map::new()
            .with("id", text(&s.id))
            .map("name", name(&s.label))
            .with("citation", citation(&s.citation))
            .with("versions", Node::Seq(versions))
            .opt("note", s.note.as_deref().map(text))
            .done()
    }

    /// A benchmark's keys: `overlap` + `tiers`, or `matrix`, or `weights`.
    fn scheme(&self, s: &Scheme) -> Map {
        match s {
            Scheme::Tiers { overlap, tiers } => {
                let tiers = tiers
                    .iter()
                    .map(|t| {
                        Map::new()
                            .with("id", text(&t.id))
                            .with("rank", raw(t.rank))
                            .map("name", name(&t.label))
                            .opt("when", self.when(&t.when))
                            .extend(self.band(&t.band))
                            .done()
                    })
                    .collect();
                Map::new().with("overlap", raw(overlap.code())).with("tiers", Node::Seq(tiers))
            }
            Scheme::Matrix { axes, cells } => {
                let axes_out = axes
                    .iter()
                    .map(|a| {
                        let grades = a
                            .grades
                            .iter()
                            .map(|g| {
                                Map::new()
                                    .with("id", text(&g.id))
                                    .map("name", name(&g.label))
                                    .with("when", self.condition(&g.when))
                                    .done()
                            })
                            .collect();
                        Map::new()
                            .with("id", text(&a.id))
                            .map("name", name(&a.label))
                            .with("overlap", raw(a.overlap.code()))
                            .with("grades", Node::Seq(grades))
                            .done()
                    })
                    .collect();
                let cells = cells
                    .iter()
                    .map(|c| {
                        let at =
                            c.at.iter()
                                .zip(axes)
                                .map(|(g, a)| match g {
                                    Some(g) => a.grades.get(*g).map_or_else(|| raw(g), |g| text(&g.id)),
                                    None => text("*"),
                                })
                                .collect();
                        Map::new().with("at", Node::Seq(at)).extend(self.band(&c.band)).done()
                    })
                    .collect();
                let matrix = Map::new().with("axes", Node::Seq(axes_out)).with("cells", Node::Seq(cells));
                Map::new().with("matrix", matrix.done())
            }
            Scheme::Weights(w) => {
                let factors = w
                    .factors
                    .iter()
                    .map(|f| {
                        let grades = f
                            .grades
                            .iter()
                            .map(|g| {
                                Map::new()
                                    .map("name", name(&g.label))
                                    .with("when", self.condition(&g.when))
                                    .with("weight", share(w, g.weight))
                                    .done()
                            })
                            .collect();
                        Map::new()
                            .with("id", text(&f.id))
                            .map("name", name(&f.label))
                            .with("overlap", raw(f.overlap.code()))
                            .with("grades", Node::Seq(grades))
                            .done()
                    })
                    .collect();
                let weights = Map::new()
                    .with("start", share(w, w.start))
                    .with("cap", share(w, w.cap))
                    .opt("floor", w.floor.map(|f| share(w, f)))
                    .extend(self.band(&w.band))
                    .with("factors", Node::Seq(factors));
                Map::new().with("weights", weights.done())
            }
        }
    }

    fn violation(&self, v: &Violation) -> Node {
        let basis = Map::new()
            .list("violated", v.legal_basis.violated.iter().map(citation).collect())
            .list("penalty", v.legal_basis.penalty.iter().map(citation).collect());
        Map::new()
            .with("id", text(&v.id))
            .map("name", name(&v.label))
            .list("aliases", words(&v.aliases))
            .with("legal_basis", basis.done())
            .with("statute", text(&v.statute))
            .opt("note", v.note.as_deref().map(text))
            .map("reading", v.reading.as_ref().map(name).unwrap_or_default())
            .extend(self.scheme(&v.scheme))
            .opt("responsible_persons", v.responsible_persons.as_ref().map(|s| self.scheme(s).done()))
            .done()
    }

    fn exemption(&self, e: &Exemption) -> Node {
        Map::new()
            .with("id", text(&e.id))
            .map("name", name(&e.label))
            .list("violations", words(&e.violations))
            .with("kind", raw(e.kind.code()))
            .with("when", self.condition(&e.when))
            .with("basis", citation(&e.basis))
            .done()
    }

    fn table(&self, t: &Table) -> Node {
        let placement = t
            .placement
            .iter()
            .map(|p| {
                let anchor = match p.anchor {
                    crate::table::PlacementAnchor::ShareOfMax(x) => ("share_of_max", number(x)),
                    crate::table::PlacementAnchor::MultipleOfMin(x) => ("multiple_of_min", number(x)),
                    crate::table::PlacementAnchor::Midpoint => ("midpoint", raw(true)),
                };
                Map::new()
                    .with("applies_to", raw(p.applies_to.code()))
                    .with("disposition", raw(p.disposition.code()))
                    .with(anchor.0, anchor.1)
                    .with("tolerance", number(p.tolerance))
                    .done()
            })
            .collect();
        let adjustments = t
            .adjustments
            .iter()
            .map(|a| {
                let effect = match &a.effect {
                    crate::table::AdjustmentEffect::TierUp(n) => ("tier_up", raw(n)),
                    crate::table::AdjustmentEffect::Place(r) => ("place", parts::ends(r).done()),
                    crate::table::AdjustmentEffect::Reduce(r) => ("reduce", parts::ends(r).done()),
                };
                Map::new()
                    .with("id", text(&a.id))
                    .map("name", name(&a.label))
                    .with("when", self.condition(&a.when))
                    .with(effect.0, effect.1)
                    .list("keep", words(&a.keep))
                    .list("violations", words(&a.violations))
                    .opt("citation", a.citation.as_ref().map(citation))
                    .done()
            })
            .collect();
        let suspensions = t
            .suspensions
            .iter()
            .map(|s| {
                Map::new()
                    .with("id", text(&s.id))
                    .map("name", name(&s.label))
                    .list("suspends", s.suspends.iter().map(|e| raw(e.code())).collect())
                    .with("when", self.condition(&s.when))
                    .list("violations", words(&s.violations))
                    .opt("effective", s.effective.as_ref().map(period))
                    .opt("citation", s.citation.as_ref().map(citation))
                    .done()
            })
            .collect();
        let hearing = t.hearing.map(|h| {
            Map::new().opt("individual", h.individual.map(number)).opt("organisation", h.organisation.map(number))
        });
        Map::new()
            .with("id", text(&t.id))
            .opt("version", t.version.as_deref().map(text))
            .map("title", name(&t.title))
            .map("authority", name(&t.authority))
            .with("jurisdiction", text(&t.jurisdiction))
            .with("currency", text(&t.currency))
            .with("effective", period(&t.effective))
            .with("source", source(&t.source))
            .opt("parent", t.parent.as_deref().map(text))
            .with(
                "boundaries",
                Map::new()
                    .with("above", raw(t.boundaries.above.code()))
                    .with("below", raw(t.boundaries.below.code()))
                    .done(),
            )
            .list("placement", placement)
            .opt("hearing", hearing.map(Map::done))
            .list("languages", t.languages.iter().map(|l| raw(l.code())).collect())
            .list("factor_sets", words(&t.factor_sets))
            .list("factors", t.factors.iter().map(|f| self.factor(f)).collect())
            .list("adjustments", adjustments)
            .list("suspensions", suspensions)
            .opt("note", t.note.as_deref().map(text))
            .done()
    }
}

impl Benchmark {
    /// Everything the rules hold from source file `name` — its facts, units, factor sets,
    /// statutes, table, violations and exemptions, in the order they were written — as one
    /// format-v1 document. `None` for a name that is not a source file of the rules.
    ///
    /// ```
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_str("t.yaml", "discretion: 1\nfacts:\n  - {id: days_late, type: days, name: {zh: 逾期天数}}\n")?;
    /// let written = rules.write_file("t.yaml").unwrap();
    /// assert!(written.contains("- {id: days_late, type: days, name: {zh: 逾期天数}, min: 0}"), "{written}");
    /// // What it writes loads back to the same facts.
    /// assert_eq!(Benchmark::from_str("t.yaml", &written)?.facts(), rules.facts());
    /// # Ok::<(), discretion::LoadError>(())
    /// ```
    pub fn write_file(&self, name: &str) -> Option<String> {
        self.source_file(name)?;
        let p = Parts { rules: self };
        let here = |o: &crate::table::Origin| &*o.file == name;
        let facts: Vec<Node> = self.facts().iter().filter(|f| here(&f.origin)).map(fact).collect();
        let units: Vec<Node> = self.units().iter().filter(|u| here(&u.origin)).map(unit).collect();
        let sets: Vec<Node> = self.factor_sets().iter().filter(|s| here(&s.origin)).map(|s| p.factor_set(s)).collect();
        let statutes: Vec<Node> = self.statutes().iter().filter(|s| here(&s.origin)).map(|s| p.statute(s)).collect();
        let table = self.tables().iter().find(|t| here(&t.origin));
        let mut top = Map::new()
            .with("discretion", raw(1))
            .list("facts", facts)
            .list("units", units)
            .list("factor_sets", sets)
            .list("statutes", statutes);
        if let Some(t) = table {
            top = top
                .with("table", p.table(t))
                .list("violations", t.violations.iter().filter(|v| here(&v.origin)).map(|v| p.violation(v)).collect())
                .list("exemptions", t.exemptions.iter().filter(|e| here(&e.origin)).map(|e| p.exemption(e)).collect());
        }
        Some(document(top))
    }

    /// Every source file of the rules, written ([`Benchmark::write_file`]), as `(name, text)`:
    /// `Benchmark::from_sources` on the result loads the same rules.
    pub fn write_all(&self) -> Vec<(String, String)> {
        self.source_files().iter().filter_map(|f| Some((f.name.to_string(), self.write_file(&f.name)?))).collect()
    }
}
