//! Checks of the name and unit a participant types for the certificate.

/// The longest name or unit accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Why a name or unit was refused. Shown to the participant (HTTP 400), in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// No name was given.
    #[error("Skriv ditt namn så att det kan stå på intyget.")]
    Empty,
    /// The name is too long.
    #[error("Namnet får vara högst 100 tecken.")]
    NameTooLong,
    /// The name holds control characters (line breaks, tabs and the like).
    #[error("Namnet innehåller otillåtna tecken, till exempel radbrytningar.")]
    NameControl,
    /// The unit is too long.
    #[error("Enheten får vara högst 100 tecken.")]
    UnitTooLong,
    /// The unit holds control characters.
    #[error("Enheten innehåller otillåtna tecken, till exempel radbrytningar.")]
    UnitControl,
}

/// The name with surrounding spaces removed, if it has no control characters (line breaks,
/// tabs, NUL…) anywhere and is 1–100 characters long.
pub fn check_name(name: &str) -> Result<String, NameError> {
    if name.chars().any(char::is_control) {
        return Err(NameError::NameControl);
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameError::NameTooLong);
    }
    Ok(name.to_string())
}

/// The unit trimmed, `None` when left empty; same limits as the name.
pub fn check_unit(unit: &str) -> Result<Option<String>, NameError> {
    if unit.chars().any(char::is_control) {
        return Err(NameError::UnitControl);
    }
    let unit = unit.trim();
    if unit.is_empty() {
        return Ok(None);
    }
    if unit.chars().count() > MAX_NAME_CHARS {
        return Err(NameError::UnitTooLong);
    }
    Ok(Some(unit.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_limited() {
        assert_eq!(check_name("  Åsa Öberg "), Ok("Åsa Öberg".to_string()));
        assert_eq!(check_name("   "), Err(NameError::Empty));
        assert_eq!(check_name(&"ö".repeat(100)), Ok("ö".repeat(100)));
        assert_eq!(check_name(&"ö".repeat(101)), Err(NameError::NameTooLong));
        assert_eq!(check_name("Kim\nJansson"), Err(NameError::NameControl));
        assert_eq!(check_name("Kim\u{0}"), Err(NameError::NameControl));
        assert_eq!(check_name("Kim\u{85}"), Err(NameError::NameControl));
    }

    #[test]
    fn units_are_optional() {
        assert_eq!(check_unit(""), Ok(None));
        assert_eq!(
            check_unit(" Norra skolan "),
            Ok(Some("Norra skolan".to_string()))
        );
        assert_eq!(check_unit(&"x".repeat(101)), Err(NameError::UnitTooLong));
        assert_eq!(check_unit("a\tb"), Err(NameError::UnitControl));
    }
}
