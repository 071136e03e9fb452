use std::fmt;

/// A language a label can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Chinese (中文).
    Zh,
    /// English.
    En,
}

super::coded!(Lang, "language", { Zh => "zh", En => "en" });

/// A label in Chinese and/or English (`{zh: 未批先建, en: building without approval}`).
///
/// ```
/// use discretion::table::{Lang, Text};
/// let t = Text::new("未批先建", "building without an approved EIA");
/// assert_eq!(t.get(Lang::En), "building without an approved EIA");
/// assert_eq!(Text::zh("罚款").get(Lang::En), "罚款"); // falls back to the other language
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Text {
    /// The Chinese text.
    pub zh: Option<String>,
    /// The English text.
    pub en: Option<String>,
}

impl Text {
    /// Both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: Some(zh.into()), en: Some(en.into()) }
    }
    /// Chinese only.
    pub fn zh(zh: impl Into<String>) -> Text {
        Text { zh: Some(zh.into()), en: None }
    }
    /// English only.
    pub fn en(en: impl Into<String>) -> Text {
        Text { zh: None, en: Some(en.into()) }
    }
    /// The text in `lang`, else in the other language, else `""`.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        first.as_deref().or(second.as_deref()).unwrap_or("")
    }
    /// The text in `lang` (else the other language), or `id` when it has neither: what names a
    /// thing whose label may have been left out.
    ///
    /// ```
    /// use discretion::table::{Lang, Text};
    /// assert_eq!(Text::zh("区域").get_or(Lang::En, "area"), "区域");
    /// assert_eq!(Text::default().get_or(Lang::Zh, "area"), "area");
    /// ```
    pub fn get_or<'a>(&'a self, lang: Lang, id: &'a str) -> &'a str {
        match self.get(lang) {
            "" => id,
            text => text,
        }
    }
    /// Whether the text exists in `lang` (without falling back).
    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::Zh => self.zh.is_some(),
            Lang::En => self.en.is_some(),
        }
    }
    /// Whether neither language is given.
    pub fn is_empty(&self) -> bool {
        self.zh.is_none() && self.en.is_none()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get(Lang::En))
    }
}
