//! Themes: dark, light and a high-contrast projector theme, in the 16 ANSI colours every
//! terminal has, plus a monochrome theme for `NO_COLOR` where bold, reverse and symbols
//! carry the meaning. Each colour means one thing everywhere.

use ratatui::style::{Color, Modifier, Style};

/// `--theme` takes these names (clap's value enum); `config.ron` goes through [`Self::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    Dark,
    Light,
    Projector,
    #[value(alias = "none")]
    Mono,
}

impl ThemeName {
    pub fn parse(name: &str) -> Option<ThemeName> {
        match name {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            "projector" => Some(ThemeName::Projector),
            "mono" | "none" => Some(ThemeName::Mono),
            _ => None,
        }
    }

    pub const NAMES: &'static str = "dark, light, projector, mono";
}

/// The styles every view draws with.
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub heading: Style,
    pub muted: Style,
    pub card: Style,
    pub card_focus: Style,
    pub id: Style,
    pub bad: Style,
    pub neutral: Style,
    pub good: Style,
    pub unknown: Style,
    pub warning: Style,
    pub error: Style,
    pub info: Style,
    pub key: Style,
    pub selection: Style,
    pub status_ok: Style,
    pub status_error: Style,
    /// Silo codes, told apart by colour-blind-safe hues; the code itself is the meaning.
    pub silo_palette: Vec<Color>,
    /// Whether symbols must carry all the meaning (no colour at all).
    pub monochrome: bool,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        let b = Style::default();
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Dark => Theme {
                name,
                base: b,
                border: b.fg(Color::DarkGray),
                border_focus: b.fg(Color::Cyan).add_modifier(bold),
                title: b.fg(Color::White).add_modifier(bold),
                heading: b.fg(Color::Cyan).add_modifier(bold),
                muted: b.fg(Color::DarkGray),
                card: b,
                card_focus: b.bg(Color::Blue).fg(Color::White),
                id: b.fg(Color::Yellow),
                bad: b.fg(Color::LightRed).add_modifier(bold),
                neutral: b.fg(Color::Yellow),
                good: b.fg(Color::LightGreen),
                unknown: b.fg(Color::DarkGray),
                warning: b.fg(Color::Yellow).add_modifier(bold),
                error: b.fg(Color::LightRed).add_modifier(bold),
                info: b.fg(Color::Cyan),
                key: b.fg(Color::Cyan).add_modifier(bold),
                selection: b.add_modifier(Modifier::REVERSED),
                status_ok: b.fg(Color::LightGreen),
                status_error: b.fg(Color::White).bg(Color::Red).add_modifier(bold),
                silo_palette: okabe_ito_16(),
                monochrome: false,
            },
            ThemeName::Light => Theme {
                name,
                base: b,
                border: b.fg(Color::Gray),
                border_focus: b.fg(Color::Blue).add_modifier(bold),
                title: b.fg(Color::Black).add_modifier(bold),
                heading: b.fg(Color::Blue).add_modifier(bold),
                muted: b.fg(Color::DarkGray),
                card: b,
                card_focus: b.bg(Color::LightBlue).fg(Color::Black),
                id: b.fg(Color::Magenta),
                bad: b.fg(Color::Red).add_modifier(bold),
                neutral: b.fg(Color::DarkGray),
                good: b.fg(Color::Green),
                unknown: b.fg(Color::DarkGray),
                warning: b.fg(Color::Magenta).add_modifier(bold),
                error: b.fg(Color::Red).add_modifier(bold),
                info: b.fg(Color::Blue),
                key: b.fg(Color::Blue).add_modifier(bold),
                selection: b.add_modifier(Modifier::REVERSED),
                status_ok: b.fg(Color::Green),
                status_error: b.fg(Color::White).bg(Color::Red).add_modifier(bold),
                silo_palette: vec![
                    Color::Blue,
                    Color::Magenta,
                    Color::Red,
                    Color::Green,
                    Color::Black,
                ],
                monochrome: false,
            },
            // High contrast for the back of the room: no dim grey anywhere, bold titles.
            ThemeName::Projector => Theme {
                name,
                base: b,
                border: b.fg(Color::White),
                border_focus: b.fg(Color::Yellow).add_modifier(bold),
                title: b.fg(Color::White).add_modifier(bold),
                heading: b.fg(Color::Yellow).add_modifier(bold),
                muted: b.fg(Color::White),
                card: b.fg(Color::White),
                card_focus: b.bg(Color::Yellow).fg(Color::Black).add_modifier(bold),
                id: b.fg(Color::LightCyan).add_modifier(bold),
                bad: b.fg(Color::LightRed).add_modifier(bold),
                neutral: b.fg(Color::White).add_modifier(bold),
                good: b.fg(Color::LightCyan).add_modifier(bold),
                unknown: b.fg(Color::White),
                warning: b.fg(Color::Yellow).add_modifier(bold),
                error: b.fg(Color::LightRed).add_modifier(bold),
                info: b.fg(Color::LightCyan),
                key: b.fg(Color::Yellow).add_modifier(bold),
                selection: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                status_ok: b.fg(Color::LightCyan).add_modifier(bold),
                status_error: b.fg(Color::White).bg(Color::Red).add_modifier(bold),
                silo_palette: okabe_ito_16(),
                monochrome: false,
            },
            ThemeName::Mono => Theme {
                name,
                base: b,
                border: b,
                border_focus: b.add_modifier(bold),
                title: b.add_modifier(bold),
                heading: b.add_modifier(bold),
                muted: b,
                card: b,
                card_focus: b.add_modifier(Modifier::REVERSED),
                id: b.add_modifier(bold),
                bad: b.add_modifier(bold),
                neutral: b,
                good: b,
                unknown: b,
                warning: b.add_modifier(bold),
                error: b.add_modifier(bold | Modifier::UNDERLINED),
                info: b,
                key: b.add_modifier(bold),
                selection: b.add_modifier(Modifier::REVERSED),
                status_ok: b.add_modifier(bold),
                status_error: b.add_modifier(Modifier::REVERSED | bold),
                silo_palette: vec![Color::Reset],
                monochrome: true,
            },
        }
    }

    /// The theme the environment asks for: `NO_COLOR` wins over everything.
    pub fn from_env(requested: Option<ThemeName>) -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Theme::new(ThemeName::Mono);
        }
        Theme::new(requested.unwrap_or(ThemeName::Dark))
    }

    pub fn experience(&self, e: crate::model::Experience) -> Style {
        use crate::model::Experience as E;
        match e {
            E::Bad => self.bad,
            E::Neutral => self.neutral,
            E::Good => self.good,
            E::Unknown => self.unknown,
        }
    }

    /// A heatmap cell's style for its worst experience. On the projector the background
    /// carries the meaning as well as the glyph, so the room reads the map from the back;
    /// elsewhere it is the experience's colour, as on a card.
    pub fn heat(&self, e: crate::model::Experience) -> Style {
        use crate::model::Experience as E;
        if self.name != ThemeName::Projector {
            return self.experience(e);
        }
        let b = Style::default().add_modifier(Modifier::BOLD);
        match e {
            E::Bad => b.bg(Color::Red).fg(Color::White),
            E::Neutral => b.bg(Color::Yellow).fg(Color::Black),
            E::Good => b.bg(Color::Cyan).fg(Color::Black),
            E::Unknown => self.unknown,
        }
    }

    /// The style of a list row: the selection when it is the selected one.
    pub fn row(&self, selected: bool) -> Style {
        if selected {
            self.selection
        } else {
            Style::default()
        }
    }

    /// A stable colour for a silo, by its position in the silo list.
    pub fn silo(&self, position: usize) -> Style {
        let color = self.silo_palette[position % self.silo_palette.len()];
        Style::default().fg(color).add_modifier(Modifier::BOLD)
    }
}

/// The Okabe–Ito colour-blind-safe hues, as their nearest 16-colour ANSI names.
fn okabe_ito_16() -> Vec<Color> {
    vec![
        Color::LightYellow,  // orange-ish / yellow
        Color::LightCyan,    // sky blue
        Color::LightGreen,   // bluish green
        Color::LightBlue,    // blue
        Color::LightMagenta, // reddish purple
        Color::White,
    ]
}
