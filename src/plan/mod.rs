//! The plan format: the types a plan's YAML is read into.
//!
//! These types are the format's single definition: the loader reads them (with positions,
//! through [`Located`]), `kehoach schema` prints their JSON Schema, and the README documents
//! them key by key. They hold what the user wrote, unchecked: dates and times stay text here
//! and are parsed by [`date`], so that a bad date is reported with the others, not at the
//! first one.

pub mod kind;
mod located;
mod scalar;
mod text_or_map;

use schemars::JsonSchema;
use serde::Deserialize;

pub use kind::{Kind, KindName};
pub use located::Located;
pub use scalar::{FiguresSource, InlineRow, Note, Rows, Scalar};
use text_or_map::text_or_map;

/// Text as written in the plan, with its position.
pub type Text = Located<String>;

/// A date as written: `27/6/2023`, `27/06/2023` or `2023-06-27`.
pub type DateText = Located<String>;

/// A deadline as offices write it (read by [`crate::vietnamese::deadline`]): a date, `Trước
/// ngày 15/10/2023`, `Tháng 9/2023`, `Quý IV/2023`, `6 tháng đầu năm 2024`, `Năm 2024`, `Từ
/// 01/7/2023 đến 30/9/2023`, or `Thường xuyên`, `Hằng tháng`, `Hằng quý`, `Hằng năm`, `Theo
/// tiến độ`, `Theo yêu cầu`.
pub type DeadlineText = Located<String>;

/// A plan (Kế hoạch) or directive (Chỉ thị).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kehoach plan")]
pub struct Plan {
    /// Loại văn bản: `ke-hoach` (KH), `chi-thi` (CT) hoặc `bao-cao` (BC).
    pub kind: Located<KindName>,
    /// Cơ quan ban hành — the issuing authority.
    pub authority: Authority,
    /// Số văn bản; bỏ trống khi là dự thảo — the number; leave out for a draft.
    #[schemars(range(min = 1, max = 99999))]
    pub number: Option<Located<i64>>,
    /// Địa danh — the place name before the date ("Cần Giờ, ngày …").
    pub place: Text,
    /// Ngày ban hành: `05/6/2023`; dự thảo có thể chỉ ghi tháng, năm: `6/2023`.
    pub date: DateText,
    /// Trích yếu — the subject line under the type name.
    pub subject: Text,
    /// Căn cứ — legal bases, printed in italics, one per line.
    #[serde(default)]
    pub bases: Vec<Text>,
    /// Đoạn mở đầu — the opening paragraph(s) after the bases.
    pub intro: Option<Paragraphs>,
    /// Thời gian thực hiện — the campaign's period; deadlines are checked against it.
    pub period: Option<Period>,
    /// Các mục (I., II., …) — the body of a Kế hoạch.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Các phần ("Phần I", "Phần II"), mỗi phần có các mục đánh số lại từ I. — a body in
    /// parts, instead of `sections`.
    #[serde(default)]
    pub parts: Vec<Located<Part>>,
    /// Các điểm đánh số — the flat numbered body of a Chỉ thị.
    #[serde(default)]
    pub items: Vec<Located<Item>>,
    /// Đoạn kết — the closing paragraph(s), before the signature.
    pub closing: Option<Paragraphs>,
    /// Người ký — the signature block.
    pub signer: Signer,
    /// Nơi nhận — recipients, one per line ("UBND huyện (b/c)").
    #[serde(default)]
    pub recipients: Vec<Text>,
    /// Lưu — the archive line: "VT, CAX" prints "- Lưu: VT, CAX.".
    pub archive: Option<Text>,
    /// Phụ lục — appendices: computed tables or step-by-step guides.
    #[serde(default)]
    pub appendices: Vec<Appendix>,
    /// Cảnh báo đã xem xét — warning codes accepted for this plan (e.g. `deadline-on-sunday`).
    #[serde(default)]
    pub allow: Vec<Text>,
    /// Báo cáo về kế hoạch nào (chỉ `kind: bao-cao`) — what a report is on: a plan and the
    /// number of its appendix.
    pub reports_on: Option<Located<ReportsOn>>,
    /// Số liệu tính đến ngày (chỉ báo cáo) — the day a report's figures are counted to.
    pub as_of: Option<DateText>,
    /// Số liệu của báo cáo (.csv/.xlsx: cột đơn vị và các cột số liệu của kế hoạch) — a
    /// report's figures: the unit column and the plan's input columns (what is done).
    pub figures: Option<Located<FiguresSource>>,
    /// Số liệu kỳ báo cáo trước — the last report's figures, for the change since then.
    pub since: Option<Text>,
}

