//! Closed lists of words: units, directions, target kinds, methods, output
//! formats. Each list is one type implementing [`Vocabulary`], declared
//! with the crate-private `vocabulary!` macro, which lists every
//! value once with its word and its help line. Parsing, the command line's
//! choices and every "expected one of …" message are generated from that
//! one list, so that adding a value is one line and no message goes stale.

/// A closed list of values, each with the word that names it.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    /// What the list names, in words, for messages: `unit`, `direction`.
    const WHAT: &'static str;
    /// Every value, in the order documentation and messages list them.
    const ALL: &'static [Self];

    /// The word for a value, as definitions, CSV and the command line
    /// write it.
    fn word(self) -> &'static str;

    /// One line saying what the value means (for `--help`).
    fn help(self) -> &'static str;

    /// The value a word names, exactly as [`Vocabulary::word`] writes it.
    fn parse(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.word() == word)
    }

    /// `a, b or c`: every word, for "expected …" messages.
    fn expected() -> String {
        either(&Self::ALL.iter().map(|v| v.word()).collect::<Vec<_>>())
    }

    /// The message for a word that is not in the list: what is expected,
    /// and the nearest word when one is close.
    fn unknown(word: &str) -> String {
        let words: Vec<&str> = Self::ALL.iter().map(|v| v.word()).collect();
        let hint = near(word, words.iter().copied())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        format!(
            "unknown {} `{word}`: expected {}{hint}",
            Self::WHAT,
            Self::expected()
        )
    }
}

/// `a`, `a or b`, `a, b or c`.
pub fn either(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The candidate closest to `word`, ignoring case, when it is close enough
/// to be a slip of the keyboard (a third of its letters at most) or when
/// `word` starts it.
pub fn near<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    if w.is_empty() {
        return None;
    }
    let allowed = (w.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let lc = c.to_lowercase();
            let d = strsim::levenshtein(&w, &lc);
            (d <= allowed || (w.len() >= 3 && lc.starts_with(&w))).then_some((d, c))
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Declare a closed list: an enum whose variants each carry their word and
/// their help line (also the variant's documentation), implementing
/// [`Vocabulary`] and serialising as the word.
///
/// ```ignore
/// vocabulary! {
///     /// Which way is progress.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Direction: "direction" {
///         Increase = "increase": "Higher is better.",
///         Decrease = "decrease": "Lower is better.",
///     }
/// }
/// ```
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $($variant:ident = $word:literal : $help:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                #[doc = $help]
                $variant
            ),+
        }

        impl $crate::base::vocab::Vocabulary for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            fn help(self) -> &'static str {
                match self {
                    $($name::$variant => $help),+
                }
            }
        }

        impl $name {
            /// The word for this value (see [`Vocabulary::word`](crate::base::vocab::Vocabulary::word)).
            pub fn as_str(self) -> &'static str {
                <Self as $crate::base::vocab::Vocabulary>::word(self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let word = <std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                <Self as $crate::base::vocab::Vocabulary>::parse(&word).ok_or_else(|| {
                    ::serde::de::Error::custom(
                        <Self as $crate::base::vocab::Vocabulary>::unknown(&word),
                    )
                })
            }
        }
    };
}

pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    vocabulary! {
        /// A test list.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Fruit: "fruit" {
            Apple = "apple": "A red one.",
            Banana = "banana": "A long yellow one.",
            Orange = "orange": "An orange one.",
        }
    }

    #[test]
    fn words_parse_and_name_their_values() {
        assert_eq!(Fruit::parse("banana"), Some(Fruit::Banana));
        assert_eq!(Fruit::parse("Banana"), None);
        assert_eq!(Fruit::Orange.as_str(), "orange");
        assert_eq!(Fruit::Banana.help(), "A long yellow one.");
    }

    #[test]
    fn messages_list_every_word_and_suggest_a_near_one() {
        assert_eq!(Fruit::expected(), "apple, banana or orange");
        assert_eq!(
            Fruit::unknown("banan"),
            "unknown fruit `banan`: expected apple, banana or orange (did you mean `banana`?)"
        );
        assert_eq!(
            Fruit::unknown("kiwi"),
            "unknown fruit `kiwi`: expected apple, banana or orange"
        );
    }

    #[test]
    fn near_ignores_case_and_takes_prefixes() {
        assert_eq!(near("ldc", ["LDC", "LLDC"]), Some("LDC"));
        assert_eq!(
            near("devel", ["development", "DEVELOPED"]),
            Some("DEVELOPED")
        );
        assert_eq!(near("xyz", ["LDC"]), None);
    }
}
