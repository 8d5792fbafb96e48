//! One notion of "version" for every text that others build on.
//!
//! A page's [`Version`] is the date of its latest change note marked significant; a page without
//! significant change notes uses its `reviewed` date. Next to it a [`ContentHash`] of the text
//! lets `check` see a change that came without a change note.
//!
//! Local blocks and replaced pages (a municipality's overlay), language variants and training
//! certificates all record a [`Stamp`] of the text they were written or earned against. Whether
//! that text has moved on since is decided by one function, [`drift`], for all of them.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use time::Date;

/// The version of a text: the date of its latest significant change (or its review date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version(pub Date);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A short, stable hash of a text (the first 8 bytes of SHA-256, as 16 hex digits). Stable across
/// program versions and machines, so it can be written into files and databases.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContentHash(String);

impl ContentHash {
    /// The hash of `parts`, each separated so that `["ab", "c"]` and `["a", "bc"]` differ.
    /// Runs of whitespace count as one space, so re-wrapping a paragraph is not a change.
    pub fn of(parts: &[&str]) -> ContentHash {
        let mut hasher = Sha256::new();
        for part in parts {
            for word in part.split_whitespace() {
                hasher.update(word.as_bytes());
                hasher.update(b" ");
            }
            hasher.update([0u8]);
        }
        let digest = hasher.finalize();
        ContentHash(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Parses 16 lowercase hex digits as written by [`ContentHash`]'s `Display`.
    pub fn parse(text: &str) -> Option<ContentHash> {
        let ok = text.len() == 16
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| ContentHash(text.to_string()))
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a dependent text records about the text it was written or earned against.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// The version then.
    pub version: Version,
    /// The content hash then, when it was recorded (a stamp written by hand may lack it).
    pub hash: Option<ContentHash>,
}

impl Stamp {
    /// A complete stamp.
    pub fn new(version: Version, hash: ContentHash) -> Stamp {
        Stamp {
            version,
            hash: Some(hash),
        }
    }
}

/// A change note in a page's front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeNote {
    /// When the change was made.
    pub date: Date,
    /// One sentence on what changed.
    pub note: String,
    /// Whether the change matters for how people work (it then sets the page's version, is
    /// listed under "Nytt och ändrat" and marks older certificates and local texts as drifted).
    pub significant: bool,
    /// 1-based line in the file.
    pub line: usize,
}

/// How a text moved on since a stamp was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The version that was recorded.
    pub recorded: Version,
    /// The version now.
    pub current: Version,
    /// The significant changes made after the recorded version, oldest first.
    pub changes: Vec<ChangeNote>,
    /// True when the text changed but no change note explains it (the version did not move).
    pub unnoted: bool,
}

impl Drift {
    /// Whether significant change notes after the recorded version explain the drift (not a
    /// new review date alone, nor an edit without a note). Certificates count only these.
    pub fn is_significant(&self) -> bool {
        !self.unnoted && !self.changes.is_empty()
    }

    /// One Swedish sentence on what changed, for warnings and reports.
    pub fn describe(&self) -> String {
        if self.unnoted {
            return format!(
                "texten har ändrats utan ändringsnotering (version {} är oförändrad)",
                self.current
            );
        }
        if self.changes.is_empty() {
            return format!(
                "texten har granskats på nytt: version {} → {}",
                self.recorded, self.current
            );
        }
        let notes: Vec<String> = self
            .changes
            .iter()
            .map(|c| format!("{}: {}", c.date, c.note))
            .collect();
        format!(
            "texten har ändrats sedan version {} ({})",
            self.recorded,
            notes.join("; ")
        )
    }
}