/// Báo cáo về kế hoạch nào.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportsOn {
    /// Tệp kế hoạch, tính từ thư mục của báo cáo — the plan, from the report's folder.
    pub plan: Text,
    /// Số thứ tự phụ lục (1, 2, …; mặc định 1) — which of its appendices (1, 2, …; 1 if left out).
    #[schemars(range(min = 1))]
    pub appendix: Option<Located<i64>>,
}

impl Plan {
    /// The data files its appendices name (`rows: FILE`) and a report's figures, as written:
    /// from the plan's folder.
    pub fn data_files(&self) -> impl Iterator<Item = &str> {
        self.appendices
            .iter()
            .filter_map(|a| match a.rows.as_ref().map(|r| &r.value) {
                Some(Rows::File(name)) => Some(name.as_str()),
                _ => None,
            })
            .chain(self.figures.iter().flat_map(|f| match &f.value {
                FiguresSource::File(name) => vec![name.as_str()],
                FiguresSource::From { from } => from.iter().map(|r| r.value.as_str()).collect(),
            }))
            .chain(self.since.iter().map(|f| f.value.as_str()))
    }
}

/// Cơ quan ban hành.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Cơ quan chủ quản — the upper line of the header ("UBND HUYỆN HOÀ VANG").
    pub parent: Option<Text>,
    /// Tên cơ quan ban hành — the bold line of the header.
    pub name: Text,
    /// Chữ viết tắt trong số văn bản — the code in the number ("12/KH-UBND").
    pub code: Text,
    /// Tên gọi ngắn dùng trong văn bản và phụ lục ("UBND xã").
    pub short: Option<Text>,
}

/// Thời gian thực hiện.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Ngày bắt đầu.
    pub start: DateText,
    /// Ngày kết thúc.
    pub end: DateText,
}

/// One paragraph, or a list of them.
pub type Paragraphs = Located<OneOrMany>;

/// One line, or a list of lines (a signature's capacity).
pub type Lines = Located<OneOrMany>;

/// A text or a list of texts.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<Text>),
}

impl Located<OneOrMany> {
    /// The paragraphs (or lines) with their positions.
    pub fn paragraphs(&self) -> Vec<Located<&str>> {
        match &self.value {
            OneOrMany::One(s) => vec![Located::new(s.as_str(), self.at)],
            OneOrMany::Many(list) => list
                .iter()
                .map(|t| Located::new(t.value.as_str(), t.at))
                .collect(),
        }
    }
}

/// Phần: a part of the body ("Phần I"), with its own sections numbered from I.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Tên phần; in hoa khi in — the part's title, printed in capitals under "Phần I".
    pub title: Text,
    /// Đoạn văn đầu phần — paragraphs before its sections.
    pub text: Option<Paragraphs>,
    /// Các mục của phần (I., II., … từ đầu).
    #[serde(default)]
    pub sections: Vec<Section>,
}

impl Plan {
    /// Every section of the body, in order, those inside parts too.
    pub fn all_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .chain(self.parts.iter().flat_map(|p| p.value.sections.iter()))
    }
}

/// Mục: a headed section (I., II., …).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Tên mục; in hoa khi in — the heading, printed in capitals.
    pub title: Text,
    /// Đoạn văn đầu mục — paragraphs before the items.
    pub text: Option<Paragraphs>,
    /// Các khoản 1., 2., … (lồng nhau: 1.1., rồi a)).
    #[serde(default)]
    pub items: Vec<Located<Item>>,
    /// Các gạch đầu dòng "-" (lồng nhau: "+").
    #[serde(default)]
    pub bullets: Vec<Located<Bullet>>,
    /// Phân công nhiệm vụ: đơn vị, việc, thời hạn.
    #[serde(default)]
    pub duties: Vec<Duty>,
    /// Chế độ báo cáo.
    #[serde(default)]
    pub reporting: Vec<Report>,
    /// Đánh số việc của từng đơn vị 2.1., 2.2. thay cho "-" — number each duty's tasks.
    pub numbered: Option<Located<bool>>,
    /// Bảng phân công nhiệm vụ (STT, nhiệm vụ, chủ trì, phối hợp, thời hạn, sản phẩm, ghi chú).
    #[serde(default)]
    pub task_table: Vec<Located<TaskEntry>>,
}

