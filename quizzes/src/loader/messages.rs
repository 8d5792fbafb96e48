//! Swedish wording for the errors that the TOML parser and serde report in English.

/// Turns a toml/serde error message into Swedish. Serde's standard forms (unknown, missing or
/// duplicate field, unknown variant, wrong type) are translated; syntax errors keep the
/// parser's own words after a Swedish lead-in.
pub(super) fn swedish(message: &str) -> String {
    let message = message.trim();
    let first = message.lines().next().unwrap_or(message).trim();
    if let Some(name) = quoted_after(first, "unknown field ") {
        return format!("okänt fält \"{name}\"");
    }
    if let Some(name) = quoted_after(first, "missing field ") {
        return format!("fältet \"{name}\" saknas");
    }
    if let Some(name) = quoted_after(first, "duplicate field ") {
        return format!("fältet \"{name}\" finns två gånger");
    }
    if let Some(name) = quoted_after(first, "unknown variant ") {
        let allowed = first
            .split_once("expected ")
            .map(|(_, rest)| rest.replace('`', "").replace(" or ", ", "))
            .unwrap_or_default();
        return if allowed.is_empty() {
            format!("okänt värde \"{name}\"")
        } else {
            format!(
                "okänt värde \"{name}\", tillåtna värden: {}",
                allowed.replace("one of ", "")
            )
        };
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "fel typ: {} i stället för {}",
            kind_sv(found),
            kind_sv(expected)
        );
    }
    if first.starts_with("duplicate key") {
        return "samma nyckel finns två gånger".to_string();
    }
    format!("ogiltig TOML: {first}")
}

/// The name between backticks right after `prefix`, e.g. `titel` in "unknown field `titel`".
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

/// Serde's names for value kinds, in Swedish.
fn kind_sv(kind: &str) -> String {
    let k = kind.trim();
    let sv = if k.contains("sequence") || k.contains("array") {
        "lista"
    } else if k.contains("string") || k.contains("char") {
        "text"
    } else if k.starts_with("integer") || matches!(k, "i64" | "u32" | "u64" | "usize") {
        "heltal"
    } else if k.starts_with("float") || k == "f64" {
        "tal"
    } else if k.starts_with("boolean") || k == "bool" {
        "sant/falskt"
    } else if k.starts_with("map") || k.contains("struct") || k.contains("table") {
        "tabell"
    } else {
        return k.replace('`', "\"");
    };
    sv.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_serde_forms() {
        assert_eq!(
            swedish("unknown field `titel`, expected one of `id`, `title`"),
            "okänt fält \"titel\""
        );
        assert_eq!(
            swedish("missing field `prompt`"),
            "fältet \"prompt\" saknas"
        );
        assert_eq!(
            swedish("unknown variant `flera`, expected one of `single`, `multiple`, `true_false`"),
            "okänt värde \"flera\", tillåtna värden: single, multiple, true_false"
        );
        assert_eq!(
            swedish("invalid type: string \"tio\", expected i64"),
            "fel typ: text i stället för heltal"
        );
        assert_eq!(
            swedish("invalid type: integer `3`, expected a sequence"),
            "fel typ: heltal i stället för lista"
        );
    }

    #[test]
    fn keeps_syntax_errors_readable() {
        assert_eq!(
            swedish("invalid string\nexpected `\"`"),
            "ogiltig TOML: invalid string"
        );
    }
}
