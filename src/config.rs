//! `vagvisare.toml`: one typed configuration; every key is optional.

use anyhow::Context;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use vagvisare_site::Contact;

/// The configuration file's default name, read from the current folder if it exists.
pub const DEFAULT_FILE: &str = "vagvisare.toml";

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The municipality's name.
    pub municipality: String,
    /// Where the quick exit sends the reader.
    pub neutral_url: String,
    /// Local contacts shown on "Här får du hjälp" (none by default: never invented).
    pub contacts: Vec<Contact>,
    /// Where the built site and the database live.
    pub data_dir: PathBuf,
    /// The token for /admin/; the admin pages are off when it is not set.
    pub admin_token: Option<String>,
    /// Training certificates older than this many years are deleted (at start and daily).
    pub retention_years: u16,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            municipality: "kommunen".into(),
            neutral_url: "https://www.smhi.se/".into(),
            contacts: Vec::new(),
            data_dir: PathBuf::from("var"),
            admin_token: None,
            retention_years: 3,
        }
    }
}

impl Config {
    /// Loads the file given with `--config`, or `vagvisare.toml` if it exists, or defaults.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_FILE).exists() => PathBuf::from(DEFAULT_FILE),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: kan inte läsa konfigurationen", path.display()))?;
        Config::parse(&path, &text)
    }

    /// Parses and validates configuration text; errors are `path:line: message`.
    pub fn parse(path: &Path, text: &str) -> anyhow::Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            anyhow::anyhow!("{}:{line}: {}", path.display(), swedish(e.message()))
        })?;
        let at = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(1, |i| i + 1)
        };
        if !config.neutral_url.starts_with("https://") && !config.neutral_url.starts_with("http://")
        {
            anyhow::bail!(
                "{}:{}: neutral-url måste vara en webbadress (https://…)",
                path.display(),
                at("neutral-url")
            );
        }
        if config.municipality.trim().is_empty() {
            anyhow::bail!(
                "{}:{}: municipality får inte vara tomt",
                path.display(),
                at("municipality")
            );
        }
        if config.admin_token.as_deref().is_some_and(|t| t.len() < 16) {
            anyhow::bail!(
                "{}:{}: admin-token måste ha minst 16 tecken",
                path.display(),
                at("admin-token")
            );
        }
        if config.retention_years == 0 || config.retention_years > 100 {
            anyhow::bail!(
                "{}:{}: retention-years ska vara ett antal år mellan 1 och 100",
                path.display(),
                at("retention-years")
            );
        }
        for contact in &config.contacts {
            if contact
                .url
                .as_deref()
                .is_some_and(|u| !u.starts_with("https://"))
            {
                anyhow::bail!(
                    "{}:{}: kontaktens url måste börja med https://",
                    path.display(),
                    at("url")
                );
            }
        }
        Ok(config)
    }
}

fn swedish(message: &str) -> String {
    let quoted = message
        .split('`')
        .nth(1)
        .map(str::to_string)
        .unwrap_or_default();
    if message.starts_with("unknown field") {
        format!(
            "okänd inställning \"{quoted}\" (tillåtna: municipality, neutral-url, contacts, data-dir, admin-token, retention-years)"
        )
    } else if message.starts_with("invalid type") {
        format!("fel typ av värde ({})", message.trim())
    } else {
        format!("ogiltig TOML: {}", message.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = Config::parse(Path::new("v.toml"), "").expect("valid");
        assert_eq!(c.municipality, "kommunen");
        assert!(c.admin_token.is_none());
        assert_eq!(c.retention_years, 3);
    }

    #[test]
    fn retention_years_is_checked() {
        let c = Config::parse(Path::new("v.toml"), "retention-years = 5\n").expect("valid");
        assert_eq!(c.retention_years, 5);
        let e = Config::parse(
            Path::new("v.toml"),
            "municipality = \"Ort\"\nretention-years = 0\n",
        )
        .expect_err("zero");
        assert_eq!(
            e.to_string(),
            "v.toml:2: retention-years ska vara ett antal år mellan 1 och 100"
        );
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let e = Config::parse(Path::new("v.toml"), "municipality = \"Ort\"\nkomun = 1\n")
            .expect_err("unknown");
        assert!(
            e.to_string()
                .starts_with("v.toml:2: okänd inställning \"komun\""),
            "{e}"
        );
    }

    #[test]
    fn contacts_and_validation() {
        let text = "neutral-url = \"https://example.org/\"\n[[contacts]]\nname = \"Socialjouren\"\nphone = \"010-000 00 00\"\n";
        let c = Config::parse(Path::new("v.toml"), text).expect("valid");
        assert_eq!(c.contacts.len(), 1);
        let e = Config::parse(Path::new("v.toml"), "admin-token = \"kort\"\n").expect_err("short");
        assert!(e.to_string().starts_with("v.toml:1: admin-token"), "{e}");
        let e = Config::parse(Path::new("v.toml"), "neutral-url = \"javascript:x\"\n")
            .expect_err("url");
        assert!(e.to_string().contains("neutral-url"), "{e}");
    }
}
