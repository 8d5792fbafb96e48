//! The server's signing key and signed, stateless tokens (HMAC-SHA256).
//!
//! A token is `base64url(envelope) "." base64url(mac)`, where the envelope is JSON with a
//! purpose tag, an expiry (Unix seconds) and a typed payload. The MAC covers the encoded
//! envelope, so a token made for one purpose (a quiz attempt) is refused for another (an admin
//! session), and a token signed with another key is refused. Tokens are not encrypted: put
//! nothing secret in a payload.
//!
//! The key comes from `VAGVISARE_SIGNING_KEY`, the file named by `VAGVISARE_SIGNING_KEY_FILE`
//! or by `signing-key-file` in the configuration, in that order, never from the command line.
//! Every replica must use the same key. Without any of them (one machine), a key is generated
//! once and kept in the data folder, readable only by the owner.

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;
use std::fmt;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// The generated key's file name inside the data folder.
pub const GENERATED_KEY_FILE: &str = "signeringsnyckel";
/// The environment variable that holds the key itself.
pub const KEY_ENV: &str = "VAGVISARE_SIGNING_KEY";
/// The environment variable that names a file holding the key.
pub const KEY_FILE_ENV: &str = "VAGVISARE_SIGNING_KEY_FILE";
/// The shortest key accepted, in characters.
pub const MIN_KEY_CHARS: usize = 32;
/// Longer tokens are refused before any decoding.
const MAX_TOKEN_CHARS: usize = 2048;

/// What a token is for; part of what is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A quiz form: module, version, seed and nonce.
    Attempt,
    /// A passed result waiting for a name.
    Result,
    /// An admin session cookie.
    AdminSession,
}

impl Purpose {
    fn tag(self) -> &'static str {
        match self {
            Purpose::Attempt => "forsok",
            Purpose::Result => "resultat",
            Purpose::AdminSession => "admin",
        }
    }
}

/// Why a token was refused. Never shown in detail to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token of ours at all.
    #[error("token har fel form")]
    Malformed,
    /// The signature does not match (changed, or signed with another key).
    #[error("token har fel signatur")]
    BadSignature,
    /// Signed for another purpose.
    #[error("token är till för något annat")]
    WrongPurpose,
    /// Past its expiry.
    #[error("token har gått ut")]
    Expired,
}

/// Where the key came from, for the start-up log (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `VAGVISARE_SIGNING_KEY`.
    Environment,
    /// A file named by `VAGVISARE_SIGNING_KEY_FILE` or `signing-key-file`.
    File(PathBuf),
    /// Generated (now or earlier) in the data folder.
    Generated(PathBuf),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Environment => write!(f, "miljövariabeln {KEY_ENV}"),
            KeySource::File(p) => write!(f, "filen {}", p.display()),
            KeySource::Generated(p) => write!(f, "den genererade filen {}", p.display()),
        }
    }
}

/// The HMAC key. Its `Debug` output hides the key.
#[derive(Clone)]
pub struct SigningKey {
    key: Vec<u8>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

#[derive(Serialize, serde::Deserialize)]
struct Envelope<T> {
    p: String,
    e: i64,
    d: T,
}

type HmacSha256 = Hmac<Sha256>;

impl SigningKey {
    /// A key from secret text; refused when shorter than [`MIN_KEY_CHARS`] or guessable.
    pub fn from_text(text: &str) -> Result<SigningKey, String> {
        let text = text.trim();
        if let Some(problem) = crate::config::weak_secret(text, MIN_KEY_CHARS) {
            return Err(format!("signeringsnyckeln {problem}"));
        }
        Ok(SigningKey {
            key: text.as_bytes().to_vec(),
        })
    }

    /// A fresh random key (tests, and the generated key file).
    pub fn random() -> anyhow::Result<SigningKey> {
        Ok(SigningKey {
            key: random_hex()?.into_bytes(),
        })
    }

    /// Finds the key: the environment, then `configured` (`signing-key-file`), then a key
    /// generated once in `data_dir`.
    pub fn load(
        configured: Option<&Path>,
        data_dir: &Path,
    ) -> anyhow::Result<(SigningKey, KeySource)> {
        if let Ok(text) = std::env::var(KEY_ENV) {
            let key =
                SigningKey::from_text(&text).map_err(|e| anyhow::anyhow!("{KEY_ENV}: {e}"))?;
            return Ok((key, KeySource::Environment));
        }
        let file = std::env::var_os(KEY_FILE_ENV)
            .map(PathBuf::from)
            .or_else(|| configured.map(Path::to_path_buf));
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                anyhow::anyhow!(
                    "{}: signeringsnyckeln kan inte läsas: {}",
                    path.display(),
                    crate::config::io_swedish(&e)
                )
            })?;
            let key = SigningKey::from_text(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            return Ok((key, KeySource::File(path)));
        }
        let path = data_dir.join(GENERATED_KEY_FILE);
        let key = generated(&path)?;
        Ok((key, KeySource::Generated(path)))
    }

    /// A key for one site of a multi-municipality process (`site` is its host name; a single
    /// site uses `""`): HMAC of the site with this key, so tokens of one municipality are
    /// refused by another while one secret is configured.
    pub fn for_site(&self, site: &str) -> SigningKey {
        let mut m = self.hmac();
        m.update(b"vagvisare-webbplats:");
        m.update(site.as_bytes());
        SigningKey {
            key: m.finalize().into_bytes().to_vec(),
        }
    }

    /// Signs `payload` for `purpose`, valid until `expires`.
    pub fn sign<T: Serialize>(
        &self,
        purpose: Purpose,
        payload: &T,
        expires: OffsetDateTime,
    ) -> String {
        let envelope = Envelope {
            p: purpose.tag().to_string(),
            e: expires.unix_timestamp(),
            d: payload,
        };
        // Serialising plain structs of strings and numbers cannot fail.
        let json = serde_json::to_vec(&envelope).unwrap_or_default();
        let body = URL_SAFE_NO_PAD.encode(json);
        let mac = URL_SAFE_NO_PAD.encode(self.mac(body.as_bytes()));
        format!("{body}.{mac}")
    }

    /// The payload of a token signed with this key for `purpose` and not expired at `now`.
    pub fn verify<T: DeserializeOwned>(
        &self,
        purpose: Purpose,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<T, TokenError> {
        if token.len() > MAX_TOKEN_CHARS {
            return Err(TokenError::Malformed);
        }
        let (body, mac) = token.split_once('.').ok_or(TokenError::Malformed)?;
        let mac = URL_SAFE_NO_PAD
            .decode(mac)
            .map_err(|_| TokenError::Malformed)?;
        let mut check = self.hmac();
        check.update(body.as_bytes());
        check
            .verify_slice(&mac)
            .map_err(|_| TokenError::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| TokenError::Malformed)?;
        let envelope: Envelope<serde_json::Value> =
            serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if envelope.p != purpose.tag() {
            return Err(TokenError::WrongPurpose);
        }
        if envelope.e < now.unix_timestamp() {
            return Err(TokenError::Expired);
        }
        serde_json::from_value(envelope.d).map_err(|_| TokenError::Malformed)
    }

    fn hmac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length.
        HmacSha256::new_from_slice(&self.key).expect("HMAC takes keys of any length")
    }

    fn mac(&self, data: &[u8]) -> Vec<u8> {
        let mut m = self.hmac();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
}

