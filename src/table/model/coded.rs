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
