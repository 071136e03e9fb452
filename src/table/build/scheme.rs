//! Violations and their benchmark: tiers, matrix, weight model.

use super::*;

/// The keys of one benchmark, wherever they are written (a violation's own, or its
/// `responsible_persons:`).
struct SchemeParts<'a> {
    overlap: Option<&'a str>,
    tiers: Option<&'a [RawTier]>,
    matrix: Option<&'a RawMatrix>,
    weights: Option<&'a RawWeights>,
}

impl Builder {
    pub(super) fn violation(&mut self, path: &str, raw: &RawViolation, conv: BoundaryConvention) -> Option<Violation> {
        self.id(&join(path, "id"), &raw.id);
        let lp = join(path, "legal_basis");
        let violated = raw
            .legal_basis
            .violated
            .iter()
            .enumerate()
            .map(|(i, c)| self.citation(&index(&join(&lp, "violated"), i), c))
            .collect();
        let penalty = raw
            .legal_basis
            .penalty
            .iter()
            .enumerate()
            .map(|(i, c)| self.citation(&index(&join(&lp, "penalty"), i), c))
            .collect();
        let parts = SchemeParts {
            overlap: raw.overlap.as_deref(),
            tiers: raw.tiers.as_deref(),
            matrix: raw.matrix.as_ref(),
            weights: raw.weights.as_ref(),
        };
        let scheme = self.scheme(path, parts, conv);
        let responsible_persons = match &raw.responsible_persons {
            Some(r) => {
                let parts = SchemeParts {
                    overlap: r.overlap.as_deref(),
                    tiers: r.tiers.as_deref(),
                    matrix: r.matrix.as_ref(),
                    weights: r.weights.as_ref(),
                };
                Some(self.scheme(&join(path, "responsible_persons"), parts, conv)?)
            }
            None => None,
        };
        for (i, a) in raw.aliases.iter().enumerate() {
            if a.trim().is_empty() {
                self.invalid(&index(&join(path, "aliases"), i), "an alias is empty".into(), None);
            }
        }
        Some(Violation {
            id: raw.id.clone(),
            label: text(&raw.name),
            aliases: raw.aliases.clone(),
            legal_basis: LegalBasis { violated, penalty },
            statute: raw.statute.clone(),
            scheme: scheme?,
            responsible_persons,
            note: raw.note.clone(),
            reading: raw.reading.as_ref().map(text).filter(|r| {
                let empty = r.get(crate::table::Lang::En).trim().is_empty();
                if empty {
                    self.invalid(&join(path, "reading"), "a reading says what was read, in zh or en".into(), None);
                }
                !empty
            }),
            origin: origin(&self.file, path),
        })
    }

    /// One benchmark: exactly one of `tiers`, `matrix`, `weights` at `path`.
    fn scheme(&mut self, path: &str, parts: SchemeParts<'_>, conv: BoundaryConvention) -> Option<Scheme> {
        let SchemeParts { overlap, tiers, matrix, weights } = parts;
        let given: Vec<&str> =
            [("tiers", tiers.is_some()), ("matrix", matrix.is_some()), ("weights", weights.is_some())]
                .iter()
                .filter(|(_, g)| *g)
                .map(|(n, _)| *n)
                .collect();
        if given.len() != 1 {
            let message = if given.is_empty() {
                "no benchmark is given".to_string()
            } else {
                format!("several benchmarks are given ({}); give exactly one", given.join(", "))
            };
            self.report(ProblemKind::Shape, path, message, Some("add one of `tiers:`, `matrix:` or `weights:`".into()));
            return None;
        }
        if overlap.is_some() && tiers.is_none() {
            self.report(ProblemKind::Shape, &join(path, "overlap"), "`overlap` applies to tiers only".into(), None);
        }
        if let Some(tiers) = tiers {
            let overlap = match overlap {
                Some(w) => self.coded(&join(path, "overlap"), w)?,
                None => OverlapPolicy::Forbidden,
            };
            self.tiers(&join(path, "tiers"), tiers, conv).map(|tiers| Scheme::Tiers { overlap, tiers })
        } else if let Some(m) = matrix {
            self.matrix(&join(path, "matrix"), m, conv)
        } else {
            weights.and_then(|w| self.weights(&join(path, "weights"), w, conv)).map(|w| Scheme::Weights(Box::new(w)))
        }
    }