/// 32 random bytes from the OS as 64 hex characters.
fn random_hex() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("slumptalsgeneratorn svarade inte: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Reads the generated key at `path`, creating it (mode 0600) the first time.
fn generated(path: &Path) -> anyhow::Result<SigningKey> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "{}: datamappen kan inte skapas: {}",
                dir.display(),
                crate::config::io_swedish(&e)
            )
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            use std::io::Write;
            let text = random_hex()?;
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}: signeringsnyckeln kan inte sparas: {}",
                        path.display(),
                        crate::config::io_swedish(&e)
                    )
                })?;
            tracing::info!("en ny signeringsnyckel har skapats i {}", path.display());
            Ok(SigningKey {
                key: text.into_bytes(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: signeringsnyckeln kan inte läsas", path.display()))?;
            SigningKey::from_text(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
        }
        Err(e) => Err(anyhow::anyhow!(
            "{}: signeringsnyckeln kan inte skapas: {}",
            path.display(),
            crate::config::io_swedish(&e)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Payload {
        module: String,
        n: u64,
    }

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-12-01 10:00 UTC)
    }

    fn payload() -> Payload {
        Payload {
            module: "grundkurs".into(),
            n: u64::MAX,
        }
    }

    #[test]
    fn round_trip_until_expiry() {
        let key = SigningKey::random().expect("key");
        let token = key.sign(Purpose::Attempt, &payload(), now() + Duration::hours(1));
        assert_eq!(
            key.verify::<Payload>(Purpose::Attempt, &token, now()),
            Ok(payload())
        );
        assert_eq!(
            key.verify::<Payload>(Purpose::Attempt, &token, now() + Duration::hours(2)),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn other_key_purpose_or_changes_are_refused() {
        let key = SigningKey::random().expect("key");
        let other = SigningKey::random().expect("key");
        let token = key.sign(Purpose::Attempt, &payload(), now() + Duration::hours(1));
        assert_eq!(
            other.verify::<Payload>(Purpose::Attempt, &token, now()),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            key.verify::<Payload>(Purpose::Result, &token, now()),
            Err(TokenError::WrongPurpose)
        );
        let (body, mac) = token.split_once('.').expect("dot");
        let mut forged = body.as_bytes().to_vec();
        forged[3] ^= 1;
        let forged = format!("{}.{mac}", String::from_utf8_lossy(&forged));
        assert_eq!(
            key.verify::<Payload>(Purpose::Attempt, &forged, now()),
            Err(TokenError::BadSignature)
        );
        for junk in ["", ".", "abc", "a.b", &"x".repeat(5000)] {
            assert!(
                key.verify::<Payload>(Purpose::Attempt, junk, now())
                    .is_err()
            );
        }
    }

    #[test]
    fn sites_get_their_own_keys() {
        let key = SigningKey::random().expect("key");
        let a = key.for_site("a.kommun.se");
        let token = a.sign(Purpose::Attempt, &payload(), now() + Duration::hours(1));
        assert!(a.verify::<Payload>(Purpose::Attempt, &token, now()).is_ok());
        assert!(
            key.for_site("a.kommun.se")
                .verify::<Payload>(Purpose::Attempt, &token, now())
                .is_ok()
        );
        assert_eq!(
            key.for_site("b.kommun.se")
                .verify::<Payload>(Purpose::Attempt, &token, now()),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn weak_keys_are_refused() {
        assert!(SigningKey::from_text("kort").is_err());
        assert!(SigningKey::from_text(&"a".repeat(64)).is_err());
        assert!(SigningKey::from_text(&" ".repeat(64)).is_err());
        assert!(SigningKey::from_text("9f2c1e7ab04d4d2c8e51f0a3b6c7d8e9f0a1b2c3").is_ok());
    }

    #[test]
    fn generated_key_is_kept_private_and_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data").join(GENERATED_KEY_FILE);
        let a = generated(&path).expect("create");
        let b = generated(&path).expect("reuse");
        assert_eq!(a.key, b.key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
