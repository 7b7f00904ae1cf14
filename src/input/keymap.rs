//! Which key does what, in which context. Defaults live in `assets/keys.ron`; a user's
//! `keys.ron` in the config folder overrides them. Help and the footer are generated from
//! this table, so they cannot drift from what the keys really do.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::action::Action;
use super::key::Key;

/// Where a binding applies. Overlays (prompts, editors) have fixed keys of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Everywhere outside overlays.
    Global,
    /// The board: stages as columns, moments as cards.
    Board,
    /// List views such as Checks.
    List,
    /// The owners matrix.
    Owners,
    /// The experience heatmap.
    Experience,
    /// The parking lot.
    Parking,
    /// The agenda.
    Agenda,
    /// A yes-or-no question.
    Question,
    /// The owners editor of a moment.
    OwnersEditor,
    /// The silo and segment lists.
    Lists,
    /// The help overlay.
    Help,
    /// The file changed on disk while there were unsaved edits.
    Conflict,
}

/// Key overrides per context, as in `keys.ron` (and `keys:` in `config.ron`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename = "Keymap", deny_unknown_fields)]
pub struct KeyOverrides {
    #[serde(default)]
    global: BTreeMap<String, String>,
    #[serde(default)]
    board: BTreeMap<String, String>,
    #[serde(default)]
    list: BTreeMap<String, String>,
    #[serde(default)]
    owners: BTreeMap<String, String>,
    #[serde(default)]
    experience: BTreeMap<String, String>,
    #[serde(default)]
    parking: BTreeMap<String, String>,
    #[serde(default)]
    agenda: BTreeMap<String, String>,
    #[serde(default)]
    question: BTreeMap<String, String>,
    #[serde(default)]
    owners_editor: BTreeMap<String, String>,
    #[serde(default)]
    lists: BTreeMap<String, String>,
    #[serde(default)]
    help: BTreeMap<String, String>,
    #[serde(default)]
    conflict: BTreeMap<String, String>,
}

/// The resolved key table.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<(Context, Key, Action)>,
}

const DEFAULT_KEYS: &str = include_str!("../../assets/keys.ron");

impl Default for Keymap {
    fn default() -> Self {
        let file: KeyOverrides = ron::from_str(DEFAULT_KEYS).expect("assets/keys.ron is valid");
        let mut map = Keymap {
            bindings: Vec::new(),
        };
        let problems = map.merge(file);
        assert!(problems.is_empty(), "assets/keys.ron: {problems:?}");
        map
    }
}

