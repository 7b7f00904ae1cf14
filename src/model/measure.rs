//! Measures of a moment (format 2): KPIs with a unit, a numeric target and dated readings,
//! and the calendar date they are read on. Pure data and arithmetic, no clock.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A calendar date written `YYYY-MM-DD`, checked when read: a file or a form cannot hold
/// `2026-02-30`. Ordering the text orders the dates.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
#[derive(schemars::JsonSchema)]
pub struct Date(String);

impl Date {
    /// Reads `YYYY-MM-DD` (years 1000 to 9999), or says what is wrong in words.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2026-09-30");
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let digits = |s: &str| -> Option<u32> {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (Some(y), Some(m), Some(d)) = (
            digits(&text[0..4]),
            digits(&text[5..7]),
            digits(&text[8..10]),
        ) else {
            return Err(bad());
        };
        if y < 1000 || !(1..=12).contains(&m) {
            return Err(bad());
        }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&d) {
            return Err(format!("“{text}” is not a date: month {m} has {days} days"));
        }
        Ok(Date(text.to_owned()))
    }

    /// The date of a count of days since 1970-01-01 (UTC).
    pub fn from_days(days: i64) -> Date {
        let (y, m, d) = crate::clock::civil_from_days(days);
        Date(format!("{y:04}-{m:02}-{d:02}"))
    }

    /// The date of a wall-clock time in seconds since 1970 (UTC).
    pub fn of_secs(secs: u64) -> Date {
        Date::from_days((secs / 86_400) as i64)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A number a file may hold: NaN and infinity read as numbers in RON but compare with
/// nothing, so they are refused where they are written.
fn finite<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(format!(
            "{value} is not a number a KPI can hold"
        )))
    }
}

fn finite_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(transparent)]
    struct Finite(#[serde(deserialize_with = "finite")] f64);
    Ok(Option::<Finite>::deserialize(d)?.map(|f| f.0))
}

/// Which way a KPI improves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "Better")]
#[derive(schemars::JsonSchema)]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

impl Better {
    pub const ALL: [Better; 2] = [Better::Higher, Better::Lower];

    pub fn label(self) -> &'static str {
        match self {
            Better::Higher => "Higher is better",
            Better::Lower => "Lower is better",
        }
    }
}

/// One measurement of a KPI. A reading without a date is one whose date nobody recorded
/// (a format-1 `current` value becomes one); it counts as older than every dated one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Reading", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Reading {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(deserialize_with = "finite")]
    pub value: f64,
}

/// Where a KPI's latest reading stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanStatus {
    /// Worse than the target: off plan.
    Behind,
    /// Exactly at the target.
    OnPlan,
    /// Better than the target.
    Ahead,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Behind => "behind plan",
            PlanStatus::OnPlan => "on plan",
            PlanStatus::Ahead => "ahead of plan",
        }
    }
}

/// A measure of a moment: what we aim for and the readings over time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Kpi", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Kpi {
    pub name: String,
    /// What the numbers count: `%`, `days`, `calls`…
    #[serde(default, skip_serializing_if = "is_default")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub better: Better,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "finite_option"
    )]
    pub target: Option<f64>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub readings: Vec<Reading>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub notes: String,
}

impl Kpi {
    /// A KPI from free text, as format 1 and CSV write it: `target` becomes the target,
    /// `current` one reading without a date, both in one unit. Text that does not read as a
    /// number (or whose unit disagrees with the target's) is kept as written in the
    /// notes, never dropped.
    pub fn from_text(name: String, target: &str, current: &str) -> Kpi {
        let mut out = Kpi {
            name,
            ..Kpi::default()
        };
        let mut notes = Vec::new();
        let mut unit = None;
        if !target.is_empty() {
            match read_quantity(target) {
                Some(q) => {
                    out.target = Some(q.value);
                    if let Some(better) = q.better {
                        out.better = better;
                    }
                    unit = Some(q.unit);
                }
                None => notes.push(format!("target: {target}")),
            }
        }
        if !current.is_empty() {
            match read_quantity(current) {
                Some(q) if q.better.is_none() && unit.as_ref().is_none_or(|u| *u == q.unit) => {
                    out.readings.push(Reading {
                        date: None,
                        value: q.value,
                    });
                    unit = Some(q.unit);
                }
                _ => notes.push(format!("current: {current}")),
            }
        }
        out.unit = unit.unwrap_or_default();
        out.notes = notes.join("\n");
        out
    }

