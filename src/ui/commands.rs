//! What works where a session is: the focused view's offers and the actions that apply
//! everywhere. The footer, help and the palette are all made from this list, so none of
//! them can offer a key the dispatcher would turn down.

use crate::input::{Action, Keymap};

use super::actions::{self, Scope};
use super::{Session, View, views};

/// The actions that work in `view`, in help order. `remote`: in a remote session, where
/// following the facilitator applies.
pub fn available_in(view: View, remote: bool) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| remote || *a != Action::Follow)
        .filter(|a| {
            views::offers(view, *a).is_some() || actions::handler(*a).0 == Scope::Everywhere
        })
        .collect()
}

/// The actions that work where `session` is.
pub fn available(session: &Session) -> Vec<Action> {
    available_in(session.view, session.follow.is_some())
}

/// What an action does in `view`: the view's own words, or the action's description.
pub fn describe(view: View, action: Action) -> &'static str {
    views::offers(view, action).map_or_else(|| action.description(), views::Offer::help)
}

/// Keys shown in help for `view`, as (action, keys, what it does here): every action that
/// works there and has a key.
pub fn help_rows(keymap: &Keymap, view: View, remote: bool) -> Vec<(Action, String, &'static str)> {
    let context = views::part(view).context();
    available_in(view, remote)
        .into_iter()
        .filter_map(|a| {
            let keys = keymap.keys_for(context, a);
            if keys.is_empty() {
                return None;
            }
            let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
            Some((a, names.join(" "), describe(view, a)))
        })
        .collect()
}

/// The palette's list: what works here, each with its first key ("" when it has none).
pub fn palette(keymap: &Keymap, session: &Session) -> Vec<(Action, String)> {
    let context = views::part(session.view).context();
    available(session)
        .into_iter()
        .map(|a| (a, keymap.key_label(context, a).unwrap_or_default()))
        .collect()
}