impl Keymap {
    /// The defaults patched with the user's overrides from `path`, if it exists. Problems
    /// (a bad key name, an unknown action) are returned as messages; the rest still applies.
    pub fn load(path: &Path) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let Ok(text) = std::fs::read_to_string(path) else {
            return (map, Vec::new());
        };
        match ron::from_str::<KeyOverrides>(&text) {
            Ok(file) => {
                let problems = map
                    .merge(file)
                    .into_iter()
                    .map(|p| format!("{}: {p}", path.display()))
                    .collect();
                (map, problems)
            }
            Err(e) => (
                map,
                vec![format!(
                    "{}:{}:{}: {}; using the default keys",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )],
            ),
        }
    }

    /// Applies overrides on top of what is bound; problems come back as messages naming
    /// `origin`, and the rest still applies.
    pub fn apply(&mut self, overrides: &KeyOverrides, origin: &str) -> Vec<String> {
        self.merge(overrides.clone())
            .into_iter()
            .map(|p| format!("{origin}: {p}"))
            .collect()
    }

    fn merge(&mut self, file: KeyOverrides) -> Vec<String> {
        let mut problems = Vec::new();
        for (context, table) in [
            (Context::Global, file.global),
            (Context::Board, file.board),
            (Context::List, file.list),
            (Context::Owners, file.owners),
            (Context::Experience, file.experience),
            (Context::Parking, file.parking),
            (Context::Agenda, file.agenda),
            (Context::Question, file.question),
            (Context::OwnersEditor, file.owners_editor),
            (Context::Lists, file.lists),
            (Context::Help, file.help),
            (Context::Conflict, file.conflict),
        ] {
            for (key_name, action_name) in table {
                let key: Key = match key_name.parse() {
                    Ok(key) => key,
                    Err(e) => {
                        problems.push(e.to_string());
                        continue;
                    }
                };
                if action_name == "none" {
                    self.bindings
                        .retain(|(c, k, _)| !(*c == context && *k == key));
                    continue;
                }
                let Some(action) = Action::from_name(&action_name) else {
                    problems.push(format!(
                        "unknown action `{action_name}` for key `{key_name}` (see the help screen for names)"
                    ));
                    continue;
                };
                self.bindings
                    .retain(|(c, k, _)| !(*c == context && *k == key));
                self.bindings.push((context, key, action));
            }
        }
        problems
    }

    /// The action a key triggers in a context; context bindings win over global ones.
    pub fn action(&self, context: Context, key: Key) -> Option<Action> {
        let find = |ctx: Context| {
            self.bindings
                .iter()
                .find(|(c, k, _)| *c == ctx && *k == key)
                .map(|(_, _, a)| *a)
        };
        find(context).or_else(|| find(Context::Global))
    }

    /// The action a key triggers in an overlay's own table (no global keys there: typing
    /// in an overlay never switches views).
    pub fn overlay_action(&self, context: Context, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(c, k, _)| *c == context && *k == key)
            .map(|(_, _, a)| *a)
    }

    /// The first key bound to an action in an overlay's own table, as text.
    pub fn overlay_key_label(&self, context: Context, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .filter(|(c, _, a)| *c == context && *a == action)
            .map(|(_, k, _)| k)
            // Plain lower-case letters read best in a hint.
            .min_by_key(|k| {
                (
                    k.ctrl || k.alt,
                    !matches!(k.code, super::key::KeyCode::Char(_)),
                    matches!(k.code, super::key::KeyCode::Char(c) if c.is_uppercase()),
                )
            })
            .map(Key::to_string)
    }

    /// The keys bound to an action in a context (context first, then global).
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(c, _, a)| *a == action && (*c == context || *c == Context::Global))
            .map(|(_, k, _)| *k)
            .collect();
        keys.sort_by_key(|k| {
            (
                k.ctrl || k.alt,
                !matches!(k.code, super::key::KeyCode::Char(_)),
            )
        });
        keys.dedup();
        keys
    }

    /// The first key for an action, as text, e.g. for the footer.
    pub fn key_label(&self, context: Context, action: Action) -> Option<String> {
        self.keys_for(context, action).first().map(Key::to_string)
    }

    /// Every binding, for help.
    pub fn bindings(&self) -> impl Iterator<Item = &(Context, Key, Action)> {
        self.bindings.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_the_contract_keys() {
        let map = Keymap::default();
        let b = |k: &str| map.action(Context::Board, k.parse().unwrap());
        assert_eq!(b("n"), Some(Action::NewMoment));
        assert_eq!(b("N"), Some(Action::NewStage));
        assert_eq!(b("enter"), Some(Action::Edit));
        assert_eq!(b("e"), Some(Action::Edit));
        assert_eq!(b("d"), Some(Action::Delete));
        assert_eq!(b("o"), Some(Action::Owners));
        assert_eq!(b("H"), Some(Action::MoveToPrevStage));
        assert_eq!(b("L"), Some(Action::MoveToNextStage));
        assert_eq!(b("+"), Some(Action::VoteAdd));
        assert_eq!(b("-"), Some(Action::VoteRemove));
        assert_eq!(b("u"), Some(Action::Undo));
        assert_eq!(b("ctrl-r"), Some(Action::Redo));
        assert_eq!(b("tab"), Some(Action::NextView));
        assert_eq!(b("shift-tab"), Some(Action::PrevView));
        assert_eq!(b(":"), Some(Action::Palette));
        assert_eq!(b("?"), Some(Action::Help));
        assert_eq!(b("ctrl-s"), Some(Action::Save));
        assert_eq!(b("q"), Some(Action::Quit));
        for (k, a) in [
            ("h", Action::Left),
            ("j", Action::Down),
            ("k", Action::Up),
            ("l", Action::Right),
        ] {
            assert_eq!(b(k), Some(a));
        }
    }

    #[test]
    fn overrides_patch_and_report_problems() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.ron");
        std::fs::write(
            &path,
            "Keymap(board: {\"x\": \"delete\", \"d\": \"none\", \"ctrl-\": \"undo\", \"z\": \"fly\"})",
        )
        .unwrap();
        let (map, problems) = Keymap::load(&path);
        assert_eq!(
            map.action(Context::Board, "x".parse().unwrap()),
            Some(Action::Delete)
        );
        assert_eq!(map.action(Context::Board, "d".parse().unwrap()), None);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("unknown action `fly`")));
        // The defaults keep working.
        assert_eq!(
            map.action(Context::Board, "n".parse().unwrap()),
            Some(Action::NewMoment)
        );

        std::fs::write(&path, "Keymap(board: {").unwrap();
        let (map, problems) = Keymap::load(&path);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("keys.ron:1:"), "{problems:?}");
        assert_eq!(
            map.action(Context::Board, "n".parse().unwrap()),
            Some(Action::NewMoment)
        );
    }
}
