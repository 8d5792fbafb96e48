//! `vagvisare.toml`: one typed configuration; every key is optional.
//!
//! One file describes either **one municipality** (its name, contacts, data folder, admin token
//! and, for an overlay, `base`: the folder of the national base it builds on), or a **hosting**
//! setup that serves several municipalities from one process: `[[municipalities]]` entries, each
//! with the `host` it answers to and the `overlay` folder that holds that municipality's own
//! `vagvisare.toml`. Relative paths are read from the folder of the file they are written in.

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
    /// The folder of the national base this municipality's overlay builds on. When it is set,
    /// the folder holding this file is the overlay (with `content/`, `blocks/`, `data/` …).
    pub base: Option<PathBuf>,
    /// The municipalities a hosting setup serves, each on its own host name.
    pub municipalities: Vec<HostEntry>,
}

/// One municipality in a hosting setup.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostEntry {
    /// The host name it answers to, e.g. `exempelstad.localhost` (no scheme, no port).
    pub host: String,
    /// The overlay folder with the municipality's own `vagvisare.toml`.
    pub overlay: PathBuf,
    /// 1-based line of the entry (set after parsing, for messages).
    #[serde(skip)]
    pub line: usize,
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
            base: None,
            municipalities: Vec::new(),
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

    /// Parses and validates configuration text; errors are `path:line: message`. Relative
    /// paths (`data-dir`, `base`, each `overlay`) are resolved against the file's folder.
    pub fn parse(path: &Path, text: &str) -> anyhow::Result<Config> {
        let mut config = Config::parse_text(path, text)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            }
        };
        if text.lines().any(|l| l.trim_start().starts_with("data-dir")) {
            config.data_dir = resolve(&config.data_dir);
        } else if !dir.as_os_str().is_empty() {
            config.data_dir = dir.join(&config.data_dir);
        }
        config.base = config.base.as_deref().map(resolve);
        let entry_lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[municipalities]]")
            .map(|(i, _)| i + 1)
            .collect();
        for (i, entry) in config.municipalities.iter_mut().enumerate() {
            entry.overlay = resolve(&entry.overlay);
            entry.line = entry_lines.get(i).copied().unwrap_or(1);
        }
        Ok(config)
    }

    /// True when the file lists several municipalities to serve.
    pub fn is_hosting(&self) -> bool {
        !self.municipalities.is_empty()
    }

    fn parse_text(path: &Path, text: &str) -> anyhow::Result<Config> {
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
        if config.is_hosting() {
            for key in [
                "municipality",
                "base",
                "contacts",
                "admin-token",
                "data-dir",
            ] {
                let line = text
                    .lines()
                    .position(|l| {
                        let t = l.trim_start();
                        t.starts_with(key) || (key == "contacts" && t.starts_with("[[contacts]]"))
                    })
                    .map(|i| i + 1);
                if let Some(line) = line {
                    anyhow::bail!(
                        "{}:{line}: \"{key}\" hör hemma i varje kommuns egen vagvisare.toml, inte i filen som listar kommunerna",
                        path.display()
                    );
                }
            }
            let mut seen: Vec<(String, usize)> = Vec::new();
            let lines: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim() == "[[municipalities]]")
                .map(|(i, _)| i + 1)
                .collect();
            for (i, entry) in config.municipalities.iter().enumerate() {
                let line = lines.get(i).copied().unwrap_or(1);
                let host = entry.host.trim();
                let valid = !host.is_empty()
                    && host.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                    });
                if !valid {
                    anyhow::bail!(
                        "{}:{line}: host \"{}\" ska vara ett värdnamn med små bokstäver, som exempelstad.example.se (utan https:// och port)",
                        path.display(),
                        entry.host
                    );
                }
                if let Some((_, first)) = seen.iter().find(|(h, _)| h == host) {
                    anyhow::bail!(
                        "{}:{line}: host \"{host}\" finns redan på rad {first}: varje kommun behöver ett eget värdnamn",
                        path.display()
                    );
                }
                seen.push((host.to_string(), line));
            }
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
            "okänd inställning \"{quoted}\" (tillåtna: municipality, neutral-url, contacts, data-dir, admin-token, retention-years, base, municipalities)"
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
    fn relative_paths_are_read_from_the_files_folder() {
        let c = Config::parse(
            Path::new("kommuner/ort/vagvisare.toml"),
            "base = \"../..\"\ndata-dir = \"var\"\n",
        )
        .expect("valid");
        assert_eq!(c.base, Some(PathBuf::from("kommuner/ort/../..")));
        assert_eq!(c.data_dir, PathBuf::from("kommuner/ort/var"));
        let c = Config::parse(Path::new("kommuner/ort/vagvisare.toml"), "").expect("valid");
        assert_eq!(c.data_dir, PathBuf::from("kommuner/ort/var"));
    }

    #[test]
    fn hosting_files_list_municipalities_with_unique_hosts() {
        let text = "[[municipalities]]\nhost = \"a.localhost\"\noverlay = \"a\"\n\n[[municipalities]]\nhost = \"b.localhost\"\noverlay = \"/srv/b\"\n";
        let c = Config::parse(Path::new("ex/kommuner.toml"), text).expect("valid");
        assert!(c.is_hosting());
        assert_eq!(c.municipalities[0].overlay, PathBuf::from("ex/a"));
        assert_eq!(c.municipalities[1].overlay, PathBuf::from("/srv/b"));
        assert_eq!(c.municipalities[1].line, 5);
        let dup = text.replace("b.localhost", "a.localhost");
        let e = Config::parse(Path::new("k.toml"), &dup).expect_err("duplicate");
        assert_eq!(
            e.to_string(),
            "k.toml:5: host \"a.localhost\" finns redan på rad 1: varje kommun behöver ett eget värdnamn"
        );
        let e = Config::parse(
            Path::new("k.toml"),
            &format!("municipality = \"X\"\n{text}"),
        )
        .expect_err("municipality key");
        assert!(
            e.to_string()
                .starts_with("k.toml:1: \"municipality\" hör hemma"),
            "{e}"
        );
        let e = Config::parse(
            Path::new("k.toml"),
            &text.replace("a.localhost", "https://A"),
        )
        .expect_err("bad host");
        assert!(e.to_string().contains("ska vara ett värdnamn"), "{e}");
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
