/// A closed list of words a table may write, each naming one value of a Rust enum
/// (`lighter` → [`Disposition::Lighter`](super::Disposition::Lighter)). One list per type serves
/// both reading tables and writing diagnostics, so the two cannot drift apart.
///
/// ```
/// use discretion::table::{Coded, Disposition};
/// assert_eq!(Disposition::Lighter.code(), "lighter");
/// assert_eq!(Disposition::from_code("heavier"), Some(Disposition::Heavier));
/// assert_eq!(Disposition::from_code("heavy"), None);
/// ```
pub trait Coded: Copy + PartialEq + 'static {
    /// Every value with its word, in declaration order.
    const CODES: &'static [(&'static str, Self)];
    /// What the words name, for messages ("disposition").
    const WHAT: &'static str;

    /// The word for this value.
    fn code(self) -> &'static str {
        Self::CODES.iter().find(|(_, v)| *v == self).map_or("", |(c, _)| c)
    }

    /// The value a word names.
    fn from_code(code: &str) -> Option<Self> {
        Self::CODES.iter().find(|(c, _)| *c == code).map(|(_, v)| *v)
    }
}

/// Implements [`Coded`] from a list of `Variant => "word"`.
macro_rules! coded {
    ($t:ident, $what:literal, { $($v:ident => $c:literal),* $(,)? }) => {
        impl $crate::table::Coded for $t {
            const CODES: &'static [(&'static str, Self)] = &[$(($c, $t::$v)),*];
            const WHAT: &'static str = $what;
        }
    };
}
pub(crate) use coded;

/// The names people use for the values of a [`Coded`] type, in Chinese and English: one list
/// serves both reading case files (`从轻处罚` → lighter) and writing output. A value may have
/// several names; the first is the one shown.
///
/// ```
/// use discretion::table::{Disposition, Lang, Named};
/// assert_eq!(Disposition::Lighter.name(Lang::Zh), "从轻处罚");
/// assert_eq!(Disposition::from_name("从轻"), Some(Disposition::Lighter));
/// assert_eq!(Disposition::from_name("lighter"), Some(Disposition::Lighter));
/// ```
pub trait Named: Coded {
    /// Every value with its Chinese and English names; the first entry of a value is its
    /// display name.
    const NAMES: &'static [(Self, &'static str, &'static str)];

    /// The display name in `lang`.
    fn name(self, lang: super::Lang) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(v, _, _)| *v == self)
            .map_or(self.code(), |(_, zh, en)| if lang == super::Lang::Zh { zh } else { en })
    }

    /// The value a word names: its code, or any of its Chinese or English names.
    fn from_name(word: &str) -> Option<Self> {
        let w = word.trim();
        Self::from_code(w).or_else(|| {
            Self::NAMES.iter().find(|(_, zh, en)| *zh == w || en.eq_ignore_ascii_case(w)).map(|(v, _, _)| *v)
        })
    }
}

/// Implements [`Named`] from a list of `Variant => ("中文", "English")`.
macro_rules! named {
    ($t:ident, { $($v:ident => ($zh:literal, $en:literal)),* $(,)? }) => {
        impl $crate::table::Named for $t {
            const NAMES: &'static [(Self, &'static str, &'static str)] = &[$(($t::$v, $zh, $en)),*];
        }
    };
}
pub(crate) use named;
