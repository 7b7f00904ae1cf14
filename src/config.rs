//! `config.ron` in the config folder: theme, autosave, default template. A bad file gets
//! a clear message with line and column, and the app starts on defaults.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The user's settings.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename = "Config", default, deny_unknown_fields)]
pub struct Config {
    /// dark, light, projector or mono.
    pub theme: Option<String>,
    /// Save after every edit (debounced). On by default.
    pub autosave: bool,
    /// Milliseconds of quiet after an edit before autosave writes.
    pub autosave_delay_ms: u64,
    /// The template for a workspace that does not exist yet.
    pub template: Option<String>,
    /// Ring the terminal bell once when a timebox ends.
    pub bell: bool,
    /// Dots per voter offered when a vote round starts; default: a quarter of the cards.
    pub vote_budget: Option<u32>,
    /// Key overrides, applied after `keys.ron`.
    pub keys: crate::input::KeyOverrides,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            theme: None,
            autosave: true,
            autosave_delay_ms: 400,
            template: None,
            bell: true,
            vote_budget: None,
            keys: crate::input::KeyOverrides::default(),
        }
    }
}

/// The keymap: the defaults, `keys.ron` in the config folder, then `keys:` in the config.
pub fn keymap(config: &Config) -> (crate::input::Keymap, Vec<String>) {
    let (mut keymap, mut problems) =
        crate::input::Keymap::load(&crate::paths::config_dir().join("keys.ron"));
    problems.extend(keymap.apply(&config.keys, "config.ron keys"));
    (keymap, problems)
}

pub fn path() -> PathBuf {
    crate::paths::config_dir().join("config.ron")
}

/// Reads the configuration; problems come back as messages and defaults are used.
pub fn load(path: &Path) -> (Config, Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (Config::default(), Vec::new());
    };
    match ron::from_str::<Config>(&text) {
        Ok(config) => (config, Vec::new()),
        Err(e) => (
            Config::default(),
            vec![format!(
                "{}:{}:{}: {}; using the defaults",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_reports() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.ron");
        std::fs::write(&p, "Config(theme: Some(\"projector\"), autosave: false)").unwrap();
        let (c, problems) = load(&p);
        assert!(problems.is_empty());
        assert_eq!(c.theme.as_deref(), Some("projector"));
        assert!(!c.autosave);
        std::fs::write(
            &p,
            "Config(vote_budget: Some(4), keys: Keymap(board: {\"x\": \"delete\", \"z\": \"zap\"}))",
        )
        .unwrap();
        let (c, problems) = load(&p);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.vote_budget, Some(4));
        let mut keys = crate::input::Keymap::default();
        let problems = keys.apply(&c.keys, "config.ron keys");
        assert_eq!(
            keys.action(crate::input::Context::Board, "x".parse().unwrap()),
            Some(crate::input::Action::Delete)
        );
        assert!(problems[0].contains("unknown action `zap`"), "{problems:?}");
        std::fs::write(&p, "Config(\n  colour: 3)").unwrap();
        let (c, problems) = load(&p);
        assert_eq!(c, Config::default());
        assert!(problems[0].contains("config.ron:2:"), "{problems:?}");
    }
}
