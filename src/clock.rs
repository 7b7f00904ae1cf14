//! Wall-clock helpers without a date library: UTC formatting and today's date.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The civil (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-11-23 14:05 UTC` for a time in seconds since the epoch.
pub fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// Today's date as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    date_of(now_secs())
}

/// The date (`YYYY-MM-DD`) of a wall-clock time in seconds since 1970.
pub fn date_of(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Maps the monotonic clock the app runs on to wall-clock seconds and local time of day,
/// so the agenda can show end times while drawing stays a pure function and tests fix it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    anchor: Instant,
    secs: u64,
    /// Seconds east of UTC.
    offset: i32,
}

impl WallClock {
    /// The system's clock and time zone, now.
    pub fn system() -> Self {
        use chrono::Offset;
        Self {
            anchor: Instant::now(),
            secs: now_secs(),
            offset: chrono::Local::now().offset().fix().local_minus_utc(),
        }
    }

    /// A clock that reads `secs` at `anchor`, in a zone `offset` seconds east of UTC.
    pub fn fixed(anchor: Instant, secs: u64, offset: i32) -> Self {
        Self {
            anchor,
            secs,
            offset,
        }
    }

    /// Seconds since the epoch at `now`.
    pub fn at(&self, now: Instant) -> u64 {
        match now.checked_duration_since(self.anchor) {
            Some(d) => self.secs + d.as_secs(),
            None => self
                .secs
                .saturating_sub(self.anchor.duration_since(now).as_secs()),
        }
    }

    /// The instant the clock reads `secs`.
    pub fn instant(&self, secs: u64) -> Instant {
        if secs >= self.secs {
            self.anchor + Duration::from_secs(secs - self.secs)
        } else {
            self.anchor
                .checked_sub(Duration::from_secs(self.secs - secs))
                .unwrap_or(self.anchor)
        }
    }

    /// `14:05`, local time of day.
    pub fn time_of_day(&self, secs: u64) -> String {
        let local = (secs as i64 + i64::from(self.offset)).rem_euclid(86_400);
        format!("{:02}:{:02}", local / 3600, local % 3600 / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_795_444_260), "2026-11-23 14:31 UTC");
    }

    #[test]
    fn a_fixed_wall_clock_follows_the_instant() {
        let t0 = Instant::now();
        let clock = WallClock::fixed(t0, 1_795_444_260, 3600);
        assert_eq!(clock.at(t0 + Duration::from_secs(90)), 1_795_444_350);
        assert_eq!(clock.instant(1_795_444_350), t0 + Duration::from_secs(90));
        assert_eq!(clock.time_of_day(1_795_444_260), "15:31");
        assert_eq!(WallClock::fixed(t0, 0, -3600).time_of_day(0), "23:00");
    }
}
