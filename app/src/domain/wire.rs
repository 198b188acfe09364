//! Values read from a request: what cannot be decoded is refused with an Italian sentence,
//! which reaches the person as a 400 (see `AppError::from_server_fn_error`).

use serde::{Deserialize, Deserializer, Serialize};

/// The decoder's message for a refused value: the sentence between «», so that the error
/// path can find it inside whatever the decoder wraps around it.
pub fn refusal(sentence: &str) -> String {
    format!("\u{ab}{sentence}\u{bb}")
}

/// The sentence of a [`refusal`] inside a decoder's message, if there is one.
pub fn refusal_in(message: &str) -> Option<&str> {
    let start = message.find('\u{ab}')? + '\u{ab}'.len_utf8();
    let len = message[start..].find('\u{bb}')?;
    Some(&message[start..start + len]).filter(|s| !s.is_empty())
}

/// A form value that may be left empty (`id=`): empty text is none, anything else must
/// decode as a `T` (an id, a status…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrEmpty<T>(pub Option<T>);

/// A field left out is empty.
impl<T> Default for OrEmpty<T> {
    fn default() -> Self {
        OrEmpty(None)
    }
}

impl<T: Serialize> Serialize for OrEmpty<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(id) => id.serialize(s),
            None => s.serialize_str(""),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrEmpty<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Ok(OrEmpty(None));
        }
        T::deserialize(serde::de::value::StringDeserializer::<D::Error>::new(text))
            .map(|id| OrEmpty(Some(id)))
    }
}

/// An enum read from a form value or JSON string: each variant has one wire word, anything
/// else is refused while decoding, with the given Italian sentence.
macro_rules! choice {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $($(#[$vdoc:meta])* $variant:ident = $word:literal),+ $(,)?
        }
        refusal = $refusal:literal;
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            pub fn parse(text: &str) -> Result<Self, &'static str> {
                match text {
                    $($word => Ok($name::$variant),)+
                    _ => Err($refusal),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(d)?;
                Self::parse(&text)
                    .map_err(|e| serde::de::Error::custom($crate::domain::wire::refusal(e)))
            }
        }
    };
}
pub(crate) use choice;

#[cfg(test)]
mod tests {
    use super::*;

    choice! {
        /// A test choice.
        pub enum Colour {
            Red = "rosso",
            Green = "verde",
        }
        refusal = "Scegli un colore.";
    }

    #[test]
    fn choices_round_trip_their_words_and_refuse_the_rest_in_italian() {
        assert_eq!(Colour::parse("verde"), Ok(Colour::Green));
        assert_eq!(Colour::Red.to_string(), "rosso");
        assert_eq!(
            serde_json::to_string(&Colour::Red).ok().as_deref(),
            Some("\"rosso\"")
        );
        let err = serde_json::from_str::<Colour>("\"blu\"").expect_err("refused");
        assert_eq!(refusal_in(&err.to_string()), Some("Scegli un colore."));
        assert_eq!(Colour::ALL.len(), 2);
    }

    #[test]
    fn an_empty_value_is_none_and_the_rest_must_decode() {
        let none: OrEmpty<Colour> = serde_json::from_str("\"\"").expect("empty");
        assert_eq!(none, OrEmpty(None));
        let some: OrEmpty<Colour> = serde_json::from_str("\"verde\"").expect("a colour");
        assert_eq!(some, OrEmpty(Some(Colour::Green)));
        assert!(serde_json::from_str::<OrEmpty<Colour>>("\"x\"").is_err());
    }

    #[test]
    fn a_refusal_is_found_inside_any_wrapping() {
        let wrapped = format!(
            "failed to decode: {} at line 1",
            refusal("Data non valida.")
        );
        assert_eq!(refusal_in(&wrapped), Some("Data non valida."));
        assert_eq!(refusal_in("missing field `x`"), None);
        assert_eq!(refusal_in("\u{ab}\u{bb}"), None);
    }
}
