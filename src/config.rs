//! `vagvisare.toml`: one typed configuration; every key is optional.

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
    /// A file holding the admin token (instead of `admin-token`).
    pub admin_token_file: Option<PathBuf>,
    /// A file holding the signing key for forms and sessions (same on every replica).
    pub signing_key_file: Option<PathBuf>,
    /// The public address, scheme and host (`https://vagvisaren.kommun.se`): other `Host`
    /// values are refused, and form `Origin`s are compared with it. Unset: any host.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` is believed (addresses or `address/prefix` ranges).
    pub trusted_proxies: Vec<String>,
    /// Connection caps, timeouts and rate limits.
    pub limits: Limits,
}

/// `[limits]`: generous defaults, so that a municipal office behind one address and a class
/// of 30 taking the same quiz at once pass. Rate limits are counted per server process.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    /// Open connections in all (lowered to fit the process's open-file limit).
    pub max_connections: usize,
    /// Open connections from one client address.
    pub connections_per_address: usize,
    /// Seconds a client has to send a request's headers; also how long an idle keep-alive
    /// connection stays open.
    pub header_timeout_seconds: u64,
    /// Seconds a request may take in all, body included.
    pub request_timeout_seconds: u64,
    /// Quiz submissions per client address and hour.
    pub quiz_submissions_per_hour: u32,
    /// Certificates issued per client address and hour.
    pub certificates_per_hour: u32,
    /// Failed admin sign-ins per client address before a 15-minute lockout.
    pub admin_failures_per_address: u32,
    /// Failed admin sign-ins from everyone before a 15-minute lockout of sign-in.
    pub admin_failures_total: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 8192,
            connections_per_address: 256,
            header_timeout_seconds: 10,
            request_timeout_seconds: 30,
            quiz_submissions_per_hour: 300,
            certificates_per_hour: 120,
            admin_failures_per_address: 10,
            admin_failures_total: 100,
        }
    }
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
            admin_token_file: None,
            signing_key_file: None,
            public_url: None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
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
        let text = std::fs::read_to_string(&path).map_err(|e| {
            anyhow::anyhow!(
                "{}: kan inte läsa konfigurationen: {}",
                path.display(),
                io_swedish(&e)
            )
        })?;
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
        if let Some(problem) = config
            .admin_token
            .as_deref()
            .and_then(|t| weak_secret(t, MIN_ADMIN_TOKEN_CHARS))
        {
            anyhow::bail!(
                "{}:{}: admin-token {problem}",
                path.display(),
                at("admin-token")
            );
        }
        if config.admin_token.is_some() && config.admin_token_file.is_some() {
            anyhow::bail!(
                "{}:{}: ange antingen admin-token eller admin-token-file, inte båda",
                path.display(),
                at("admin-token-file")
            );
        }
        if let Some(url) = &config.public_url {
            if let Err(problem) = PublicUrl::parse(url) {
                anyhow::bail!(
                    "{}:{}: public-url {problem}",
                    path.display(),
                    at("public-url")
                );
            }
        }
        for proxy in &config.trusted_proxies {
            if crate::server::IpRange::parse(proxy).is_none() {
                anyhow::bail!(
                    "{}:{}: trusted-proxies: \"{proxy}\" är inte en IP-adress eller ett adressintervall (till exempel 10.0.0.0/8)",
                    path.display(),
                    at("trusted-proxies")
                );
            }
        }
        let l = &config.limits;
        let numbers = [
            ("max-connections", l.max_connections as u64),
            ("connections-per-address", l.connections_per_address as u64),
            ("header-timeout-seconds", l.header_timeout_seconds),
            ("request-timeout-seconds", l.request_timeout_seconds),
            (
                "quiz-submissions-per-hour",
                u64::from(l.quiz_submissions_per_hour),
            ),
            ("certificates-per-hour", u64::from(l.certificates_per_hour)),
            (
                "admin-failures-per-address",
                u64::from(l.admin_failures_per_address),
            ),
            ("admin-failures-total", u64::from(l.admin_failures_total)),
        ];
        for (key, value) in numbers {
            if value == 0 {
                anyhow::bail!(
                    "{}:{}: {key} måste vara större än 0",
                    path.display(),
                    at(key)
                );
            }
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

/// The shortest admin token accepted.
pub const MIN_ADMIN_TOKEN_CHARS: usize = 32;

/// Why a secret (admin token, signing key) is too weak, or `None`: shorter than `min`
/// characters, containing spaces or control characters, or with fewer than 8 different
/// characters ("aaaa…", "abababab…").
pub fn weak_secret(secret: &str, min: usize) -> Option<String> {
    if secret.chars().count() < min {
        return Some(format!("måste ha minst {min} tecken"));
    }
    if secret.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("får inte innehålla mellanslag eller radbrytningar".into());
    }
    let distinct: std::collections::HashSet<char> = secret.chars().collect();
    if distinct.len() < 8 {
        return Some(
            "är för lätt att gissa: använd en slumpad nyckel (till exempel openssl rand -hex 32)"
                .into(),
        );
    }
    None
}

