//! Merging two client records from the interface: `m` marks the duplicate,
//! `M` on the client to keep opens both side by side, field by field;
//! ←→ choose each value, Enter merges after a question. The store does the
//! merge in one transaction (see `store::merge`); reverting the merge's
//! line in the survivor's history undoes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::app::App;
use super::sanitize::sanitize;
use super::update::Effect;
use crate::action::Action;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{Client, RecordKind, RecordRef};

/// The merge on screen.
#[derive(Debug, Clone)]
pub struct MergeView {
    /// The client kept.
    pub survivor: u64,
    /// The duplicate merged into it.
    pub other: u64,
    /// Fields that differ: name, the survivor's value, the duplicate's.
    pub rows: Vec<(&'static str, String, String)>,
    /// For each row, whether the duplicate's value is taken.
    pub take: Vec<bool>,
    /// The row with the cursor.
    pub cursor: usize,
    /// The first row drawn.
    pub offset: usize,
    /// Enter was pressed: the question is up.
    pub confirm: bool,
}

impl MergeView {
    /// The two records side by side: the fields a merge chooses between
    /// that differ, their values as the details show them in `lang`.
    /// A colour category is called by the office's `names`.
    pub fn new(
        survivor: &Client,
        other: &Client,
        lang: crate::i18n::Lang,
        names: &crate::words::RiskNames,
    ) -> MergeView {
        use crate::i18n::form::display;
        let rows: Vec<(&'static str, String, String)> = crate::ui::data::merge_choices()
            .filter(|f| !f.cell.same(survivor, other))
            .map(|f| (f.name, display(f, survivor, lang, names), display(f, other, lang, names)))
            .collect();
        let take = vec![false; rows.len()];
        MergeView { survivor: survivor.meta.id, other: other.meta.id, rows, take, cursor: 0, offset: 0, confirm: false }
    }

    /// The fields to take from the duplicate.
    pub fn taken(&self) -> Vec<&'static str> {
        self.rows.iter().zip(&self.take).filter(|(_, t)| **t).map(|(r, _)| r.0).collect()
    }
}

/// Applies an action while the merge is on screen; `None` when it is not.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let m = app.merge.as_mut()?;
    if m.confirm {
        match action {
            Action::ConfirmYes => return Some(Effect::Form(super::form::FormOp::Merge)),
            Action::ForceQuit => return None,
            _ => m.confirm = false,
        }
        return Some(Effect::None);
    }
    let n = m.rows.len();
    let page = layout(app.lang, m, app.width, app.height).rows;
    let m = app.merge.as_mut()?;
    if let Some(c) = super::cursor::step(m.cursor, action, n, page) {
        m.cursor = c;
        m.offset = super::cursor::scroll(m.offset, c, n, page);
        return Some(Effect::None);
    }
    match action {
        Action::Left | Action::Right => {
            if let Some(t) = m.take.get_mut(m.cursor) {
                *t = action == Action::Right;
            }
        }
        Action::Open | Action::Accept | Action::Save => m.confirm = true,
        Action::Cancel | Action::ClearFilter | Action::FocusPrev => app.merge = None,
        Action::ForceQuit | Action::Quit => return None,
        _ => {}
    }
    Some(Effect::None)
}

/// How the merge box is laid out on a terminal of `width`×`height`.
struct Layout {
    /// The box.
    main: Rect,
    /// Rows of what to press (or the question), wrapped.
    head: Vec<String>,
    /// Field rows that fit.
    rows: usize,
    /// Rows of the note on lists, wrapped; left out when the fields need the room.
    foot: Vec<String>,
}

/// Lays the merge box out, so that `update` scrolls by what `draw` shows.
fn layout(lang: crate::i18n::Lang, m: &MergeView, width: u16, height: u16) -> Layout {
    let main = Rect::new(0, 1, width, height.saturating_sub(3));
    let inner_w = usize::from(width.saturating_sub(2));
    let inner_h = usize::from(main.height.saturating_sub(2));
    let (keep, from) = refs(m);
    let head = if m.confirm {
        fill(Ui::MergeConfirm.text(lang), &[("from", &from), ("keep", &keep)])
    } else {
        Ui::MergeHelp.text(lang).to_string()
    };
    let head = super::wrap::wrap(&head, inner_w);
    let mut foot = super::wrap::wrap(Ui::MergeLists.text(lang), inner_w);
    // the column titles under the head
    let above = head.len() + 1;
    let wanted = m.rows.len().max(1);
    if above + wanted + 1 + foot.len() > inner_h {
        foot.clear();
    }
    let below = if foot.is_empty() { 0 } else { foot.len() + 1 };
    Layout { main, head, rows: inner_h.saturating_sub(above + below).max(1), foot }
}

/// The survivor's and the duplicate's ids, as shown.
fn refs(m: &MergeView) -> (String, String) {
    (
        RecordRef::new(RecordKind::Client, m.survivor).to_string(),
        RecordRef::new(RecordKind::Client, m.other).to_string(),
    )
}

/// Draws the two records side by side: as many fields as fit, the one with
/// the cursor always among them.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let Some(m) = &app.merge else { return };
    let Layout { main, head, rows: page, foot } = layout(app.lang, m, area.width, area.height);
    let main = Rect::new(area.x + main.x, area.y + main.y, main.width, main.height);
    frame.render_widget(Clear, main);
    let (keep, from) = refs(m);
    let title = format!(" {} ", fill(app.t(Ui::MergeTitle), &[("from", &from), ("keep", &keep)]));
    let b = Block::bordered().border_set(app.theme.border()).title(title).border_style(app.theme.header());
    let inner = b.inner(main);
    frame.render_widget(b, main);
    let w = usize::from(inner.width);
    let label_w = 18;
    let col_w = w.saturating_sub(label_w + 4) / 2;
    let cut = |s: &str| -> String {
        let s = sanitize(s).into_owned();
        if s.chars().count() > col_w {
            format!("{}…", s.chars().take(col_w.saturating_sub(1)).collect::<String>())
        } else {
            s
        }
    };
    // what to press, or the question, comes first
    let head_style =
        if m.confirm { Style::new().add_modifier(ratatui::style::Modifier::BOLD) } else { app.theme.dim() };
    let mut lines: Vec<Line> = head.into_iter().map(|h| Line::from(Span::styled(h, head_style))).collect();
    lines.push(Line::from(Span::styled(format!("  {:<label_w$} {:<col_w$} {}", "", keep, from), app.theme.header())));
    let first = super::cursor::scroll(m.offset, m.cursor, m.rows.len(), page);
    for (i, ((field, left, right), take)) in m.rows.iter().zip(&m.take).enumerate().skip(first).take(page) {
        let marker = if i == m.cursor { app.theme.marker() } else { " " };
        let (l_style, r_style) =
            if *take { (app.theme.dim(), app.theme.selected()) } else { (app.theme.selected(), app.theme.dim()) };
        let label = <Client as crate::schema::Table>::field(field).map_or(*field, |f| f.label(app.lang));
        let name: String = label.chars().take(label_w).collect();
        lines.push(Line::from(vec![
            Span::raw(format!("{marker} {name:<label_w$} ")),
            Span::styled(format!("{:<col_w$}", cut(left)), l_style),
            Span::raw(" "),
            Span::styled(cut(right), r_style),
        ]));
    }
    if m.rows.is_empty() {
        lines.push(Line::from(app.t(Ui::MergeSame)));
    }
    if !foot.is_empty() {
        lines.push(Line::from(""));
        lines.extend(foot.into_iter().map(|f| Line::from(Span::styled(f, app.theme.dim()))));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
