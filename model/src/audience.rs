//! Who a page is written for.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The audiences of the site. Each has an entry page and a readability limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Social services staff.
    Personal,
    /// New employees.
    Nyanstalld,
    /// Landlords and housing companies.
    Hyresvard,
    /// School and preschool staff.
    Skola,
    /// The public, including people who need help.
    Allman,
}

impl Audience {
    /// All audiences in display order.
    pub const ALL: [Audience; 5] = [
        Audience::Allman,
        Audience::Personal,
        Audience::Nyanstalld,
        Audience::Hyresvard,
        Audience::Skola,
    ];

    /// The key used in front matter and URLs.
    pub fn key(self) -> &'static str {
        match self {
            Audience::Personal => "personal",
            Audience::Nyanstalld => "nyanstalld",
            Audience::Hyresvard => "hyresvard",
            Audience::Skola => "skola",
            Audience::Allman => "allman",
        }
    }

    /// A short Swedish label for badges and filters.
    pub fn label(self) -> &'static str {
        match self {
            Audience::Personal => "Socialtjänsten",
            Audience::Nyanstalld => "Ny medarbetare",
            Audience::Hyresvard => "Hyresvärd",
            Audience::Skola => "Skola",
            Audience::Allman => "Dig som behöver hjälp",
        }
    }

    /// The content path of the audience's entry page.
    pub fn entry_page(self) -> &'static str {
        match self {
            Audience::Personal => "personal/index.md",
            Audience::Nyanstalld => "ny/index.md",
            Audience::Hyresvard => "hyresvard/index.md",
            Audience::Skola => "skola/index.md",
            Audience::Allman => "hjalp/index.md",
        }
    }

    /// The highest LIX a page for this audience may have. Plain Swedish for the public,
    /// landlords and schools; a little more room for professional staff texts.
    pub fn lix_limit(self) -> f64 {
        match self {
            Audience::Hyresvard | Audience::Skola | Audience::Allman => 40.0,
            Audience::Personal | Audience::Nyanstalld => 50.0,
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Audience {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Audience::ALL
            .into_iter()
            .find(|a| a.key() == s)
            .ok_or_else(|| format!("okänd målgrupp \"{s}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key_and_rejects_others() {
        for a in Audience::ALL {
            assert_eq!(a.key().parse::<Audience>(), Ok(a));
        }
        assert!("alla".parse::<Audience>().is_err());
    }
}
