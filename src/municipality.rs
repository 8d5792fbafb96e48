//! Which municipalities a command works on, and where each one's content, settings and data are.
//!
//! - No configuration, or a file without `base`: one site made of the national base in
//!   `--root` (the bundled content on a fresh clone).
//! - A municipality's `vagvisare.toml` with `base = "…"`: the file's folder is the overlay and
//!   `base` the national base it builds on.
//! - A hosting file with `[[municipalities]]`: every listed overlay, each answering on its host.

use crate::config::Config;
use anyhow::Context;
use std::path::{Path, PathBuf};
use vagvisare_model::Layers;

/// One municipality as the commands see it.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// Its settings (paths already resolved).
    pub config: Config,
    /// The content layers: the national base and the overlay, if any.
    pub layers: Layers,
    /// The host name it answers to in a hosting setup; `None` for a single site.
    pub host: Option<String>,
}

impl Municipality {
    /// A short name for messages and logs: the host, or the municipality's name.
    pub fn label(&self) -> &str {
        self.host.as_deref().unwrap_or(&self.config.municipality)
    }
}

/// Everything a command needs to know: the municipalities and the top-level settings (which in
/// a hosting setup hold the settings shared by all of them).
#[derive(Debug, Clone)]
pub struct Setup {
    /// The top-level configuration.
    pub config: Config,
    /// The municipalities, in the order they are listed.
    pub municipalities: Vec<Municipality>,
}

impl Setup {
    /// Reads the configuration (`--config`, or `vagvisare.toml` if present) and the
    /// municipalities' own files. `root` is the national base when no file names one.
    pub fn load(root: &Path, config_file: Option<&Path>) -> anyhow::Result<Setup> {
        let file = match config_file {
            Some(p) => Some(p.to_path_buf()),
            None if Path::new(crate::config::DEFAULT_FILE).exists() => {
                Some(PathBuf::from(crate::config::DEFAULT_FILE))
            }
            None => None,
        };
        let config = Config::load(file.as_deref())?;
        let root = crate::cmd::project_root(root).to_path_buf();
        if !config.is_hosting() {
            let municipality = single(&config, file.as_deref(), &root);
            return Ok(Setup {
                config,
                municipalities: vec![municipality],
            });
        }
        let mut municipalities = Vec::new();
        for entry in &config.municipalities {
            let own = entry.overlay.join(crate::config::DEFAULT_FILE);
            if !own.is_file() {
                anyhow::bail!(
                    "{}:{}: {} finns inte: varje kommuns overlay-mapp behöver en egen vagvisare.toml",
                    file.as_deref().unwrap_or(Path::new("")).display(),
                    entry.line,
                    own.display()
                );
            }
            let own_config = Config::load(Some(&own))?;
            if own_config.is_hosting() {
                anyhow::bail!(
                    "{}:1: en kommuns vagvisare.toml kan inte själv lista kommuner",
                    own.display()
                );
            }
            let mut m = single(&own_config, Some(&own), &root);
            m.host = Some(entry.host.clone());
            // The hosting file's database serves every municipality that names none itself,
            // each in its own schema.
            if m.config.database_url.is_none() {
                m.config.database_url.clone_from(&config.database_url);
                m.config
                    .database_password_file
                    .clone_from(&config.database_password_file);
            }
            municipalities.push(m);
        }
        check_data_dirs(&municipalities)?;
        check_schemas(&municipalities)?;
        Ok(Setup {
            config,
            municipalities,
        })
    }
}

/// One municipality from its own settings file (or the defaults).
fn single(config: &Config, file: Option<&Path>, root: &Path) -> Municipality {
    let layers = match (&config.base, file) {
        (Some(base), Some(file)) => {
            let overlay = file.parent().unwrap_or(Path::new(""));
            Layers::with_overlay(tidy(base), tidy(overlay), &config.municipality)
        }
        _ => Layers::national(root.to_path_buf()),
    };
    Municipality {
        config: config.clone(),
        layers,
        host: None,
    }
}

/// Removes `.` parts and folds `a/..` so messages show short paths (without touching the disk).
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if out
                    .components()
                    .next_back()
                    .is_some_and(|c| matches!(c, std::path::Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Two municipalities must never share a PostgreSQL schema: their records must stay apart.
fn check_schemas(municipalities: &[Municipality]) -> anyhow::Result<()> {
    let place = |m: &Municipality| {
        m.config.database_url.clone().map(|url| {
            let schema = m
                .config
                .database_schema
                .clone()
                .unwrap_or_else(|| crate::config::default_schema(&m.config.municipality));
            (url, schema)
        })
    };
    for (i, a) in municipalities.iter().enumerate() {
        for b in &municipalities[i + 1..] {
            if let (Some(pa), Some(pb)) = (place(a), place(b))
                && pa == pb
            {
                anyhow::bail!(
                    "{} och {} skulle dela schemat {} i databasen: ge var och en ett eget database-schema",
                    a.label(),
                    b.label(),
                    pa.1
                );
            }
        }
    }
    Ok(())
}

/// Two municipalities must never share a data folder: their records must stay apart.
fn check_data_dirs(municipalities: &[Municipality]) -> anyhow::Result<()> {
    for (i, a) in municipalities.iter().enumerate() {
        for b in &municipalities[..i] {
            let same = match (
                std::path::absolute(&a.config.data_dir),
                std::path::absolute(&b.config.data_dir),
            ) {
                (Ok(x), Ok(y)) => tidy(&x) == tidy(&y),
                _ => a.config.data_dir == b.config.data_dir,
            };
            if same {
                return Err(anyhow::anyhow!(
                    "{} och {} har samma data-dir ({}): varje kommun behöver en egen",
                    a.label(),
                    b.label(),
                    a.config.data_dir.display()
                ))
                .context("kommunernas data måste hållas isär");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_folds_parent_parts() {
        assert_eq!(
            tidy(&PathBuf::from("examples/exempelstad/../..")),
            PathBuf::from("")
        );
        assert_eq!(tidy(&PathBuf::from("./a/b/../c")), PathBuf::from("a/c"));
        assert_eq!(tidy(&PathBuf::from("../x")), PathBuf::from("../x"));
    }
}