/// Khoản: a numbered item; either plain text or a map.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum Item {
    Text(String),
    Full(Box<ItemBody>),
}

/// A numbered item with a title, text, nested items, bullets, an event or a deadline.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemBody {
    /// Tiêu đề khoản (in đậm).
    pub title: Option<Text>,
    /// Nội dung.
    pub text: Option<Paragraphs>,
    /// Các khoản con (1.1., rồi a), b)).
    #[serde(default)]
    pub items: Vec<Located<Item>>,
    /// Các gạch đầu dòng.
    #[serde(default)]
    pub bullets: Vec<Located<Bullet>>,
    /// Đoạn văn sau các gạch đầu dòng.
    pub after: Option<Paragraphs>,
    /// Sự kiện: ngày, giờ, địa điểm ("lúc 07 giờ 30 ngày 10/6/2023 (Thứ Bảy)").
    pub at: Option<Event>,
    /// Thời hạn hoàn thành: một ngày, `Tháng 9/2023`, `Quý IV/2023`, `Năm 2024`, `Từ 01/7/2023
    /// đến 30/9/2023`, `Thường xuyên`, `Hằng tháng`, `Theo yêu cầu`, …
    pub deadline: Option<DeadlineText>,
    /// Phân công nhiệm vụ trong khoản này.
    #[serde(default)]
    pub duties: Vec<Duty>,
    /// Chế độ báo cáo trong khoản này.
    #[serde(default)]
    pub reporting: Vec<Report>,
    /// Bảng phân công nhiệm vụ trong khoản này.
    #[serde(default)]
    pub task_table: Vec<Located<TaskEntry>>,
}

text_or_map!(
    Item,
    Box<ItemBody>,
    "một đoạn văn hoặc một bảng khoá (title, text, items, …)"
);

impl Item {
    pub fn body(&self) -> Option<&ItemBody> {
        match self {
            Item::Text(_) => None,
            Item::Full(b) => Some(b),
        }
    }
}

/// Gạch đầu dòng: plain text, or a map with a deadline or nested bullets.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum Bullet {
    Text(String),
    Full(BulletBody),
}

/// A bullet with a deadline or nested bullets.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulletBody {
    /// Nội dung.
    pub text: Text,
    /// Thời hạn: in đậm "hoàn thành trước ngày 08/6/2023"; cũng nhận `Tháng 9/2023`, `Quý
    /// IV/2023`, `Năm 2024`, `Từ … đến …`, `Thường xuyên`, `Hằng tháng`, `Theo yêu cầu`, …
    pub deadline: Option<DeadlineText>,
    /// Các ý con "+".
    #[serde(default)]
    pub bullets: Vec<Located<Bullet>>,
}

text_or_map!(
    Bullet,
    BulletBody,
    "một đoạn văn hoặc một bảng khoá (text, deadline, bullets)"
);

impl Bullet {
    pub fn body(&self) -> Option<&BulletBody> {
        match self {
            Bullet::Text(_) => None,
            Bullet::Full(b) => Some(b),
        }
    }
}

/// Nhiệm vụ của một đơn vị.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// Đơn vị thực hiện (tiêu đề khoản).
    pub unit: Text,
    /// Đoạn văn giao việc; bắt đầu bằng chữ thường thì nối tiếp tên đơn vị thành một đoạn
    /// ("3. Sở Thông tin và Truyền thông chủ trì, …").
    pub text: Option<Paragraphs>,
    /// Thời hạn hoàn thành của đơn vị: một ngày, `Tháng 9/2023`, `Quý IV/2023`, `Năm 2024`,
    /// `Từ … đến …`, `Thường xuyên`, `Hằng tháng`, `Theo yêu cầu`, …
    pub deadline: Option<DeadlineText>,
    /// Các việc, mỗi việc một gạch đầu dòng, có thể có thời hạn.
    #[serde(default)]
    pub tasks: Vec<Located<Bullet>>,
    /// Đoạn văn sau các việc.
    pub after: Option<Paragraphs>,
}

/// Sự kiện có ngày, giờ.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Ngày.
    pub date: DateText,
    /// Giờ: "07:30".
    pub time: Option<Text>,
    /// Địa điểm.
    pub place: Option<Text>,
}