/// Whether the text stamped `current` (with its change `notes`) has moved on since `recorded`.
///
/// - Same hash: nothing changed, whatever the dates say.
/// - A newer version: the significant notes after the recorded version explain it.
/// - Only the hash differs: the text changed without a change note.
///
/// A recorded stamp without a hash is compared by version alone.
pub fn drift(recorded: &Stamp, current: &Stamp, notes: &[ChangeNote]) -> Option<Drift> {
    if let (Some(then), Some(now)) = (&recorded.hash, &current.hash)
        && then == now
    {
        return None;
    }
    if current.version > recorded.version {
        let mut changes: Vec<ChangeNote> = notes
            .iter()
            .filter(|n| n.significant && Version(n.date) > recorded.version)
            .cloned()
            .collect();
        changes.sort_by_key(|n| n.date);
        return Some(Drift {
            recorded: recorded.version,
            current: current.version,
            changes,
            unnoted: false,
        });
    }
    if recorded.hash.is_some() && current.hash.is_some() {
        return Some(Drift {
            recorded: recorded.version,
            current: current.version,
            changes: Vec::new(),
            unnoted: true,
        });
    }
    None
}

/// The version of a text with these change notes and this review date.
pub fn version_of(notes: &[ChangeNote], reviewed: Date) -> Version {
    notes
        .iter()
        .filter(|n| n.significant)
        .map(|n| n.date)
        .max()
        .map_or(Version(reviewed), Version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn note(d: Date, significant: bool) -> ChangeNote {
        ChangeNote {
            date: d,
            note: format!("ändring {d}"),
            significant,
            line: 1,
        }
    }

    #[test]
    fn hashes_are_stable_and_ignore_rewrapping() {
        let a = ContentHash::of(&["Titel", "En rad\noch en till."]);
        let b = ContentHash::of(&["Titel", "En rad och   en till."]);
        assert_eq!(a, b);
        assert_ne!(a, ContentHash::of(&["Titel", "En rad och en annan."]));
        assert_ne!(ContentHash::of(&["ab", "c"]), ContentHash::of(&["a", "bc"]));
        assert_eq!(a.as_str().len(), 16);
        assert_eq!(ContentHash::parse(a.as_str()), Some(a));
        assert_eq!(ContentHash::parse("XYZ"), None);
        // The value itself is fixed: a changed algorithm would invalidate stored stamps.
        assert_eq!(ContentHash::of(&["a"]).as_str(), "0d9cb4c9489d04b3");
    }

    #[test]
    fn version_is_latest_significant_note_or_review_date() {
        let reviewed = date!(2026 - 06 - 01);
        assert_eq!(version_of(&[], reviewed), Version(reviewed));
        let notes = [
            note(date!(2026 - 01 - 10), true),
            note(date!(2026 - 09 - 01), false),
        ];
        assert_eq!(version_of(&notes, reviewed), Version(date!(2026 - 01 - 10)));
        assert_eq!(version_of(&notes[1..], reviewed), Version(reviewed));
    }

    #[test]
    fn drift_cases() {
        let h1 = ContentHash::of(&["ett"]);
        let h2 = ContentHash::of(&["två"]);
        let v1 = Version(date!(2026 - 01 - 01));
        let v2 = Version(date!(2026 - 03 - 01));
        let notes = [
            note(date!(2025 - 12 - 01), true),
            note(date!(2026 - 03 - 01), true),
            note(date!(2026 - 02 - 01), false),
        ];
        // Unchanged text: no drift even if the dates moved.
        assert_eq!(
            drift(
                &Stamp::new(v1, h1.clone()),
                &Stamp::new(v2, h1.clone()),
                &notes
            ),
            None
        );
        // A significant change after the recorded version.
        let d = drift(
            &Stamp::new(v1, h1.clone()),
            &Stamp::new(v2, h2.clone()),
            &notes,
        )
        .expect("drift");
        assert_eq!(d.changes.len(), 1);
        assert!(!d.unnoted);
        assert!(d.is_significant());
        assert!(d.describe().contains("2026-03-01: ändring 2026-03-01"));
        // Changed text, same version: no change note.
        let d = drift(&Stamp::new(v2, h1.clone()), &Stamp::new(v2, h2), &notes).expect("drift");
        assert!(d.unnoted);
        assert!(!d.is_significant());
        // No recorded hash: version alone.
        let by_hand = Stamp {
            version: v1,
            hash: None,
        };
        assert!(drift(&by_hand, &Stamp::new(v2, h1.clone()), &notes).is_some());
        let by_hand = Stamp {
            version: v2,
            hash: None,
        };
        assert_eq!(drift(&by_hand, &Stamp::new(v2, h1), &notes), None);
    }
}
