//! `vagvisare.toml`: one typed configuration; every key is optional.
//!
//! One file describes either **one municipality** (its name, contacts, data folder, admin token
//! and, for an overlay, `base`: the folder of the national base it builds on), or a **hosting**
//! setup that serves several municipalities from one process: `[[municipalities]]` entries, each
//! with the `host` it answers to and the `overlay` folder that holds that municipality's own
//! `vagvisare.toml`. Relative paths are read from the folder of the file they are written in.

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
    /// Error reports on pages older than this many days are deleted (at start and daily),
    /// whether dealt with or not.
    pub report_retention_days: u16,
    /// Shows "Hittade du det du behövde?" (yes/no, counted per page and month) at the end of
    /// every page. Off by default.
    pub page_feedback: bool,
    /// A file holding the signing key for forms and sessions (same on every replica).
    pub signing_key_file: Option<PathBuf>,
    /// The public address, scheme and host (`https://vagvisaren.kommun.se`): other `Host`
    /// values are refused, and form `Origin`s are compared with it. Unset: any host.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` is believed (addresses or `address/prefix` ranges).
    pub trusted_proxies: Vec<String>,
    /// Connection caps, timeouts and rate limits.
    pub limits: Limits,
    /// The folder of the national base this municipality's overlay builds on. When it is set,
    /// the folder holding this file is the overlay (with `content/`, `blocks/`, `data/` …).
    pub base: Option<PathBuf>,
    /// The municipalities a hosting setup serves, each on its own host name.
    pub municipalities: Vec<HostEntry>,
    /// PostgreSQL for the training records and reports instead of the SQLite file in
    /// `data-dir` (for several replicas): `postgres://user@host:port/database`, without a
    /// password. In a hosting file it applies to every municipality that sets none itself.
    pub database_url: Option<String>,
    /// A file holding the database password (else `VAGVISARE_DATABASE_PASSWORD`, if set).
    pub database_password_file: Option<PathBuf>,
    /// The municipality's schema in that database (default: from the municipality's name,
    /// e.g. `vv_exempelstad`). Two municipalities never share one.
    pub database_schema: Option<String>,
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
    /// Error reports per client address and hour.
    pub reports_per_hour: u32,
    /// Error reports on one page per hour, from everyone.
    pub reports_per_page_per_hour: u32,
    /// Error reports per hour on the whole site, from everyone.
    pub reports_total_per_hour: u32,
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
            reports_per_hour: 20,
            reports_per_page_per_hour: 30,
            reports_total_per_hour: 300,
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
            report_retention_days: vagvisare_quizzes::DEFAULT_REPORT_DAYS,
            page_feedback: false,
            signing_key_file: None,
            public_url: None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            base: None,
            municipalities: Vec::new(),
            database_url: None,
            database_password_file: None,
            database_schema: None,
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
        config.admin_token_file = config.admin_token_file.as_deref().map(resolve);
        config.signing_key_file = config.signing_key_file.as_deref().map(resolve);
        config.database_password_file = config.database_password_file.as_deref().map(resolve);
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
        if let Some(Err(problem)) = config.public_url.as_deref().map(PublicUrl::parse) {
            anyhow::bail!(
                "{}:{}: public-url {problem}",
                path.display(),
                at("public-url")
            );
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
            ("reports-per-hour", u64::from(l.reports_per_hour)),
            (
                "reports-per-page-per-hour",
                u64::from(l.reports_per_page_per_hour),
            ),
            (
                "reports-total-per-hour",
                u64::from(l.reports_total_per_hour),
            ),
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
        if config.report_retention_days == 0 || config.report_retention_days > 3650 {
            anyhow::bail!(
                "{}:{}: report-retention-days ska vara ett antal dagar mellan 1 och 3650",
                path.display(),
                at("report-retention-days")
            );
        }
        if config.is_hosting() {
            for key in [
                "municipality",
                "base",
                "contacts",
                "admin-token",
                "admin-token-file",
                "public-url",
                "data-dir",
                "database-schema",
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
        if let Some(url) = &config.database_url
            && let Err(problem) = check_database_url(url)
        {
            anyhow::bail!(
                "{}:{}: database-url {problem}",
                path.display(),
                at("database-url")
            );
        }
        if config.database_url.is_none() && config.database_password_file.is_some() {
            anyhow::bail!(
                "{}:{}: database-password-file behövs bara med database-url",
                path.display(),
                at("database-password-file")
            );
        }
        if let Some(schema) = &config.database_schema
            && !vagvisare_quizzes::valid_schema(schema)
        {
            anyhow::bail!(
                "{}:{}: database-schema \"{schema}\" går inte att använda: bara små bokstäver a–z, siffror och _ (högst 63 tecken, inte först en siffra)",
                path.display(),
                at("database-schema")
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

/// Why a `database-url` cannot be used, or `Ok`: it must be a `postgres://` URL, and the
/// password belongs in a file or the environment, never in the URL (which is in the
/// configuration and in messages).
fn check_database_url(url: &str) -> Result<(), String> {
    let Some(rest) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    else {
        return Err(
            "ska börja med postgres://, till exempel postgres://vagvisare@db:5432/vagvisare".into(),
        );
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if let Some((user, _)) = authority.rsplit_once('@')
        && user.contains(':')
    {
        return Err("får inte innehålla lösenordet: lägg det i en fil (database-password-file) eller i miljövariabeln VAGVISARE_DATABASE_PASSWORD".into());
    }
    if url.contains("password=") {
        return Err("får inte innehålla lösenordet (password=): lägg det i en fil (database-password-file) eller i miljövariabeln VAGVISARE_DATABASE_PASSWORD".into());
    }
    Ok(())
}

/// The environment variable that may hold the database password.
pub const DATABASE_PASSWORD_ENV: &str = "VAGVISARE_DATABASE_PASSWORD";

/// The default schema for a municipality: `vv_` and its name in lower-case ASCII (å and ä
/// become a, ö becomes o, other characters `_`), at most 63 characters.
pub fn default_schema(municipality: &str) -> String {
    let mut schema = String::from("vv_");
    for c in municipality.trim().to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c if c.is_ascii_lowercase() || c.is_ascii_digit() => c,
            _ => '_',
        };
        if !(c == '_' && schema.ends_with('_')) {
            schema.push(c);
        }
        if schema.len() >= 63 {
            break;
        }
    }
    schema
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

    /// Where the training records are when they are in PostgreSQL (`database-url` here, or
    /// in `hosting`, the file listing the municipalities), with the password read from
    /// `database-password-file` or `VAGVISARE_DATABASE_PASSWORD`; `None` for SQLite.
    pub fn database(
        &self,
        hosting: Option<&Config>,
    ) -> anyhow::Result<Option<vagvisare_quizzes::PgOptions>> {
        let from = if self.database_url.is_some() {
            self
        } else {
            match hosting {
                Some(h) if h.database_url.is_some() => h,
                _ => return Ok(None),
            }
        };
        let Some(url) = from.database_url.clone() else {
            return Ok(None);
        };
        let password = match &from.database_password_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    anyhow::anyhow!(
                        "{}: database-password-file kan inte läsas: {}",
                        path.display(),
                        io_swedish(&e)
                    )
                })?;
                Some(text.trim_end_matches(['\n', '\r']).to_string())
            }
            None => std::env::var(DATABASE_PASSWORD_ENV).ok(),
        };
        Ok(Some(vagvisare_quizzes::PgOptions {
            url,
            password,
            schema: self
                .database_schema
                .clone()
                .unwrap_or_else(|| default_schema(&self.municipality)),
        }))
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
        "max-connections, connections-per-address, header-timeout-seconds, request-timeout-seconds, quiz-submissions-per-hour, certificates-per-hour, admin-failures-per-address, admin-failures-total, reports-per-hour, reports-per-page-per-hour, reports-total-per-hour"
    } else {
        "municipality, neutral-url, contacts, data-dir, admin-token, admin-token-file, signing-key-file, public-url, trusted-proxies, retention-years, report-retention-days, page-feedback, limits, base, municipalities, database-url, database-password-file, database-schema"
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
        assert_eq!(c.report_retention_days, 180);
        assert!(!c.page_feedback, "off by default");
    }

    #[test]
    fn report_retention_and_feedback_are_read_and_checked() {
        let c = Config::parse(
            Path::new("v.toml"),
            "report-retention-days = 30\npage-feedback = true\n",
        )
        .expect("valid");
        assert_eq!(c.report_retention_days, 30);
        assert!(c.page_feedback);
        let e =
            Config::parse(Path::new("v.toml"), "\nreport-retention-days = 0\n").expect_err("zero");
        assert_eq!(
            e.to_string(),
            "v.toml:2: report-retention-days ska vara ett antal dagar mellan 1 och 3650"
        );
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

    #[test]
    fn database_settings_are_checked_with_their_line() {
        let parse = |text: &str| Config::parse(Path::new("v.toml"), text);
        let ok = parse(
            "municipality = \"Åre Östra\"\ndatabase-url = \"postgres://vagvisare@db:5432/vagvisare\"\ndatabase-password-file = \"hemligt\"\n",
        )
        .expect("valid");
        assert_eq!(ok.database_password_file, Some(PathBuf::from("hemligt")));
        for (text, wanted) in [
            (
                "\ndatabase-url = \"postgres://u:pw@db/v\"\n",
                "v.toml:2: database-url får inte innehålla lösenordet",
            ),
            (
                "database-url = \"postgres://u@db/v?password=pw\"\n",
                "v.toml:1: database-url får inte innehålla lösenordet",
            ),
            (
                "database-url = \"mysql://u@db/v\"\n",
                "v.toml:1: database-url ska börja med postgres://",
            ),
            (
                "database-password-file = \"x\"\n",
                "v.toml:1: database-password-file behövs bara med database-url",
            ),
            (
                "database-url = \"postgres://u@db/v\"\ndatabase-schema = \"Stor; drop\"\n",
                "v.toml:2: database-schema \"Stor; drop\" går inte att använda",
            ),
        ] {
            let e = parse(text).expect_err(text).to_string();
            assert!(e.starts_with(wanted), "{e}");
        }
    }

    #[test]
    fn the_default_schema_comes_from_the_municipality_name() {
        assert_eq!(default_schema("Exempelstad"), "vv_exempelstad");
        assert_eq!(default_schema("Åre Östra-Ängby"), "vv_are_ostra_angby");
        assert!(vagvisare_quizzes::valid_schema(&default_schema("Å ö 1")));
        assert!(default_schema(&"x".repeat(200)).len() <= 63);
    }

    #[test]
    fn the_database_password_comes_from_its_file_without_the_newline() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("pw"), "s3cret\n").expect("pw");
        let path = dir.path().join("v.toml");
        let config = Config::parse(
            &path,
            "municipality = \"Nordvik\"\ndatabase-url = \"postgres://v@db/v\"\ndatabase-password-file = \"pw\"\n",
        )
        .expect("valid");
        let options = config.database(None).expect("read").expect("postgres");
        assert_eq!(options.password.as_deref(), Some("s3cret"));
        assert_eq!(options.schema, "vv_nordvik");
        assert_eq!(options.url, "postgres://v@db/v");
        assert!(Config::default().database(None).expect("none").is_none());
    }
}
