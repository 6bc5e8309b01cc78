//! What one client may cost the server.
//!
//! - A terminal is drawn at most [`MAX_COLS`] × [`MAX_ROWS`]: the screen
//!   buffers of a session grow with its size, and the size is the client's
//!   to choose (65535 × 65535 would be hundreds of gigabytes).

/// Widest terminal drawn; a wider one is drawn at this width.
pub const MAX_COLS: u16 = 500;
/// Tallest terminal drawn; a taller one is drawn at this height.
pub const MAX_ROWS: u16 = 200;

/// The size a session is drawn at: the client's, within the cap. A zero
/// (a client that does not know its size) is the usual 80 × 24.
pub fn terminal_size(cols: u32, rows: u32) -> (u16, u16) {
    let fit = |v: u32, max: u16, unknown: u16| match v {
        0 => unknown,
        v => u16::try_from(v).map_or(max, |v| v.min(max)),
    };
    (fit(cols, MAX_COLS, 80), fit(rows, MAX_ROWS, 24))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sizes_are_capped() {
        assert_eq!(terminal_size(80, 24), (80, 24));
        assert_eq!(terminal_size(500, 200), (500, 200));
        assert_eq!(terminal_size(501, 201), (500, 200));
        assert_eq!(terminal_size(65535, 65535), (500, 200));
        assert_eq!(terminal_size(u32::MAX, u32::MAX), (500, 200));
        assert_eq!(terminal_size(2000, 30), (500, 30));
        assert_eq!(terminal_size(0, 0), (80, 24));
        assert_eq!(terminal_size(1, 1), (1, 1));
    }
}
