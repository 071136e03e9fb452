//! Ids, numbers, dates, periods, citations and closed word lists, each checked with a located error.

use super::*;

/// A share as written: `(numerator, denominator)`; a percentage is over 100.
pub(super) type Share = (Decimal, u32);

impl Builder {
    pub(crate) fn new(facts: HashMap<String, FactType>, units: Vec<String>) -> Builder {
        Builder { problems: Vec::new(), file: Arc::from(""), facts, unusable: Default::default(), units }
    }

    /// Facts whose declaration failed: a use of one is not reported again.
    pub(crate) fn declared_unusable(&mut self, ids: std::collections::HashSet<String>) {
        self.unusable = ids;
    }

    /// A reference to a declared unit, with a did-you-mean hint.
    pub(super) fn unit(&mut self, path: &str, id: &str) -> Option<String> {
        if self.units.iter().any(|u| u == id) {
            return Some(id.to_string());
        }
        let help = did_you_mean(id, self.units.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("declare it under `units:`; known: {}", self.units.join(", ")));
        self.report(ProblemKind::DanglingReference, path, format!("unknown unit `{id}`"), Some(help));
        None
    }

    pub(crate) fn set_file(&mut self, file: &Arc<str>) {
        self.file = file.clone();
    }

    pub(crate) fn report(&mut self, kind: ProblemKind, path: &str, message: String, help: Option<String>) {
        self.problems.push(Problem {
            kind,
            file: self.file.clone(),
            position: Position::default(),
            path: path.to_string(),
            message,
            help,
            lang: crate::table::Lang::En,
        });
    }

    pub(super) fn invalid(&mut self, path: &str, message: String, help: Option<String>) {
        self.report(ProblemKind::InvalidValue, path, message, help);
    }

    /// A word from a closed list, with a did-you-mean hint.
    pub(super) fn word<T: Copy>(&mut self, path: &str, what: &str, got: &str, choices: &[(&str, T)]) -> Option<T> {
        if let Some((_, v)) = choices.iter().find(|(c, _)| *c == got) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(c, _)| *c).collect();
        let help = match did_you_mean(got, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.invalid(path, format!("`{got}` is not a valid {what}"), Some(help));
        None
    }

    /// A word naming a value of a [`Coded`] type, with a did-you-mean hint.
    pub(super) fn coded<T: Coded>(&mut self, path: &str, got: &str) -> Option<T> {
        self.word(path, T::WHAT, got, T::CODES)
    }

    pub(super) fn id(&mut self, path: &str, id: &str) {
        let ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !ok {
            self.invalid(
                path,
                format!("`{id}` is not a valid id"),
                Some("ids use ASCII letters, digits, `.`, `-` and `_`".into()),
            );
        }
    }

    /// An exact decimal: digits with an optional sign and decimal point, nothing else.
    pub(crate) fn decimal(&mut self, path: &str, s: &Scalar) -> Option<Decimal> {
        let t = s.0.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let syntax_ok = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(body.contains('.') && frac.is_empty());
        if !syntax_ok {
            let help = match plain_digits_for(t) {
                Some(digits) => format!("write plain digits: `{digits}` (no separators, units or exponents)"),
                None => "write plain digits such as 5000 or 5000.00 (no separators, units or exponents)".into(),
            };
            self.invalid(path, format!("`{}` is not a decimal number", s.0), Some(help));
            return None;
        }
        match Decimal::from_str_exact(t) {
            Ok(d) => Some(d),
            Err(_) => {
                self.invalid(
                    path,
                    format!("`{}` cannot be held exactly", s.0),
                    Some("amounts may have at most 28 significant digits; nothing is rounded".into()),
                );
                None
            }
        }
    }

    pub(super) fn non_negative(&mut self, path: &str, s: &Scalar) -> Option<Decimal> {
        let d = self.decimal(path, s)?;
        if d.is_sign_negative() && !d.is_zero() {
            self.invalid(path, format!("`{}` is negative", s.0), None);
            return None;
        }
        Some(d)
    }

    /// A share of a weight model: a percentage (`12.5`) or a fraction (`1/8`), as `(numerator,
    /// denominator)` — a percentage is over 100. Negative only where `signed` (a weight that
    /// lowers the sum; never a start, floor or cap).
    pub(super) fn share(&mut self, path: &str, s: &Scalar, signed: bool) -> Option<Share> {
        let number = |b: &mut Builder, s: &Scalar| if signed { b.decimal(path, s) } else { b.non_negative(path, s) };
        let Some((top, bottom)) = s.0.split_once('/') else {
            return number(self, s).map(|x| (x, 100));
        };
        let top = number(self, &Scalar(top.trim().to_string()));
        let bottom = match bottom.trim().parse::<u32>() {
            Ok(d) if (1..=MAX_WEIGHT_DENOMINATOR).contains(&d) => Some(d),
            _ => {
                self.invalid(
                    path,
                    format!("`{}` is not a fraction with a whole denominator from 1 to {MAX_WEIGHT_DENOMINATOR}", s.0),
                    Some("write a percentage such as 12.5, or a fraction such as 1/8".into()),
                );
                None
            }
        };
        Some((top?, bottom?))
    }

