//! Where things go on the screen. Shared by `update` (which needs page
//! sizes) and `view`, so both agree on what is visible.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::Focus;

/// Smallest terminal drawn; below it a "too small" screen says what is needed.
pub const MIN_WIDTH: u16 = 80;
/// Smallest terminal height drawn.
pub const MIN_HEIGHT: u16 = 24;
/// From this width on, list and details stand side by side.
pub const WIDE: u16 = 110;
/// From this list width on, the optional columns are shown.
pub const WIDE_LIST: u16 = 100;

/// The areas of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Tab bar (one line).
    pub tabs: Rect,
    /// The list, when shown.
    pub list: Option<Rect>,
    /// The details, when shown.
    pub detail: Option<Rect>,
    /// Status line.
    pub status: Rect,
    /// Message or key hints.
    pub hints: Rect,
}

/// Whether a terminal of this size is too small to draw the interface.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Whether list and details stand side by side.
pub fn is_wide(width: u16) -> bool {
    width >= WIDE
}

/// The areas for a screen and focus.
pub fn areas(area: Rect, focus: Focus) -> Areas {
    let [tabs, main, status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    let (list, detail) = if is_wide(area.width) {
        let [l, d] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(main);
        (Some(l), Some(d))
    } else {
        match focus {
            Focus::List => (Some(main), None),
            Focus::Detail => (None, Some(main)),
        }
    };
    Areas { tabs, list, detail, status, hints }
}

/// The main area (between the tab bar and the status line), where the
/// agenda and dashboard draw.
pub fn main_area(area: Rect) -> Rect {
    Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(3))
}

/// Rows inside the border of a screen without details (the agenda, the
/// dashboard, the audit log): all but the tab bar, status and hint lines.
pub fn screen_rows(height: u16) -> usize {
    usize::from(main_area(Rect::new(0, 0, MIN_WIDTH, height)).height.saturating_sub(2)).max(1)
}

/// Rows of data a list shows (inside the border, below the header).
pub fn list_rows(width: u16, height: u16) -> usize {
    let a = areas(Rect::new(0, 0, width, height), Focus::List);
    a.list.map(|r| r.height.saturating_sub(3) as usize).unwrap_or(0).max(1)
}

/// Lines the details show (inside the border).
pub fn detail_rows(width: u16, height: u16) -> usize {
    let a = areas(Rect::new(0, 0, width, height), Focus::Detail);
    a.detail.map(|r| r.height.saturating_sub(2) as usize).unwrap_or(0).max(1)
}

/// Columns the details show (inside the border).
pub fn detail_width(width: u16, height: u16) -> usize {
    let a = areas(Rect::new(0, 0, width, height), Focus::Detail);
    a.detail.map(|r| r.width.saturating_sub(2) as usize).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_list_and_details_side_by_side() {
        let a = areas(Rect::new(0, 0, 120, 40), Focus::List);
        let (l, d) = (a.list.unwrap(), a.detail.unwrap());
        assert_eq!(l.y, d.y);
        assert!(l.x + l.width <= d.x);
        assert_eq!(l.width + d.width, 120);
    }

    #[test]
    fn narrow_terminals_show_one_at_full_width() {
        let a = areas(Rect::new(0, 0, 80, 24), Focus::List);
        assert_eq!(a.list.map(|r| r.width), Some(80));
        assert_eq!(a.detail, None);
        let a = areas(Rect::new(0, 0, 80, 24), Focus::Detail);
        assert_eq!(a.list, None);
        assert_eq!(a.detail.map(|r| (r.width, r.height)), Some((80, 21)));
    }

    #[test]
    fn minimum_size() {
        assert!(!too_small(80, 24));
        assert!(too_small(79, 24));
        assert!(too_small(80, 23));
        assert!(too_small(0, 0));
        assert_eq!(list_rows(80, 24), 18);
    }
}
