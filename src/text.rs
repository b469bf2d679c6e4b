//! Text helpers shared by every layer (messages, diagnostics, reports); they import
//! nothing of the crate.

/// At most `limit` characters of `text`, and "..." where it was cut.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}...")
}