    /// The least common multiple of 100 and the denominators written, which all of a weight
    /// model's numbers are counted in; an error past [`MAX_COMMON_DENOMINATOR`].
    pub(super) fn common_denominator(&mut self, path: &str, written: impl Iterator<Item = u32>) -> Option<u32> {
        let mut lcm: u64 = 100;
        for d in written {
            let d = u64::from(d.max(1));
            let (mut a, mut b) = (lcm, d);
            while b != 0 {
                (a, b) = (b, a % b);
            }
            lcm = lcm / a.max(1) * d;
            if lcm > u64::from(MAX_COMMON_DENOMINATOR) {
                self.invalid(
                    path,
                    format!(
                        "the fractions of this weight model have no common denominator up to {MAX_COMMON_DENOMINATOR}"
                    ),
                    Some("write the weights over fewer different denominators (1/3, 1/8 and 1/24 share 24)".into()),
                );
                return None;
            }
        }
        u32::try_from(lcm).ok()
    }

    pub(super) fn whole(&mut self, path: &str, s: &Scalar) -> Option<u32> {
        match s.0.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.invalid(path, format!("`{}` is not a whole number", s.0), None);
                None
            }
        }
    }

    pub(crate) fn date(&mut self, path: &str, s: &Scalar) -> Option<Date> {
        match s.0.trim().parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                let help = match padded_date(s.0.trim()) {
                    Some(d) => format!("write `{d}`: dates are written YYYY-MM-DD"),
                    None => "dates are written YYYY-MM-DD and must exist".into(),
                };
                self.invalid(path, e.to_string(), Some(help));
                None
            }
        }
    }

    pub(super) fn period(&mut self, path: &str, raw: &RawPeriod) -> Option<Period> {
        let from = self.date(&join(path, "from"), &raw.from);
        let until = raw.until.as_ref().map(|u| self.date(&join(path, "until"), u));
        let from = from?;
        let until = match until {
            Some(None) => return None,
            Some(Some(u)) => Some(u),
            None => None,
        };
        if let Some(u) = until
            && u < from
        {
            self.report(
                ProblemKind::InvalidRange,
                &join(path, "until"),
                format!("the period ends ({u}) before it starts ({from})"),
                None,
            );
            return None;
        }
        Some(Period { from, until })
    }

    pub(super) fn citation(&mut self, path: &str, raw: &RawCitation) -> Citation {
        let mut number = |key: &str, v: &Option<Scalar>| v.as_ref().and_then(|v| self.whole(&join(path, key), v));
        let article = number("article", &raw.article);
        let paragraph = number("paragraph", &raw.paragraph);
        let item = number("item", &raw.item);
        if raw.instrument.trim().is_empty() {
            self.invalid(
                &join(path, "instrument"),
                "the instrument is empty".into(),
                Some("name the law, regulation or rule".into()),
            );
        }
        Citation { instrument: raw.instrument.clone(), article, paragraph, item }
    }

    /// A statute's own limitation period: whole years, 1 to [`MAX_LIMITATION_YEARS`].
    pub(super) fn limitation(&mut self, path: &str, raw: &RawLimitation) -> Option<Limitation> {
        let citation = self.citation(&join(path, "citation"), &raw.citation);
        let years = self.whole(&join(path, "years"), &raw.years)?;
        match u16::try_from(years) {
            Ok(years) if (1..=MAX_LIMITATION_YEARS).contains(&years) => Some(Limitation { years, citation }),
            _ => {
                self.invalid(
                    &join(path, "years"),
                    format!("a limitation period of {years} years is not one the law sets"),
                    Some(format!(
                        "write the years the law says, 1 to {MAX_LIMITATION_YEARS} (税收征收管理法 Art. 86: 5)"
                    )),
                );
                None
            }
        }
    }

    pub(super) fn source(raw: &RawSource) -> SourceDocument {
        SourceDocument { name: raw.name.clone(), number: raw.number.clone(), publication: raw.publication.clone() }
    }

    pub(super) fn boundaries(&mut self, path: &str, raw: &RawBoundaries) -> BoundaryConvention {
        let above = self.coded(&join(path, "above"), &raw.above);
        let below = self.coded(&join(path, "below"), &raw.below);
        BoundaryConvention {
            above: above.unwrap_or(Inclusion::Inclusive),
            below: below.unwrap_or(Inclusion::Inclusive),
        }
    }
}

/// The plain digits an amount written as in a case file stands for (`5万` → 50000, `20万元` →
/// 200000, `10,000` → 10000), for the hint: a table says its amounts in plain digits only, so
/// that what it means is never a guess — the hint only proposes.
fn plain_digits_for(text: &str) -> Option<String> {
    let text = text.strip_suffix('元').unwrap_or(text);
    let (number, factor) = match text.char_indices().last()? {
        (at, '千') => (text.get(..at)?, 1_000u32),
        (at, '万') => (text.get(..at)?, 10_000),
        (at, '亿') => (text.get(..at)?, 100_000_000),
        _ => (text, 1),
    };
    // Separators only every three digits (`1,0000` may be a slip for either): no guess.
    let int = number.split('.').next().unwrap_or(number);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    if int.contains(',') && !((1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)) {
        return None;
    }
    let digits: String = number.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let value = Decimal::from_str_exact(&digits).ok()?.checked_mul(Decimal::from(factor))?;
    Some(value.normalize().to_string())
}

/// `2022-1-1` as `2022-01-01`, if that is a date.
fn padded_date(text: &str) -> Option<String> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || y.len() != 4 || !short(m) || !short(d) {
        return None;
    }
    let padded = format!("{y}-{m:0>2}-{d:0>2}");
    padded.parse::<Date>().ok().map(|_| padded)
}