/// Một dòng của bảng nhiệm vụ: một nhiệm vụ (`task`), hoặc một nhóm (`group`) với các nhiệm vụ
/// của nó (`tasks`) — a row of a task table: a task, or a group of tasks under a heading row.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskEntry {
    /// Nội dung nhiệm vụ.
    pub task: Option<Text>,
    /// Tên nhóm nhiệm vụ, in thành dòng tiêu đề I, II, … — a group's heading.
    pub group: Option<Text>,
    /// Các nhiệm vụ của nhóm, đánh số 1, 2, … dưới dòng tiêu đề.
    #[serde(default)]
    pub tasks: Vec<Located<TaskEntry>>,
    /// Cơ quan chủ trì.
    pub lead: Option<Text>,
    /// Cơ quan phối hợp: một đoạn văn hoặc một danh sách.
    pub with: Option<Located<OneOrMany>>,
    /// Thời gian hoàn thành: một ngày, `Tháng 9/2023`, `Quý IV/2023`, `Năm 2024`, `Từ … đến …`,
    /// `Thường xuyên`, `Hằng tháng`, `Theo yêu cầu`, …
    pub deadline: Option<DeadlineText>,
    /// Sản phẩm — what the task delivers.
    pub output: Option<Text>,
    /// Ghi chú.
    pub note: Option<Text>,
}

/// Chế độ báo cáo: recurring (`every`) or one-off (`due`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Tên báo cáo ("Báo cáo kết quả hằng ngày").
    pub what: Text,
    /// Định kỳ: day (hằng ngày), week (hằng tuần), month (hằng tháng).
    pub every: Option<Located<Every>>,
    /// Trước giờ: "10:00".
    pub before: Option<Text>,
    /// Thứ trong tuần, với `every: week`.
    pub weekday: Option<Located<Weekday>>,
    /// Ngày trong tháng, với `every: month`.
    #[schemars(range(min = 1, max = 31))]
    pub day: Option<Located<i64>>,
    /// Hạn một lần: "05/7/2023".
    pub due: Option<DateText>,
    /// Gửi về đâu.
    pub to: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Day,
    Week,
    Month,
}

impl Weekday {
    /// The same day as the calendar library has it.
    pub fn chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Monday => chrono::Weekday::Mon,
            Weekday::Tuesday => chrono::Weekday::Tue,
            Weekday::Wednesday => chrono::Weekday::Wed,
            Weekday::Thursday => chrono::Weekday::Thu,
            Weekday::Friday => chrono::Weekday::Fri,
            Weekday::Saturday => chrono::Weekday::Sat,
            Weekday::Sunday => chrono::Weekday::Sun,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// Người ký.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Thẩm quyền ký: TM., KT., Q., TL., TUQ.; hoặc danh sách dòng đầy đủ
    /// `[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]`.
    pub capacity: Option<Lines>,
    /// Tập thể: "ỦY BAN NHÂN DÂN" (in "TM. ỦY BAN NHÂN DÂN").
    pub body: Option<Text>,
    /// Chức vụ: "CHỦ TỊCH".
    pub title: Text,
    /// Họ tên người ký.
    pub name: Option<Text>,
}

/// Phụ lục: a computed table (`columns` + `rows`) or a guide (`text`, `items`, `bullets`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Tên phụ lục (in hoa khi in).
    pub title: Text,
    /// Số liệu tính đến ngày.
    pub as_of: Option<DateText>,
    /// Hạn hoàn thành chỉ tiêu; `days` = deadline − as_of.
    pub deadline: Option<DateText>,
    /// Số ngày còn lại, khi kế hoạch tính ngày theo cách riêng.
    pub days: Option<Located<Scalar>>,
    /// Các dòng: đường dẫn tệp .csv/.xlsx (tính từ thư mục của kế hoạch) hoặc danh sách dòng.
    pub rows: Option<Located<Rows>>,
    /// Các cột, có thể lồng nhóm.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// Nhãn dòng tổng ("Tổng cộng").
    pub totals: Option<Text>,
    /// Nhóm các dòng theo một cột của dữ liệu (thường là huyện của mỗi xã): mỗi nhóm có dòng
    /// tiêu đề I, II, … và dòng cộng — group the rows by a data column, with subtotals.
    pub group_by: Option<Text>,
    /// Cột tỉ lệ để vẽ biểu đồ thanh ngang.
    pub chart: Option<Text>,
    /// Có cột STT (mặc định: có).
    pub row_numbers: Option<Located<bool>>,
    /// Dòng ghi chú in nghiêng dưới bảng: `false` bỏ đi, một đoạn văn thay thế — the italic
    /// note under the table: `false` drops it, a text replaces it.
    pub note: Option<Located<Note>>,
    /// In cả tiến độ từ lần số liệu trước (`build --since`): phần tăng của mỗi cột số, cần/ngày,
    /// đạt/ngày, chậm hay kịp — the progress since the last figures, in the PDF too.
    pub progress: Option<Located<bool>>,
    /// Đoạn văn của phụ lục hướng dẫn.
    pub text: Option<Paragraphs>,
    /// Các bước của phụ lục hướng dẫn.
    #[serde(default)]
    pub items: Vec<Located<Item>>,
    /// Gạch đầu dòng của phụ lục hướng dẫn.
    #[serde(default)]
    pub bullets: Vec<Located<Bullet>>,
    /// Phụ lục nhiệm vụ: một bảng phân công thay cho `rows`/`columns` — a task table appendix.
    #[serde(default)]
    pub task_table: Vec<Located<TaskEntry>>,
}

