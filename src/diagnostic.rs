//! A problem found in a file: where it is, how bad it is, its stable code and what to do.
//!
//! Made by the loader, the checker and the appendix computation; printed by the report module. Every code a user can see
//! is a row of [`Code`], so the table of rules in docs/check-rules.md and the code agree.

use std::sync::Arc;

use crate::lang::Message;
use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $sev:ident, $vi:literal, $en:literal;)*) => {
        /// Every problem kehoach reports, with its stable name and severity.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name printed with every message and accepted by `allow:`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            /// One line on what the rule is about, for `--help`-like listings and the README.
            pub fn summary(self) -> Message {
                match self { $(Code::$variant => Message::new($vi, $en)),* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == name)
            }
        }
    };
}

codes! {
    EmptyFile = "empty-file", Error, "tệp rỗng", "the file is empty";
    NotText = "not-text", Error, "tệp không phải văn bản UTF-8", "the file is not UTF-8 text";
    FileTooLarge = "file-too-large", Error, "tệp quá lớn", "the file is too large";
    YamlSyntax = "yaml-syntax", Error, "lỗi cú pháp YAML", "YAML syntax error";
    ColonInText = "colon-in-text", Error, "văn bản có `: ` bị YAML đọc thành `khoá: giá trị`", "a text with `: ` that YAML read as `key: value`";
    CommaInText = "comma-in-text", Error, "dấu phẩy trong `{ … }` cắt đôi một đoạn văn bản", "a comma inside `{ … }` that cuts a text in two";
    CommaInList = "comma-in-list", Warning, "dấu phẩy trong `[ … ]` tách một nơi nhận làm hai", "a comma inside `[ … ]` that splits one recipient in two";
    YamlLimit = "yaml-limit", Error, "YAML vượt giới hạn an toàn (lồng quá sâu, bí danh quá nhiều)", "YAML beyond the safety limits (nesting, aliases)";
    UnprintableCharacter = "unprintable-character", Error, "ký tự không in được (ký tự điều khiển, hoặc không có trong phông chữ)", "a character a document cannot hold (a control character, or one the font lacks)";
    TextTooLong = "text-too-long", Error, "đoạn văn bản hoặc một chữ quá dài", "a text or a word that is too long";
    UnknownKey = "unknown-key", Error, "khoá không có trong định dạng", "a key the format does not have";
    MissingField = "missing-field", Error, "thiếu trường bắt buộc", "a required field is missing";
    WrongType = "wrong-type", Error, "sai kiểu giá trị", "a value of the wrong type";
    BadValue = "bad-value", Error, "giá trị không được phép", "a value that is not allowed";
    NegativeNumber = "negative-number", Error, "số âm hoặc quá nhỏ", "a negative or too small number";
    DateFormat = "date-format", Error, "ngày không đúng dạng", "a date not in an accepted form";
    DateNotOnCalendar = "date-not-on-calendar", Error, "ngày không có trên lịch", "a date that does not exist";
    WeekdayMismatch = "weekday-mismatch", Error, "thứ ghi cạnh ngày không đúng", "the weekday written beside a date is wrong";
    TimeNotOnClock = "time-not-on-clock", Error, "giờ không tồn tại", "a clock time that does not exist";
    DeadlineBeforePlanDate = "deadline-before-plan-date", Error, "thời hạn sớm hơn ngày ban hành", "a deadline before the plan's date";
    DeadlineAfterPeriod = "deadline-after-period", Warning, "thời hạn sau khi kết thúc thời gian thực hiện", "a deadline after the plan's period ends";
    YearSplit = "year-split", Warning, "năm của một ngày bị tách bởi dấu cách (16/7/20 21)", "a date's year split by a space (16/7/20 21)";
    RangeReversed = "range-reversed", Error, "khoảng ngày trong văn bản kết thúc trước khi bắt đầu", "a range of dates in the text that ends before it starts";
    PeriodReversed = "period-reversed", Error, "thời gian thực hiện kết thúc trước khi bắt đầu", "a period that ends before it starts";
    ReportOffSchedule = "report-off-schedule", Warning, "ngày số liệu của báo cáo không phải một kỳ báo cáo của kế hoạch", "a report's as_of that is none of the plan's reporting days";
    DeadlineOnSunday = "deadline-on-sunday", Warning, "thời hạn rơi vào Chủ nhật", "a deadline on a Sunday";
    DeadlineOnHoliday = "deadline-on-holiday", Warning, "thời hạn rơi vào ngày nghỉ lễ, Tết", "a deadline on a public holiday";
    AppendixRows = "appendix-rows", Error, "phụ lục thiếu dòng, hoặc không đọc được tệp dữ liệu", "an appendix without rows, or a data file that cannot be read";
    BadColumn = "bad-column", Error, "cột phụ lục sai (thiếu key, trùng key, vừa công thức vừa phân bổ)", "a wrong appendix column (no key, a key twice, formula and allocation both)";
    RowWithoutUnit = "row-without-unit", Error, "dòng không có đơn vị", "a row without a unit";
    DuplicateUnit = "duplicate-unit", Error, "một đơn vị có hai dòng", "a unit with two rows";
    NotANumber = "not-a-number", Error, "chữ trong cột số", "text in a numeric column";
    NumberFormat = "number-format", Error, "số viết dấu chấm không phải hàng nghìn (1.5)", "a number whose dot is not a thousands separator (1.5)";
    AsOfAfterDeadline = "as-of-after-deadline", Error, "ngày số liệu sau hạn hoàn thành", "figures dated after the deadline";
    DaysNotPositive = "days-not-positive", Error, "số ngày còn lại không dương", "no days left";
    FormulaSyntax = "formula-syntax", Error, "công thức không đọc được", "a formula that cannot be read";
    FormulaUnknownName = "formula-unknown-name", Error, "công thức dùng tên không có", "a formula naming an unknown column";
    FormulaDivisionByZero = "formula-division-by-zero", Error, "công thức chia cho 0", "a formula dividing by zero";
    FormulaDateRange = "formula-date-range", Error, "công thức cho một ngày ngoài các năm 1900–2100", "a formula giving a date outside the years 1900–2100";
    FormulaCycle = "formula-cycle", Error, "công thức quay vòng", "formulas that depend on themselves";
    FigureDisagrees = "figure-disagrees", Error, "số ghi sẵn khác số tính theo công thức", "a figure given that disagrees with its formula";
    AllocationZeroWeights = "allocation-zero-weights", Error, "phân bổ theo một cột bằng 0 ở mọi dòng", "an allocation whose weights are all zero";
    UnknownDataKey = "unknown-data-key", Warning, "cột dữ liệu không có trong phụ lục", "a data column no appendix column names";
    SignerCapacity = "signer-capacity", Warning, "thẩm quyền ký thiếu dấu chấm hoặc không có trong Nghị định 30", "a signing capacity without its dot, or not one of Decree 30";
    SignerWithoutName = "signer-without-name", Warning, "văn bản có số nhưng người ký chưa có họ tên", "a numbered document whose signer has no name";
    CascadeParent = "cascade-parent", Error, "kế hoạch cấp trên (`allocate.from`) không dùng được", "a parent plan (`allocate.from`) that cannot be used";
    CascadeLoop = "cascade-loop", Error, "các kế hoạch lấy chỉ tiêu của nhau thành vòng", "plans that take their totals from each other in a loop";
    CascadeMismatch = "cascade-mismatch", Error, "tổng ghi sẵn khác số của kế hoạch cấp trên", "a written total that differs from the parent plan's figure";
    CascadeOutsideParent = "cascade-outside-parent", Error, "thời gian hoặc thời hạn nằm ngoài của kế hoạch cấp trên", "a period or deadline outside the parent plan's";
    CascadeOverParent = "cascade-over-parent", Error, "các kế hoạch cấp dưới nhận nhiều hơn cấp trên giao", "child plans that take more than their parent gives";
    LegalRefYear = "legal-ref-year", Warning, "năm trong số hiệu văn bản khác năm ban hành", "a legal reference whose number's year contradicts its date";
}

/// One problem at one place.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: Message,
    /// What to write instead, when there is something to say.
    pub help: Option<Message>,
}

impl Diagnostic {
    pub fn new(code: Code, file: &Arc<SourceFile>, span: Span, message: Message) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            file: Arc::clone(file),
            span,
            message,
            help: None,
        }
    }

    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, then position, so output does not depend on the order rules ran.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.file.path(), a.span.start, a.code.as_str()).cmp(&(
            b.file.path(),
            b.span.start,
            b.code.as_str(),
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_and_round_trip() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}

#[cfg(test)]
mod readme_tests {
    #[test]
    fn the_readme_documents_every_code() {
        let readme = include_str!("../docs/check-rules.md");
        for code in super::Code::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.severity().as_str());
            assert!(readme.contains(&row), "docs/check-rules.md lacks {row}");
        }
    }
}