    /// The readings oldest first: dateless ones first, in the order written, then by date.
    /// The sort is stable, so readings on the same date keep their order.
    pub fn history(&self) -> Vec<&Reading> {
        let mut readings: Vec<&Reading> = self.readings.iter().collect();
        readings.sort_by(|a, b| a.date.cmp(&b.date));
        readings
    }

    /// The most recent reading.
    pub fn latest(&self) -> Option<&Reading> {
        // The last of the latest date, as `history` orders them, without sorting a copy:
        // plan status asks this of every KPI whenever the priorities are recomputed.
        self.readings.iter().max_by(|a, b| a.date.cmp(&b.date))
    }

    /// The latest reading against the target; `None` without both.
    pub fn status(&self) -> Option<PlanStatus> {
        let target = self.target?;
        let value = self.latest()?.value;
        let gain = self.gain(target, value);
        Some(if gain < 0.0 {
            PlanStatus::Behind
        } else if gain == 0.0 {
            PlanStatus::OnPlan
        } else {
            PlanStatus::Ahead
        })
    }

    /// How much better `to` is than `from`, in the KPI's unit: negative when worse.
    pub fn gain(&self, from: f64, to: f64) -> f64 {
        match self.better {
            Better::Higher => to - from,
            Better::Lower => from - to,
        }
    }

    /// The change from the reading before the latest to the latest, positive when it
    /// improved; `None` with fewer than two readings.
    pub fn trend(&self) -> Option<f64> {
        let history = self.history();
        let [.., before, last] = history.as_slice() else {
            return None;
        };
        Some(self.gain(before.value, last.value))
    }

    /// The target as written in a form or CSV cell (`70%`, `≤ 2 days` when lower is
    /// better), read back by [`read_quantity`]; empty without one.
    pub fn target_text(&self) -> String {
        match (self.target, self.better) {
            (None, _) => String::new(),
            (Some(t), Better::Higher) => self.show(t),
            (Some(t), Better::Lower) => format!("≤ {}", self.show(t)),
        }
    }

    /// The latest reading with its unit; empty without one.
    pub fn latest_text(&self) -> String {
        self.latest()
            .map_or_else(String::new, |r| self.show(r.value))
    }

    /// `70%`, `4.2`, `1200 calls`: a value with the KPI's unit.
    pub fn show(&self, value: f64) -> String {
        let number = format_number(value);
        match self.unit.as_str() {
            "" => number,
            "%" => format!("{number}%"),
            unit => format!("{number} {unit}"),
        }
    }
}

/// A number as a person writes it: no `.0` on whole numbers, no float noise.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A number read from text a person wrote (a format-1 KPI, a form), with its unit and,
/// for a target written `< 2` or `≥ 70%`, which way is better.
#[derive(Debug, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
    pub better: Option<Better>,
}

/// Reads `70%`, `4.2`, `1,200`, `3 days`, `-5`, `≥ 70%`, `< 2 min`, `under 8%`,
/// `at least 60`; `None` for anything
/// else (`about 70%`, `4,2`, `n/a`). Thousands separators are commas between groups of
/// three digits; the unit is one short word without digits after the number.
pub fn read_quantity(text: &str) -> Option<Quantity> {
    let mut rest = text.trim();
    let mut better = None;
    for (sign, way) in [
        ("<=", Better::Lower),
        ("≤", Better::Lower),
        ("<", Better::Lower),
        (">=", Better::Higher),
        ("≥", Better::Higher),
        (">", Better::Higher),
        ("under ", Better::Lower),
        ("below ", Better::Lower),
        ("less than ", Better::Lower),
        ("at most ", Better::Lower),
        ("over ", Better::Higher),
        ("above ", Better::Higher),
        ("more than ", Better::Higher),
        ("at least ", Better::Higher),
    ] {
        let head = rest.get(..sign.len());
        if head.is_some_and(|h| h.eq_ignore_ascii_case(sign)) {
            let after = &rest[sign.len()..];
            rest = after.trim_start();
            better = Some(way);
            break;
        }
    }
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || c == ',' || (i == 0 && (c == '-' || c == '+')))
        })
        .map_or(rest.len(), |(i, _)| i);
    let (number, unit) = rest.split_at(end);
    let unit = unit.trim();
    let value = read_number(number)?;
    // A unit is one short word (`%`, `days`, `calls/day`): more words are a sentence,
    // which stays text.
    let odd = |c: char| c.is_ascii_digit() || c == ',' || c.is_whitespace();
    if unit.chars().count() > 12 || unit.chars().any(odd) {
        return None;
    }
    Some(Quantity {
        value,
        unit: unit.to_owned(),
        better,
    })
}