/// An I/O error in Swedish, without the operating system's English text where we know it.
pub fn io_swedish(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "filen eller mappen finns inte".into(),
        ErrorKind::PermissionDenied => "åtkomst nekad (kontrollera rättigheterna)".into(),
        ErrorKind::AlreadyExists => "det finns redan en fil med det namnet".into(),
        ErrorKind::NotADirectory => "en del av sökvägen är en fil, inte en mapp".into(),
        ErrorKind::IsADirectory => "är en mapp, inte en fil".into(),
        ErrorKind::ReadOnlyFilesystem => "filsystemet är skrivskyddat".into(),
        ErrorKind::StorageFull => "disken är full".into(),
        ErrorKind::InvalidData => "filen är inte giltig UTF-8-text".into(),
        _ => e.to_string(),
    }
}

/// The configured public address: scheme and authority, e.g. `https://vagvisaren.kommun.se`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    /// `http` or `https`.
    pub scheme: String,
    /// `host[:port]`, lowercase.
    pub authority: String,
}

impl PublicUrl {
    /// Parses `http(s)://host[:port][/]`; anything else is a Swedish problem text.
    pub fn parse(url: &str) -> Result<PublicUrl, String> {
        let (scheme, rest) = if let Some(r) = url.strip_prefix("https://") {
            ("https", r)
        } else if let Some(r) = url.strip_prefix("http://") {
            ("http", r)
        } else {
            return Err("måste börja med https:// (eller http://)".into());
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        let valid = !authority.is_empty()
            && authority
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !valid {
            return Err(
                "ska bara ha schema och värd, till exempel https://vagvisaren.kommun.se".into(),
            );
        }
        Ok(PublicUrl {
            scheme: scheme.into(),
            authority: authority.to_ascii_lowercase(),
        })
    }

    /// `scheme://authority`, as browsers send it in `Origin`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// Whether the site is served over https.
    pub fn is_https(&self) -> bool {
        self.scheme == "https"
    }
}

impl Config {
    /// The public address, when configured (validated by [`Config::parse`]).
    pub fn public_url(&self) -> Option<PublicUrl> {
        self.public_url
            .as_deref()
            .and_then(|u| PublicUrl::parse(u).ok())
    }

    /// The admin token from `admin-token` or `admin-token-file` (checked like the former).
    pub fn admin_token(&self) -> anyhow::Result<Option<String>> {
        let Some(path) = &self.admin_token_file else {
            return Ok(self.admin_token.clone());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow::anyhow!(
                "{}: admin-token-file kan inte läsas: {}",
                path.display(),
                io_swedish(&e)
            )
        })?;
        let token = text.trim().to_string();
        if let Some(problem) = weak_secret(&token, MIN_ADMIN_TOKEN_CHARS) {
            anyhow::bail!("{}: administratörsnyckeln {problem}", path.display());
        }
        Ok(Some(token))
    }
}

/// The keys allowed where an unknown one was found (the top level or `[limits]`).
fn allowed(message: &str) -> &'static str {
    if message.contains("max-connections") {
        "max-connections, connections-per-address, header-timeout-seconds, request-timeout-seconds, quiz-submissions-per-hour, certificates-per-hour, admin-failures-per-address, admin-failures-total"
    } else {
        "municipality, neutral-url, contacts, data-dir, admin-token, admin-token-file, signing-key-file, public-url, trusted-proxies, retention-years, limits"
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
            "okänd inställning \"{quoted}\" (tillåtna: {})",
            allowed(message)
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
