//! Reading "plain text, or a map" values (items, bullets) without losing positions.
//!
//! serde's `untagged` buffers the value and so drops the positions serde-saphyr attaches;
//! this visitor hands a map straight to the body type instead. The schema side stays
//! `#[serde(untagged)]` (schemars reads it as "string or object").

/// `text_or_map!(Enum, Body, "what is expected")`: `Deserialize` for an enum with
/// `Text(String)` and `Full(Body)` variants.
macro_rules! text_or_map {
    ($ty:ident, $body:ty, $expecting:literal) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        Ok($ty::Text(v.to_owned()))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$ty, E> {
                        Ok($ty::Text(v.to_string()))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$ty, E> {
                        Ok($ty::Text(v.to_string()))
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$ty, E> {
                        Ok($ty::Text(v.to_string()))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        m: A,
                    ) -> Result<$ty, A::Error> {
                        <$body as serde::Deserialize>::deserialize(
                            serde::de::value::MapAccessDeserializer::new(m),
                        )
                        .map($ty::Full)
                    }
                }
                d.deserialize_any(Visitor)
            }
        }
    };
}

pub(crate) use text_or_map;

/// "One text, or a list of texts" keeps the list items' positions the same way.
impl<'de> serde::Deserialize<'de> for super::OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use super::OneOrMany;
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("một đoạn văn hoặc danh sách đoạn văn")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany::Many(items))
            }
        }
        d.deserialize_any(Visitor)
    }
}
