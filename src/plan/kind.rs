//! The kinds of document kehoach writes, as a table: adding a kind of Decree 30 is a row here
//! (and a template), not a new module.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

/// How a kind's body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyShape {
    /// Headed sections (I., II., …) holding numbered items: the usual Kế hoạch.
    Sections,
    /// A flat numbered `items:` list: the usual Chỉ thị.
    Items,
}

/// One kind of document.
#[derive(Debug)]
pub struct Kind {
    /// The name written after `kind:` in a plan.
    pub name: &'static str,
    /// The type abbreviation of Decree 30, Appendix III ("Số: 12/KH-UBND").
    pub code: &'static str,
    /// The type name printed above the subject.
    pub title: &'static str,
    /// How the text names the document ("Kèm theo Kế hoạch số …").
    pub noun: &'static str,
    pub body: BodyShape,
    /// Section titles a new plan of this kind starts with (`kehoach new`).
    pub default_sections: &'static [&'static str],
    /// Whether `kehoach new` writes one: a report needs the plan it reports on.
    pub standalone: bool,
}

pub static KINDS: &[Kind] = &[
    Kind {
        name: "ke-hoach",
        code: "KH",
        title: "KẾ HOẠCH",
        noun: "Kế hoạch",
        body: BodyShape::Sections,
        default_sections: &[
            "Mục đích, yêu cầu",
            "Nội dung thực hiện",
            "Phân công nhiệm vụ",
            "Tổ chức thực hiện",
        ],
        standalone: true,
    },
    Kind {
        name: "chi-thi",
        code: "CT",
        title: "CHỈ THỊ",
        noun: "Chỉ thị",
        body: BodyShape::Items,
        default_sections: &[],
        standalone: true,
    },
    Kind {
        name: "bao-cao",
        code: "BC",
        title: "BÁO CÁO",
        noun: "Báo cáo",
        body: BodyShape::Sections,
        default_sections: &[],
        standalone: false,
    },
];

impl Kind {
    pub fn find(name: &str) -> Option<&'static Kind> {
        KINDS.iter().find(|k| k.name == name)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        KINDS.iter().map(|k| k.name)
    }

    /// The kinds `kehoach new` writes.
    pub fn standalone() -> impl Iterator<Item = &'static Kind> {
        KINDS.iter().filter(|k| k.standalone)
    }
}

/// The `kind:` of a plan, as written; one of the names in [`KINDS`].
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct KindName(pub String);

impl KindName {
    pub fn kind(&self) -> Option<&'static Kind> {
        Kind::find(&self.0)
    }
}

impl JsonSchema for KindName {
    fn schema_name() -> Cow<'static, str> {
        "KindName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Kind::names().collect();
        json_schema!({
            "description": "Loại văn bản — the kind of document: ke-hoach (KH), chi-thi (CT)",
            "type": "string",
            "enum": names,
        })
    }
}
