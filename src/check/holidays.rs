//! Public holidays, read from the data files in `data/holidays/` (one per year) that are built
//! into the binary. The dates are data, not code: see `data/holidays/README.md`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

static FILES: &[(&str, &str)] = &[
    ("2023.yaml", include_str!("../../data/holidays/2023.yaml")),
    ("2024.yaml", include_str!("../../data/holidays/2024.yaml")),
    ("2025.yaml", include_str!("../../data/holidays/2025.yaml")),
    ("2026.yaml", include_str!("../../data/holidays/2026.yaml")),
    ("2027.yaml", include_str!("../../data/holidays/2027.yaml")),
];

#[derive(Deserialize)]
struct Entry {
    date: String,
    name: String,
}

static HOLIDAYS: LazyLock<BTreeMap<NaiveDate, String>> = LazyLock::new(|| {
    let mut map = BTreeMap::new();
    for (file, text) in FILES {
        let entries: Vec<Entry> = serde_saphyr::from_str(text)
            .unwrap_or_else(|e| panic!("data/holidays/{file} is built in and must parse: {e}"));
        for e in entries {
            let date = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d")
                .unwrap_or_else(|e| panic!("data/holidays/{file}: bad date: {e}"));
            map.insert(date, e.name);
        }
    }
    map
});

/// The holiday on `date`, if offices are closed that day for one.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    HOLIDAYS.get(&date).map(String::as_str)
}

/// The years the data covers.
#[cfg(test)]
pub fn years() -> impl Iterator<Item = i32> {
    FILES.iter().filter_map(|(f, _)| f[..4].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_file_parses_and_covers_the_fixed_holidays() {
        for year in years() {
            assert!(holiday(ymd(year, 4, 30)).is_some(), "30/4/{year}");
            assert!(holiday(ymd(year, 5, 1)).is_some(), "1/5/{year}");
            assert!(holiday(ymd(year, 9, 2)).is_some(), "2/9/{year}");
        }
        assert_eq!(years().count(), 5);
    }

    #[test]
    fn lunar_holidays_are_on_their_solar_dates() {
        assert!(holiday(ymd(2023, 1, 23)).unwrap().contains("Tết"));
        assert!(holiday(ymd(2023, 4, 29)).unwrap().contains("Giỗ Tổ"));
        assert!(holiday(ymd(2025, 4, 7)).unwrap().contains("Giỗ Tổ"));
        assert_eq!(holiday(ymd(2023, 6, 30)), None);
    }
}
