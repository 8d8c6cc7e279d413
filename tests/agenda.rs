//! `kehoach agenda`: every dated item of the plans, and an iCalendar file that a real parser
//! reads back with every deadline, stable UIDs and recurring reports as RRULEs.

mod common;

use common::*;

fn agenda(args: &[&str]) -> String {
    let mut all = vec!["agenda"];
    all.extend_from_slice(args);
    let o = kehoach(&all);
    assert_ok(&o);
    stdout(&o)
}

#[test]
fn the_calendar_has_every_deadline_event_and_report() {
    let sketch = shared("format-sketch/plan.yaml");
    let s = sketch.to_str().unwrap();
    let ics = agenda(&["--format", "ics", s, "plans"]);
    assert!(
        ics.lines().all(|l| l.len() <= 76),
        "lines folded at 75 octets"
    );
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    let prop = |c: &icalendar::parser::Component, name: &str| {
        c.find_prop(name)
            .map(|p| p.val.as_str().to_owned())
            .unwrap_or_default()
    };
    let starts: Vec<String> = events.iter().map(|e| prop(e, "DTSTART")).collect();
    // Every deadline the JSON lists is in the calendar on its day.
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&agenda(&["--format", "json", s, "plans"])).unwrap();
    assert_eq!(json.len(), events.len());
    for e in &json {
        let day = e["date"].as_str().unwrap().replace('-', "");
        assert!(starts.iter().any(|s| s.starts_with(&day)), "{day} missing");
    }
    // The sketch's items, each as it should be.
    let find = |text: &str| {
        events
            .iter()
            .find(|e| prop(e, "SUMMARY").contains(text))
            .unwrap_or_else(|| panic!("{text} not in the calendar"))
    };
    let launch = find("Lễ ra quân");
    assert_eq!(prop(launch, "DTSTART"), "20230610T073000");
    let tzid = launch.find_prop("DTSTART").unwrap().params.iter().any(|p| {
        p.val
            .as_ref()
            .is_some_and(|v| v.as_str() == "Asia/Ho_Chi_Minh")
    });
    assert!(tzid, "events carry the time zone");
    assert_eq!(prop(find("Phân bổ chỉ tiêu"), "DTSTART"), "20230608");
    assert!(prop(find("Phân bổ chỉ tiêu"), "SUMMARY").contains("Công an xã"));
    assert_eq!(
        prop(find("Báo cáo tuần"), "RRULE"),
        "FREQ=WEEKLY;BYDAY=FR;UNTIL=20230630"
    );
    assert!(cal.components.iter().any(|c| c.name == "VTIMEZONE"));
    // The same plans give the same calendar, UIDs included, so a subscribed calendar updates.
    assert_eq!(ics, agenda(&["--format", "ics", s, "plans"]));
    let uids: std::collections::BTreeSet<String> = events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), events.len(), "one UID per item");
}

#[test]
fn from_and_to_keep_the_items_between() {
    let sketch = shared("format-sketch/plan.yaml");
    let t = agenda(&[
        "--from",
        "09/6/2023",
        "--to",
        "20/6/2023",
        sketch.to_str().unwrap(),
    ]);
    assert!(t.contains("10/6/2023") && t.contains("20/6/2023"), "{t}");
    assert!(!t.contains("08/6/2023") && !t.contains("05/7/2023"), "{t}");
    // A recurring report that runs through the range is kept.
    assert!(t.contains("FREQ=WEEKLY"), "{t}");
}
