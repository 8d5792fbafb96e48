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
    /// The name holds control characters (line breaks, tabs and the like), or invisible
    /// characters and direction overrides that could make it look like something else.
    #[error(
        "Namnet innehåller otillåtna tecken, till exempel radbrytningar eller osynliga tecken."
    )]
    NameControl,
    /// The unit is too long.
    #[error("Enheten får vara högst 100 tecken.")]
    UnitTooLong,
    /// The unit holds control, invisible or direction-changing characters.
    #[error(
        "Enheten innehåller otillåtna tecken, till exempel radbrytningar eller osynliga tecken."
    )]
    UnitControl,
}

/// Whether `c` is invisible or changes how text around it is shown: Unicode format characters
/// (category Cf: bidirectional embeddings, overrides and isolates, zero-width spaces, the soft
/// hyphen, the byte order mark, tags…), line and paragraph separators, and blank fillers. A
/// name with one of them can look like another name, or reversed, on the certificate check and
/// in the report.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Zero-width (non-)joiners are part of writing some languages (Persian names, for example),
/// so they are allowed between two letters, and nowhere else.
fn refused(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c.is_control() {
            return true;
        }
        if c == '\u{200C}' || c == '\u{200D}' {
            let letter = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|c| c.is_alphabetic())
            };
            return !(letter(i.checked_sub(1)) && letter(Some(i + 1)));
        }
        invisible(c)
    })
}

/// The name with surrounding spaces removed, if it has no control or invisible characters
/// (line breaks, tabs, NUL, direction overrides, zero-width spaces…) anywhere and is 1–100
/// characters long.
pub fn check_name(name: &str) -> Result<String, NameError> {
    if refused(name) {
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
    if refused(unit) {
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
    fn invisible_and_direction_characters_are_refused() {
        for c in [
            '\u{202E}',
            '\u{2066}',
            '\u{061C}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{2028}',
            '\u{200E}',
            '\u{E0041}',
            '\u{3164}',
        ] {
            let name = format!("Kim{c}=1+1");
            assert_eq!(
                check_name(&name),
                Err(NameError::NameControl),
                "{:X}",
                c as u32
            );
            assert_eq!(
                check_unit(&name),
                Err(NameError::UnitControl),
                "{:X}",
                c as u32
            );
            assert_eq!(
                check_name(&format!("{c}Kim")),
                Err(NameError::NameControl),
                "{:X} first",
                c as u32
            );
        }
        // Joiners inside a word are writing, not hiding.
        assert!(check_name("می\u{200C}خواهم").is_ok());
        assert_eq!(check_name("\u{200C}Kim"), Err(NameError::NameControl));
        assert_eq!(check_name("Kim \u{200D}"), Err(NameError::NameControl));
        // Ordinary names in many scripts pass.
        for ok in [
            "Åsa Öberg",
            "Zoë O'Brien-Ståhl",
            "Ngũgĩ",
            "محمد",
            "Đặng Thị",
            "李小龍",
        ] {
            assert_eq!(check_name(ok), Ok(ok.to_string()), "{ok}");
        }
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