fn read_number(text: &str) -> Option<f64> {
    let (sign, digits) = match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(d), _) => (-1.0, d),
        (_, Some(d)) => (1.0, d),
        _ => (1.0, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let groups: Vec<&str> = groups.collect();
    let well_grouped = groups.iter().all(|g| g.len() == 3)
        && (groups.is_empty() || (1..=3).contains(&first.len()));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !well_grouped || !all_digits(first) || !groups.iter().all(|g| all_digits(g)) {
        return None;
    }
    if fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let plain: String = whole.chars().filter(|&c| c != ',').collect();
    let written = match fraction {
        Some(f) => format!("{plain}.{f}"),
        None => plain,
    };
    let value: f64 = written.parse().ok()?;
    value.is_finite().then_some(sign * value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Option<(f64, String, Option<Better>)> {
        read_quantity(text).map(|q| (q.value, q.unit, q.better))
    }

    fn some(
        value: f64,
        unit: &str,
        better: Option<Better>,
    ) -> Option<(f64, String, Option<Better>)> {
        Some((value, unit.to_owned(), better))
    }

    #[test]
    fn numbers_with_units_are_read() {
        assert_eq!(q("70%"), some(70.0, "%", None));
        assert_eq!(q(" 4.2 "), some(4.2, "", None));
        assert_eq!(q("1,200"), some(1200.0, "", None));
        assert_eq!(q("1,200,000 calls"), some(1_200_000.0, "calls", None));
        assert_eq!(q("3 days"), some(3.0, "days", None));
        assert_eq!(q("-5"), some(-5.0, "", None));
        assert_eq!(q("≥ 70%"), some(70.0, "%", Some(Better::Higher)));
        assert_eq!(q("< 2 min"), some(2.0, "min", Some(Better::Lower)));
        assert_eq!(q("Under 8%"), some(8.0, "%", Some(Better::Lower)));
        assert_eq!(q("at least 60"), some(60.0, "", Some(Better::Higher)));
    }

    #[test]
    fn text_that_is_not_a_number_is_refused() {
        for text in [
            "about 70%",
            "4,2",
            "n/a",
            "",
            "12,00",
            "1.2.3",
            "70% by 2027",
            ".",
            "+40 by spring",
        ] {
            assert_eq!(q(text), None, "{text}");
        }
    }

    fn reading(date: Option<&str>, value: f64) -> Reading {
        Reading {
            date: date.map(|d| Date::parse(d).unwrap()),
            value,
        }
    }

    #[test]
    fn dates_are_checked() {
        assert!(Date::parse("2026-09-30").is_ok());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2026-02-29").unwrap_err().contains("28 days"));
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("30/09/2026").is_err());
        assert!(Date::parse("2026-9-30").is_err());
        assert_eq!(Date::of_secs(1_795_444_260).as_str(), "2026-11-23");
    }

    #[test]
    fn status_and_trend_follow_which_way_is_better() {
        let mut kpi = Kpi {
            name: "Checker completion".into(),
            unit: "%".into(),
            target: Some(70.0),
            readings: vec![
                reading(Some("2026-11-15"), 52.0),
                reading(None, 40.0),
                reading(Some("2026-09-30"), 48.0),
            ],
            ..Kpi::default()
        };
        assert_eq!(kpi.latest().unwrap().value, 52.0);
        assert_eq!(kpi.status(), Some(PlanStatus::Behind));
        assert_eq!(kpi.trend(), Some(4.0));
        kpi.better = Better::Lower;
        assert_eq!(kpi.status(), Some(PlanStatus::Ahead));
        assert_eq!(kpi.trend(), Some(-4.0));
        kpi.target = Some(52.0);
        assert_eq!(kpi.status(), Some(PlanStatus::OnPlan));
        kpi.target = None;
        assert_eq!(kpi.status(), None);
    }

    #[test]
    fn numbers_show_as_written() {
        let kpi = Kpi {
            unit: "%".into(),
            ..Kpi::default()
        };
        assert_eq!(kpi.show(70.0), "70%");
        assert_eq!(format_number(4.2), "4.2");
        assert_eq!(format_number(1200.0), "1200");
        assert_eq!(format_number(-0.5), "-0.5");
    }
}
