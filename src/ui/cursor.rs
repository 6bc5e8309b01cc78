//! Moving a selection through a list, the same way in every list: the
//! records, the agenda, the audit log, the palette, the global search, the
//! saved searches, a merge, a form's choices. One step function and one
//! scroll function, so that "the selected line is always on screen" holds
//! by construction wherever a list is drawn.

use crate::action::Action;

/// Where a moving action takes the selection `selected` among `len` items
/// when `page` of them fit on screen; `None` for any other action.
pub fn step(selected: usize, action: Action, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    let half = (page / 2).max(1);
    Some(match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => selected.saturating_add(1),
        Action::PageUp => selected.saturating_sub(page),
        Action::PageDown => selected.saturating_add(page),
        Action::HalfPageUp => selected.saturating_sub(half),
        Action::HalfPageDown => selected.saturating_add(half),
        Action::First => 0,
        Action::Last => last,
        _ => return None,
    })
    .map(|s| s.min(last))
}

/// The first row to draw so that row `selected` of `len` is among the
/// `page` drawn: `offset` moved as little as it must, with no blank space
/// below the last row.
pub fn scroll(offset: usize, selected: usize, len: usize, page: usize) -> usize {
    let page = page.max(1);
    let selected = selected.min(len.saturating_sub(1));
    let offset = if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    };
    offset.min(len.saturating_sub(page))
}

/// Every moving action (for tests that move at random).
#[cfg(test)]
pub(crate) const MOVES: [Action; 8] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::HalfPageUp,
    Action::HalfPageDown,
    Action::First,
    Action::Last,
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn steps_stop_at_the_ends() {
        assert_eq!(step(0, Action::Up, 10, 4), Some(0));
        assert_eq!(step(9, Action::Down, 10, 4), Some(9));
        assert_eq!(step(3, Action::PageDown, 10, 4), Some(7));
        assert_eq!(step(3, Action::HalfPageUp, 10, 4), Some(1));
        assert_eq!(step(3, Action::Last, 10, 4), Some(9));
        assert_eq!(step(0, Action::Down, 0, 4), Some(0));
        assert_eq!(step(3, Action::Open, 10, 4), None);
    }

    proptest! {
        #[test]
        fn the_selection_stays_in_the_list_and_on_screen(
            len in 0usize..200, page in 1usize..40, moves in proptest::collection::vec(0usize..8, 0..60),
        ) {
            let (mut sel, mut off) = (0usize, 0usize);
            for m in moves {
                sel = step(sel, MOVES[m], len, page).unwrap_or(sel);
                off = scroll(off, sel, len, page);
                prop_assert!(sel < len.max(1));
                prop_assert!(off <= sel && sel < off + page, "{off} {sel} {page}");
            }
        }
    }
}
