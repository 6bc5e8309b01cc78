//! Turning key presses into actions: a pure state machine over a [`Keymap`].

use crossterm::event::KeyCode;

use super::{Key, Keymap, Node};
use crate::action::{Action, Context};

/// The largest count accepted; more digits are ignored.
const MAX_COUNT: u32 = 99_999;

/// A key that may follow the pending keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Continuation {
    /// The next key.
    pub key: Key,
    /// The action it completes, or `None` when more keys follow.
    pub action: Option<Action>,
}

/// What a key press amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatch {
    /// Run an action, `count` times if a count was typed.
    Action(Action, Option<u32>),
    /// A sequence or count has begun: show it and, for a sequence, what may follow.
    Pending {
        /// The keys of the sequence so far (empty while only a count is typed).
        keys: Vec<Key>,
        /// The count typed so far.
        count: Option<u32>,
        /// The keys that may come next, in notation order.
        continuations: Vec<Continuation>,
    },
    /// Esc (or a key bound to `cancel_pending`) ended a pending sequence or count.
    Cancelled,
    /// The key is bound to nothing here; in text contexts a printable key is text.
    Unbound(Key),
}

/// Feeds keys through a keymap, remembering pending sequences and counts.
#[derive(Debug, Clone)]
pub struct Dispatcher {
    /// The keymap.
    keymap: Keymap,
    /// The keys of the pending sequence.
    pending: Vec<Key>,
    /// The count typed so far.
    count: Option<u32>,
    /// The context the pending state belongs to.
    context: Option<Context>,
}

impl Dispatcher {
    /// A dispatcher with nothing pending.
    pub fn new(keymap: Keymap) -> Dispatcher {
        Dispatcher { keymap, pending: Vec::new(), count: None, context: None }
    }

    /// The keymap in use.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The pending keys and count (for the status line).
    pub fn pending(&self) -> (&[Key], Option<u32>) {
        (&self.pending, self.count)
    }

    /// Forgets pending keys and count.
    pub fn reset(&mut self) {
        self.pending.clear();
        self.count = None;
        self.context = None;
    }

    /// Whether `key` cancels a pending sequence in `ctx`: esc, or a key bound
    /// to `cancel_pending` in the context or globally.
    fn cancels(&self, ctx: Context, key: Key) -> bool {
        let bound = |c: Context| {
            matches!(self.keymap.trie(c).and_then(|t| t.get(&[key])), Some(Node::Leaf(Action::CancelPending)))
        };
        key == Key::plain(KeyCode::Esc) || bound(ctx) || bound(Context::Global)
    }

    /// Feeds one key pressed in a context.
    pub fn feed(&mut self, ctx: Context, key: Key) -> Dispatch {
        if self.context.is_some_and(|c| c != ctx) {
            self.reset();
        }
        let Some(trie) = self.keymap.trie(ctx) else {
            self.reset();
            return Dispatch::Unbound(key);
        };
        let busy = !self.pending.is_empty() || self.count.is_some();
        if self.pending.is_empty()
            && self.keymap.count
            && ctx.takes_count()
            && let Some(d) = key.digit()
            && (self.count.is_some() || (d != 0 && trie.get(&[key]).is_none()))
        {
            let c = self.count.unwrap_or(0).saturating_mul(10).saturating_add(d).min(MAX_COUNT);
            self.count = Some(c);
            self.context = Some(ctx);
            return Dispatch::Pending { keys: Vec::new(), count: self.count, continuations: Vec::new() };
        }
        let mut seq = self.pending.clone();
        seq.push(key);
        let found = if self.pending.is_empty() { None } else { trie.get(&seq) };
        if busy && found.is_none() && self.cancels(ctx, key) {
            self.reset();
            return Dispatch::Cancelled;
        }
        match trie.get(&seq) {
            Some(Node::Leaf(action)) => {
                let (action, count) = (*action, self.count);
                self.reset();
                Dispatch::Action(action, count)
            }
            Some(Node::Branch(children)) => {
                let mut continuations: Vec<Continuation> = children
                    .iter()
                    .map(|(k, n)| Continuation {
                        key: *k,
                        action: match n {
                            Node::Leaf(a) => Some(*a),
                            Node::Branch(_) => None,
                        },
                    })
                    .collect();
                continuations.sort_by_cached_key(|c| super::seq_order(&[c.key]));
                self.pending = seq.clone();
                self.context = Some(ctx);
                Dispatch::Pending { keys: seq, count: self.count, continuations }
            }
            None => {
                self.reset();
                Dispatch::Unbound(key)
            }
        }
    }
}
