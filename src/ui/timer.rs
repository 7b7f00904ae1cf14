//! The timebox: a countdown the room can see, paused and resumed, that says so at zero and
//! then shows the overrun. Time comes in as an `Instant`, so tests inject the clock.
//! `]` starts one for the agenda item it starts, linked to it, so the timebox and the
//! agenda are one clock: the status line reads the item's time from it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Numbers every countdown started, so a pause of one is told from a new one.
static RUNS: AtomicU64 = AtomicU64::new(0);

/// A running or paused countdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    pub length: Duration,
    /// When it was last started or resumed; `None` while paused.
    started: Option<Instant>,
    /// Time counted before the last pause.
    before: Duration,
    /// Whether the end was already announced (the bell rings once).
    pub announced: bool,
    /// The agenda item this timebox times, when `]` started it.
    pub agenda: Option<AgendaLink>,
    /// Which countdown this is: pausing and resuming keep it, starting another changes it.
    run: u64,
}

/// Which run of which agenda item a timebox times: its position and when it started (wall
/// seconds), so a restarted or edited agenda is not mistaken for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgendaLink {
    pub item: usize,
    pub started: u64,
}

impl Timer {
    pub fn start(length: Duration, now: Instant) -> Self {
        Self {
            length,
            started: Some(now),
            before: Duration::ZERO,
            announced: false,
            agenda: None,
            run: RUNS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Whether `other` is this countdown, perhaps paused or resumed since (not another
    /// one started after it).
    pub fn same_run(&self, other: &Timer) -> bool {
        self.run == other.run
    }

    /// Whether `other` shows the same time as this one, now and from now on (started,
    /// paused or resumed alike), whether or not its end was announced.
    pub fn same_clock(&self, other: &Timer) -> bool {
        Timer {
            announced: other.announced,
            ..self.clone()
        } == *other
    }

    /// The timebox of an agenda item that started at `started` (wall seconds), `now`.
    pub fn for_agenda(length: Duration, now: Instant, item: usize, started: u64) -> Self {
        Self {
            agenda: Some(AgendaLink { item, started }),
            ..Self::start(length, now)
        }
    }

    /// What the room reads: `12:34 left`, `TIME UP +1:05`, and `paused` before either
    /// while paused, so a pause after the time is up says so too. The flag: time is up.
    pub fn label(&self, now: Instant) -> (String, bool) {
        let over = self.is_over(now);
        let time = self.display(now);
        let text = match (over, self.is_running()) {
            (false, true) => format!("{time} left"),
            (true, true) => format!("TIME UP {time}"),
            (false, false) => format!("paused {time}"),
            (true, false) => format!("paused · TIME UP {time}"),
        };
        (text, over)
    }

    pub fn elapsed(&self, now: Instant) -> Duration {
        self.before
            + self
                .started
                .map_or(Duration::ZERO, |s| now.saturating_duration_since(s))
    }

    /// Seconds left; negative once the time is up (the overrun).
    pub fn remaining_secs(&self, now: Instant) -> i64 {
        self.length.as_secs() as i64 - self.elapsed(now).as_secs() as i64
    }

    pub fn is_running(&self) -> bool {
        self.started.is_some()
    }

    pub fn is_over(&self, now: Instant) -> bool {
        self.elapsed(now) >= self.length
    }

    pub fn pause(&mut self, now: Instant) {
        if let Some(s) = self.started.take() {
            self.before += now.saturating_duration_since(s);
        }
    }

    pub fn resume(&mut self, now: Instant) {
        if self.started.is_none() {
            self.started = Some(now);
        }
    }

    /// When the display next changes (the next whole second), while running.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        let started = self.started?;
        let elapsed = self.elapsed(now);
        let into_second = elapsed.subsec_nanos();
        let _ = started;
        Some(now + Duration::from_nanos(u64::from(1_000_000_000 - into_second)))
    }

    /// `12:34`, or `+1:05` for an overrun.
    pub fn display(&self, now: Instant) -> String {
        let left = self.remaining_secs(now);
        let (sign, secs) = if left < 0 { ("+", -left) } else { ("", left) };
        if secs >= 3600 {
            format!(
                "{sign}{}:{:02}:{:02}",
                secs / 3600,
                secs % 3600 / 60,
                secs % 60
            )
        } else {
            format!("{sign}{}:{:02}", secs / 60, secs % 60)
        }
    }
}

/// Reads a duration as people type it: `10m`, `90s`, `1h30m`, `2:30`, or `5` (minutes).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim().to_lowercase().replace(' ', "");
    if t.is_empty() {
        return None;
    }
    if let Some((m, s)) = t.split_once(':') {
        let m: u64 = m.parse().ok()?;
        let s: u64 = s.parse().ok()?;
        return (s < 60).then(|| Duration::from_secs(m * 60 + s));
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(t.parse::<u64>().ok()? * 60));
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().ok()?;
        number.clear();
        total += match c {
            'h' => n * 3600,
            'm' => n * 60,
            's' => n,
            _ => return None,
        };
    }
    if !number.is_empty() {
        return None;
    }
    (total > 0).then(|| Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_duration("10m"), Some(Duration::from_secs(600)));
        assert_eq!(parse_duration("90s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2:30"), Some(Duration::from_secs(150)));
        assert_eq!(parse_duration("5"), Some(Duration::from_secs(300)));
        assert_eq!(parse_duration(" 1 m "), Some(Duration::from_secs(60)));
        assert_eq!(parse_duration("10x"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("2:75"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn counts_down_pauses_and_overruns() {
        let t0 = Instant::now();
        let mut t = Timer::start(Duration::from_secs(120), t0);
        assert_eq!(t.display(t0), "2:00");
        assert_eq!(t.display(t0 + Duration::from_millis(30_500)), "1:30");
        t.pause(t0 + Duration::from_secs(60));
        assert!(!t.is_running());
        assert_eq!(
            t.display(t0 + Duration::from_secs(500)),
            "1:00",
            "paused time does not count"
        );
        t.resume(t0 + Duration::from_secs(500));
        assert!(!t.is_over(t0 + Duration::from_secs(559)));
        assert!(t.is_over(t0 + Duration::from_secs(560)));
        assert_eq!(t.display(t0 + Duration::from_secs(625)), "+1:05");
        assert_eq!(t.remaining_secs(t0 + Duration::from_secs(625)), -65);
    }

    #[test]
    fn a_pause_says_paused_before_and_after_time_up() {
        let t0 = Instant::now();
        let mut t = Timer::start(Duration::from_secs(60), t0);
        assert_eq!(t.label(t0), ("1:00 left".to_owned(), false));
        t.pause(t0 + Duration::from_secs(10));
        assert_eq!(t.label(t0 + Duration::from_secs(99)).0, "paused 0:50");
        t.resume(t0 + Duration::from_secs(100));
        let up = t0 + Duration::from_secs(155);
        assert_eq!(t.label(up), ("TIME UP +0:05".to_owned(), true));
        t.pause(up);
        assert_eq!(
            t.label(up + Duration::from_secs(30)),
            ("paused · TIME UP +0:05".to_owned(), true)
        );
    }

    #[test]
    fn a_pause_keeps_the_run_and_a_new_start_does_not() {
        let t0 = Instant::now();
        let first = Timer::start(Duration::from_secs(60), t0);
        let mut paused = first.clone();
        paused.pause(t0 + Duration::from_secs(5));
        assert!(paused.same_run(&first));
        assert!(
            !paused.same_clock(&first),
            "paused is not the running clock"
        );
        let mut told = first.clone();
        told.announced = true;
        assert!(
            told.same_clock(&first),
            "an announcement is not a change of time"
        );
        let again = Timer::start(Duration::from_secs(60), t0);
        assert!(!again.same_run(&first));
        assert!(!again.same_clock(&first));
    }

    #[test]
    fn ticks_on_whole_seconds_only_while_running() {
        let t0 = Instant::now();
        let mut t = Timer::start(Duration::from_secs(60), t0);
        assert_eq!(
            t.next_tick(t0 + Duration::from_millis(200)),
            Some(t0 + Duration::from_secs(1))
        );
        t.pause(t0 + Duration::from_secs(2));
        assert_eq!(t.next_tick(t0 + Duration::from_secs(3)), None);
    }
}
