//! Shared state for handlers.

use super::client::TrustedProxies;
use super::editorial::Editorial;
use super::limits::RateLimiter;
use super::signing::SigningKey;
use super::static_files::StaticSite;
use super::training::Training;
use crate::config::{Limits, PublicUrl};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use vagvisare_model::Language;
use vagvisare_site::Shell;

/// What the security features share: the signing key, the public address, trusted proxies,
/// the configured limits and the per-client rate limiters.
#[derive(Debug)]
pub struct Security {
    /// Signs attempt and result tokens and admin sessions.
    pub key: SigningKey,
    /// The configured public address; `None` accepts any `Host`.
    pub public_url: Option<PublicUrl>,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub proxies: TrustedProxies,
    /// The configured limits.
    pub limits: Limits,
    /// Quiz submissions per client.
    pub submissions: RateLimiter,
    /// Certificate issues per client.
    pub certificates: RateLimiter,
    /// Failed admin sign-ins per client.
    pub admin_failures: RateLimiter,
}

/// The admin lockout window.
pub const ADMIN_LOCKOUT: Duration = Duration::from_secs(15 * 60);

impl Security {
    /// The security state for `key`, `public_url`, trusted `proxies` and `limits`.
    pub fn new(
        key: SigningKey,
        public_url: Option<PublicUrl>,
        proxies: &[String],
        limits: Limits,
    ) -> Security {
        let hour = Duration::from_secs(3600);
        Security {
            key,
            public_url,
            proxies: TrustedProxies::new(proxies),
            submissions: RateLimiter::new(limits.quiz_submissions_per_hour, hour),
            certificates: RateLimiter::new(limits.certificates_per_hour, hour),
            admin_failures: RateLimiter::new(limits.admin_failures_per_address, ADMIN_LOCKOUT),
            limits,
        }
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The built site, in memory.
    pub files: Arc<StaticSite>,
    /// The layout for server-rendered pages.
    pub shell: Arc<Shell>,
    /// The layouts of the languages with pages of their own (cut from `en/404.html` …).
    pub language_shells: Arc<Vec<(Language, Shell)>>,
    /// Training modules and records; `None` serves the site without training (404).
    pub training: Option<Arc<Training>>,
    /// The search index; `None` serves the site without search (404).
    pub search: Option<Arc<vagvisare_search::Index>>,
    /// Signing key, limits and the public address.
    pub security: Arc<Security>,
    /// Error reports, feedback and the owner dashboard; `None` turns them off (404). Needs
    /// `training` for the records and the admin sign-in.
    pub editorial: Option<Arc<Editorial>>,
}

impl AppState {
    /// State for the built site in `site_dir`, already loaded into `files`, with a random
    /// signing key and default limits until [`AppState::with_security`] sets the configured
    /// ones.
    pub fn new(site_dir: &Path, files: Arc<StaticSite>) -> anyhow::Result<AppState> {
        Ok(AppState {
            files,
            shell: Arc::new(Shell::load(site_dir)?),
            language_shells: Arc::new(language_shells(site_dir)?),
            training: None,
            search: None,
            editorial: None,
            security: Arc::new(Security::new(
                SigningKey::random()?,
                None,
                &[],
                Limits::default(),
            )),
        })
    }

    /// The layout for pages in `language` (`None`: Swedish); the Swedish one when the
    /// language has no pages of its own.
    pub fn shell_for(&self, language: Option<Language>) -> &Shell {
        language
            .and_then(|l| self.language_shells.iter().find(|(s, _)| *s == l))
            .map_or(&self.shell, |(_, shell)| shell)
    }

    /// The same state with the configured security settings.
    pub fn with_security(mut self, security: Security) -> AppState {
        self.security = Arc::new(security);
        self
    }

    /// The same state with search switched on.
    pub fn with_search(mut self, index: Arc<vagvisare_search::Index>) -> AppState {
        self.search = Some(index);
        self
    }

    /// The same state with error reports, feedback and the owner dashboard switched on.
    pub fn with_editorial(mut self, editorial: Arc<Editorial>) -> AppState {
        self.editorial = Some(editorial);
        self
    }

    /// The same state with training switched on.
    pub fn with_training(mut self, training: Arc<Training>) -> AppState {
        self.training = Some(training);
        self
    }
}

/// The layout of every language folder in the built site (`en/`, `lattlast/` …).
fn language_shells(site_dir: &Path) -> anyhow::Result<Vec<(Language, Shell)>> {
    let mut shells = Vec::new();
    for entry in std::fs::read_dir(site_dir)? {
        let path = entry?.path();
        let language = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(Language::from_code);
        if let Some(language) = language.filter(|_| path.join("404.html").is_file()) {
            shells.push((language, Shell::load(&path)?));
        }
    }
    shells.sort_by_key(|(l, _)| *l);
    Ok(shells)
}
