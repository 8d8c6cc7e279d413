//! Values read as the writer typed them, for the plan's figures and inline rows.
//!
//! YAML would read `1.000` as the float 1 and `264.720` as 264,72. A [`Scalar`] keeps the text
//! instead (`"1.000"`), so every figure is read by one rule (`vietnamese::read_number`), with
//! its position, whatever YAML thought of it.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Located;

/// A scalar's text as written, quotes removed; empty for a YAML null.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("một số hoặc một đoạn văn bản")
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::default())
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                // Asked for a string, the reader hands over a plain scalar's text as written.
                d.deserialize_string(V)
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_option(V)
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "Figure".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Một số viết kiểu Việt Nam: 1250, 1.250 (dấu chấm ngăn hàng nghìn), 12,5 (dấu phẩy thập phân) — a figure as offices write it.",
            "type": ["number", "string", "null"]
        })
    }
}

/// One row written in the plan: `{ unit: Xã A, eligible: 1.000 }`, keys in the order written.
#[derive(Clone, Debug, Default)]
pub struct InlineRow(pub Vec<(Located<String>, Located<Scalar>)>);

impl<'de> Deserialize<'de> for InlineRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = InlineRow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("một dòng `{ unit: …, cột: số, … }`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<InlineRow, A::Error> {
                let mut cells = Vec::new();
                while let Some(key) = m.next_key::<Located<String>>()? {
                    cells.push((key, m.next_value()?));
                }
                Ok(InlineRow(cells))
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for InlineRow {
    fn schema_name() -> Cow<'static, str> {
        "Row".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Một dòng: khoá cột → giá trị — a row: column key → value.",
            "type": "object",
            "additionalProperties": generator.subschema_for::<Scalar>()
        })
    }
}

/// Rows of an appendix: a data file's path, or the rows themselves.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum Rows {
    File(String),
    Inline(Vec<Located<InlineRow>>),
}

impl<'de> Deserialize<'de> for Rows {
    // By hand, not `untagged`: an untagged enum buffers its input and loses every position.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rows;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("đường dẫn tệp .csv/.xlsx hoặc danh sách dòng")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rows, E> {
                Ok(Rows::File(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
                let mut rows = Vec::new();
                while let Some(r) = seq.next_element()? {
                    rows.push(r);
                }
                Ok(Rows::Inline(rows))
            }
        }
        d.deserialize_any(V)
    }
}

/// A report's figures: a data file, or the reports of the units below (`{ from: [...] }`).
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum FiguresSource {
    File(String),
    From {
        /// Báo cáo của các đơn vị cấp dưới — the reports of the units below, each summed into
        /// its unit's row.
        from: Vec<Located<String>>,
    },
}

impl<'de> Deserialize<'de> for FiguresSource {
    // By hand, not `untagged`, to keep each report's position.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FiguresSource;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("đường dẫn tệp .csv/.xlsx hoặc { from: [báo cáo của đơn vị cấp dưới] }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FiguresSource, E> {
                Ok(FiguresSource::File(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FiguresSource, A::Error> {
                let mut from = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "from" {
                        return Err(de::Error::unknown_field(&key, &["from"]));
                    }
                    from = Some(map.next_value::<Vec<Located<String>>>()?);
                }
                from.map(|from| FiguresSource::From { from })
                    .ok_or_else(|| de::Error::missing_field("from"))
            }
        }
        d.deserialize_any(V)
    }
}

/// The note under an appendix table: `false` drops it, a text replaces it.
#[derive(Clone, Debug, JsonSchema)]
#[serde(untagged)]
pub enum Note {
    Shown(bool),
    Text(String),
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Note;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("false hoặc một đoạn văn bản")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Note, E> {
                Ok(Note::Shown(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Note, E> {
                Ok(Note::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_beyond_sixty_four_bits_are_kept_as_written() {
        for text in [
            "9223372036854775808",
            "99999999999999999999",
            "-9223372036854775809",
        ] {
            let row: InlineRow = serde_saphyr::from_str(&format!("{{ quota: {text} }}")).unwrap();
            assert_eq!(row.0[0].1.value.0, text);
            let s: Scalar = serde_saphyr::from_str(text).unwrap();
            assert_eq!(s.0, text);
        }
    }
}