    pub(super) fn tiers(&mut self, path: &str, raw: &[RawTier], conv: BoundaryConvention) -> Option<Vec<Tier>> {
        if raw.is_empty() {
            self.report(ProblemKind::Shape, path, "no tiers are listed".into(), None);
            return None;
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, t) in raw.iter().enumerate() {
            let tp = index(path, i);
            self.id(&join(&tp, "id"), &t.id);
            if !seen.insert(t.id.clone()) {
                self.report(
                    ProblemKind::DuplicateId,
                    &join(&tp, "id"),
                    format!("tier `{}` is defined twice", t.id),
                    None,
                );
            }
            let rank = match &t.rank {
                Some(r) => self.whole(&join(&tp, "rank"), r).unwrap_or(0),
                None => u32::try_from(i + 1).unwrap_or(u32::MAX),
            };
            let when = match &t.when {
                Some(c) => self.condition(&join(&tp, "when"), c, None, conv),
                None => Some(Condition::always()),
            };
            let band = self.band(&tp, t.band(), conv);
            if let Some(when) = when {
                out.push(Tier {
                    id: t.id.clone(),
                    rank,
                    label: text(&t.name),
                    when,
                    band,
                    origin: origin(&self.file, &tp),
                });
            }
        }
        (out.len() == raw.len()).then_some(out)
    }