/// A column, or a group of columns under a shared header.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Khoá của cột, dùng trong dữ liệu và công thức.
    pub key: Option<Text>,
    /// Tiêu đề cột.
    pub label: Text,
    /// Các cột con (nhóm cột).
    #[serde(default)]
    pub columns: Vec<Column>,
    /// Công thức: "level1 + level2", "done / quota", "max(quota - done, 0)".
    pub formula: Option<Text>,
    /// Phân bổ một tổng theo tỉ lệ một cột (phần dư lớn nhất).
    pub allocate: Option<Allocate>,
    /// Định dạng: integer, percent, date, text.
    pub format: Option<Located<CellFormat>>,
    /// Làm tròn công thức: nearest (nửa lên), up.
    pub round: Option<Located<Rounding>>,
}

/// `allocate: { total, by }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocate {
    /// Tổng cần phân bổ: 264.720 hoặc 264720. Có thể bỏ khi có `from`; có cả hai thì phải khớp.
    pub total: Option<Located<Scalar>>,
    /// Lấy tổng từ bảng đã tính của kế hoạch cấp trên (một ô: dòng của đơn vị này, một cột).
    pub from: Option<Located<AllocateFrom>>,
    /// Cột làm trọng số: một cột nhập, hoặc một cột công thức không phụ thuộc cột được phân bổ.
    pub by: Text,
}

/// Where a cascaded total comes from: a cell of a parent plan's computed appendix table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocateFrom {
    /// Kế hoạch cấp trên, tính từ thư mục của kế hoạch này ("../huyen/ke-hoach.yaml").
    pub plan: Text,
    /// Phụ lục thứ mấy của kế hoạch cấp trên, từ 1 (mặc định 1).
    pub appendix: Option<Located<u32>>,
    /// Dòng: tên đơn vị này trong bảng cấp trên ("Xã Quế Châu").
    pub row: Text,
    /// Cột: khóa cột trong bảng cấp trên ("quota").
    pub column: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CellFormat {
    Integer,
    Percent,
    Date,
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rounding {
    Nearest,
    Up,
}

/// The format as a JSON Schema (draft-07): [`schema_from_types`], kept as text beside this
/// file and read once per process (the shape check and the editor's completion share it).
/// Reading the text costs a cold run a fifth of making it; a test keeps the two the same
/// (`KEHOACH_BLESS=1 cargo test --lib plan::` writes it anew after a change to the types).
pub fn schema() -> &'static serde_json::Value {
    static READ: std::sync::LazyLock<serde_json::Value> =
        std::sync::LazyLock::new(|| serde_json::from_str(SCHEMA).expect("schema.json is JSON"));
    &READ
}

const SCHEMA: &str = include_str!("schema.json");

/// The format as a JSON Schema (draft-07), made from the types above.
pub fn schema_from_types() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<Plan>()).expect("a schema is plain JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_kept_as_text_is_the_one_the_types_make() {
        let made = serde_json::to_string_pretty(&schema_from_types()).unwrap() + "\n";
        if std::env::var_os("KEHOACH_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/plan/schema.json");
            std::fs::write(path, &made).unwrap();
            return;
        }
        assert!(
            SCHEMA == made,
            "src/plan/schema.json is not what the types make: run KEHOACH_BLESS=1 cargo test --lib plan::"
        );
    }
}