    pub(super) fn matrix(&mut self, path: &str, raw: &RawMatrix, conv: BoundaryConvention) -> Option<Scheme> {
        let mut axes = Vec::new();
        let mut failed_grades: Vec<Vec<&str>> = Vec::new();
        for (i, a) in raw.axes.iter().enumerate() {
            let ap = index(&join(path, "axes"), i);
            self.id(&join(&ap, "id"), &a.id);
            self.default_fact(&join(&ap, "fact"), a.fact.as_deref());
            let mut grades = Vec::new();
            // Grades whose condition has a mistake (said there): cells naming them are left
            // out without a word more — they are not "not a grade".
            let mut failed: Vec<&str> = Vec::new();
            for (j, g) in a.grades.iter().enumerate() {
                let gp = index(&join(&ap, "grades"), j);
                self.id(&join(&gp, "id"), &g.id);
                if a.grades.iter().take(j).any(|o| o.id == g.id) {
                    self.report(
                        ProblemKind::DuplicateId,
                        &join(&gp, "id"),
                        format!("grade `{}` is defined twice on axis `{}`", g.id, a.id),
                        None,
                    );
                }
                match self.condition(&join(&gp, "when"), &g.when, a.fact.as_deref(), conv) {
                    Some(when) => grades.push(Grade { id: g.id.clone(), label: text(&g.name), when }),
                    None => failed.push(&g.id),
                }
            }
            failed_grades.push(failed);
            let overlap = match &a.overlap {
                Some(w) => self.coded(&join(&ap, "overlap"), w).unwrap_or_default(),
                None => OverlapPolicy::Forbidden,
            };
            axes.push(Axis { id: a.id.clone(), label: text(&a.name), grades, overlap });
        }
        if raw.axes.is_empty() {
            self.report(ProblemKind::Shape, &join(path, "axes"), "a matrix needs at least one axis".into(), None);
            return None;
        }
        let mut cells = Vec::new();
        // Each cell's place among the cells written (a cell with a mistake is not built).
        let mut written: Vec<usize> = Vec::new();
        let mut seen = HashSet::new();
        for (i, c) in raw.cells.iter().enumerate() {
            let cp = index(&join(path, "cells"), i);
            if c.at.len() != axes.len() {
                self.report(
                    ProblemKind::Shape,
                    &join(&cp, "at"),
                    format!("the cell names {} grades but the matrix has {} axes", c.at.len(), axes.len()),
                    Some(format!(
                        "list one grade per axis, in order: {}",
                        axes.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                );
                continue;
            }
            let mut at = Vec::new();
            for (k, (g, axis)) in c.at.iter().zip(&axes).enumerate() {
                if g == "*" {
                    at.push(None);
                    continue;
                }
                match axis.grades.iter().position(|x| &x.id == g) {
                    Some(p) => at.push(Some(p)),
                    // A grade whose own condition failed: the cell is left out (`at` falls short).
                    None if failed_grades.get(k).is_some_and(|f| f.contains(&g.as_str())) => {}
                    None => {
                        let help = did_you_mean(g, axis.grades.iter().map(|x| x.id.as_str()))
                            .map(|s| format!("did you mean `{s}`?"))
                            .or_else(|| {
                                let grades: Vec<&str> = axis.grades.iter().map(|x| x.id.as_str()).collect();
                                Some(format!(
                                    "the grades of `{}` are: {}; or `\"*\"` (quoted) for a cell spanning the axis",
                                    axis.id,
                                    grades.join(", ")
                                ))
                            });
                        self.report(
                            ProblemKind::DanglingReference,
                            &index(&join(&cp, "at"), k),
                            format!("`{g}` is not a grade of axis `{}`", axis.id),
                            help,
                        );
                    }
                }
            }
            let band = self.band(&cp, c.band(), conv);
            if at.len() == axes.len() {
                if !seen.insert(at.clone()) {
                    self.report(
                        ProblemKind::DuplicateId,
                        &join(&cp, "at"),
                        format!("cell [{}] is defined twice", c.at.join(", ")),
                        None,
                    );
                }
                cells.push(Cell { at, band, origin: origin(&self.file, &cp) });
                written.push(i);
            }
        }
        if cells.iter().any(Cell::spans) {
            self.spanning_cells(path, &axes, &cells, &written);
        }
        Some(Scheme::Matrix { axes, cells })
    }

    /// A matrix with a spanning cell (`"*"`): no grade combination covered by two cells, and no
    /// more combinations than [`MAX_SPANNED_COMBINATIONS`].
    fn spanning_cells(&mut self, path: &str, axes: &[Axis], cells: &[Cell], written: &[usize]) {
        let radix: Vec<usize> = axes.iter().map(|a| a.grades.len()).collect();
        let mut conflicts: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        let laid = crate::table::lay_out(&radix, cells, MAX_SPANNED_COMBINATIONS, |cell, other, at| {
            // A cell's first combination shared with an earlier one says enough; an exact
            // duplicate is said above.
            if cells.get(cell).zip(cells.get(other)).is_none_or(|(a, b)| a.at != b.at) {
                conflicts.push((cell, other, at.to_vec()));
            }
        });
        if laid.is_none() {
            let total = radix.iter().map(|r| r.max(&1)).try_fold(1u128, |n, r| n.checked_mul(*r as u128));
            self.report(
                ProblemKind::Shape,
                &join(path, "cells"),
                format!(
                    "a matrix with a cell spanning an axis (`\"*\"`) may have at most {MAX_SPANNED_COMBINATIONS} grade combinations; this one has {}",
                    total.map_or_else(|| "more than 2^128".to_string(), |t| t.to_string())
                ),
                Some("write the spanning cell's combinations out, or split the matrix".into()),
            );
        }
        for (cell, other, at) in conflicts {
            let names: Vec<&str> =
                at.iter().zip(axes).filter_map(|(g, a)| a.grades.get(*g).map(|g| g.id.as_str())).collect();
            let (cell, other) =
                (written.get(cell).copied().unwrap_or(cell), written.get(other).copied().unwrap_or(other));
            self.report(
                ProblemKind::DuplicateId,
                &join(&index(&join(path, "cells"), cell), "at"),
                format!(
                    "this cell and cells[{other}] both cover [{}]: which band applies cannot be told",
                    names.join(", ")
                ),
                Some("a spanning cell (`\"*\"`) covers every grade of its axis; narrow one of the two".into()),
            );
        }
    }

    pub(super) fn weights(&mut self, path: &str, raw: &RawWeights, conv: BoundaryConvention) -> Option<WeightModel> {
        // Every number of the model as written — a percentage, or a fraction such as 1/3 — then
        // all as parts of one denominator, so that sums stay exact.
        let start = self.share(&join(path, "start"), &raw.start, false);
        let cap = raw.cap.as_ref().map(|c| self.share(&join(path, "cap"), c, false));
        let floor = raw.floor.as_ref().map(|f| self.share(&join(path, "floor"), f, false));
        let mut factors = Vec::new();
        for (i, f) in raw.factors.iter().enumerate() {
            let fp = index(&join(path, "factors"), i);
            self.id(&join(&fp, "id"), &f.id);
            // Two factors of one id read as one in every explanation ("quantity 6 … quantity 5").
            if raw.factors.iter().take(i).any(|o| o.id == f.id) {
                self.report(
                    ProblemKind::DuplicateId,
                    &join(&fp, "id"),
                    format!("weight factor `{}` is defined twice", f.id),
                    None,
                );
            }
            self.default_fact(&join(&fp, "fact"), f.fact.as_deref());
            let mut grades = Vec::new();
            for (j, g) in f.grades.iter().enumerate() {
                let gp = index(&join(&fp, "grades"), j);
                let when = self.condition(&join(&gp, "when"), &g.when, f.fact.as_deref(), conv);
                let weight = self.share(&join(&gp, "weight"), &g.weight, true);
                if let (Some(when), Some(weight)) = (when, weight) {
                    grades.push((text(&g.name), when, weight));
                }
            }
            // Grades that overlap are a mistake unless the table says which applies (the first
            // that matches, or the heavier), as for tiers and matrix axes.
            let overlap = match &f.overlap {
                Some(w) => self.coded(&join(&fp, "overlap"), w).unwrap_or(OverlapPolicy::Forbidden),
                None => OverlapPolicy::Forbidden,
            };
            factors.push((f.id.clone(), text(&f.name), grades, overlap));
        }
        let written = [start, cap.flatten(), floor.flatten()]
            .into_iter()
            .flatten()
            .chain(factors.iter().flat_map(|f| f.2.iter().map(|g| g.2)))
            .map(|(_, d)| d);
        let denominator = self.common_denominator(path, written)?;
        // A share written over `d` is that many parts of the common denominator times its share
        // (exact: `d` divides the denominator).
        let parts = |(x, d): super::values::Share| {
            let saturated = if x.is_sign_negative() { Decimal::MIN } else { Decimal::MAX };
            x.checked_mul(Decimal::from(denominator / d.max(1))).unwrap_or(saturated)
        };
        let factors = factors
            .into_iter()
            .map(|(id, label, grades, overlap)| WeightFactor {
                id,
                label,
                grades: grades
                    .into_iter()
                    .map(|(label, when, w)| WeightGrade { label, when, weight: parts(w) })
                    .collect(),
                overlap,
            })
            .collect();
        let start = start.map(parts);
        let cap = match cap {
            Some(c) => c.map(parts),
            None => Some(Decimal::from(denominator)),
        };
        let floor = floor.map(|f| f.map(parts));
        let band = self.band(path, raw.band(), conv);
        if raw.fine.is_some() {
            self.report(
                ProblemKind::Shape,
                &join(path, "fine"),
                "a weight model computes its fine; it has no `fine:`".into(),
                None,
            );
        }
        let (start, cap) = (start?, cap?);
        if let Some(Some(f)) = floor
            && f > cap
        {
            use crate::table::model::written_total;
            let (f, cap) = (written_total(f, denominator), written_total(cap, denominator));
            self.report(ProblemKind::InvalidRange, &join(path, "floor"), format!("floor {f} is above cap {cap}"), None);
        }
        Some(WeightModel {
            denominator,
            start,
            cap,
            floor: floor.flatten(),
            factors,
            band,
            origin: origin(&self.file, path),
        })
    }
}
