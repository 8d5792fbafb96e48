//! The layers a site is made of: the **national base** (the bundled `content/`, `data/`,
//! `quizzes/modules/`, `search/synonyms.toml`) and, for a municipality, its **overlay** folder
//! with the same layout plus `blocks/` for local text inside national pages.
//!
//! Layering is one step of loading ([`crate::Site::load`]): it reads both layers and returns one
//! merged site in which every page, block and source knows which layer it came from. Everything
//! downstream sees only the merged site.

use std::path::{Path, PathBuf};

/// Which layer a page, block or source comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// The national base: the same for every municipality.
    National,
    /// The municipality's overlay.
    Local,
}

/// The folders of one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// The layer's root folder (as given: messages show paths under it).
    pub root: PathBuf,
}

impl Layer {
    /// A layer rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Layer {
        Layer { root: root.into() }
    }

    /// `content/`.
    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// `blocks/`: local text for national pages (overlays only).
    pub fn blocks(&self) -> PathBuf {
        self.root.join("blocks")
    }

    /// The verified support numbers (national only).
    pub fn numbers(&self) -> PathBuf {
        self.root.join("data").join("stodlinjer.toml")
    }

    /// The register of sources.
    pub fn register(&self) -> PathBuf {
        self.root.join(crate::sources::REGISTER_FILE)
    }

    /// A path under the layer's root.
    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root.join(rel)
    }
}

/// The layers of one site: the national base and, for a municipality, its overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers {
    /// The national base.
    pub national: Layer,
    /// The municipality's overlay, if any.
    pub overlay: Option<Overlay>,
}

/// A municipality's overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// The overlay folder.
    pub layer: Layer,
    /// The municipality's name, used in headings such as "Så gör vi i Exempelstad".
    pub municipality: String,
}

impl Layer {
    /// The Swedish page a language variant in this layer's `content/` belongs to
    /// (`content/hjalp/index.en.md` → `hjalp/index.md`).
    pub fn variant_of(&self, file: &Path) -> Option<String> {
        let file = std::fs::canonicalize(file).ok()?;
        let dir = std::fs::canonicalize(self.content()).ok()?;
        let rel = file.strip_prefix(&dir).ok()?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        crate::variant::split_path(&rel).map(|(of, _)| of)
    }
}

impl Overlay {
    /// The content path of the national page that a file of this overlay builds on: a block
    /// (`blocks/a/b/plats.md` → `a/b.md`) or a page in `content/` (the national page at the same
    /// path, which it may replace). `None` for files outside those folders.
    pub fn national_page_for(&self, file: &Path) -> Option<String> {
        let file = std::fs::canonicalize(file).ok()?;
        let under = |dir: PathBuf| -> Option<String> {
            let dir = std::fs::canonicalize(dir).ok()?;
            let rel = file.strip_prefix(&dir).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        };
        if let Some(rel) = under(self.layer.blocks()) {
            return crate::block::target_of(&rel).map(|(page, _)| page);
        }
        under(self.layer.content())
    }
}

impl Layers {
    /// Only the national base at `root`.
    pub fn national(root: impl Into<PathBuf>) -> Layers {
        Layers {
            national: Layer::new(root),
            overlay: None,
        }
    }

    /// Only the national base at `root` (the same as [`Layers::national`]; kept for callers
    /// that load the bundled content directly, such as benchmarks).
    pub fn under(root: &Path) -> Layers {
        Layers::national(root)
    }

    /// The national base at `root` with a municipality's overlay.
    pub fn with_overlay(
        root: impl Into<PathBuf>,
        overlay: impl Into<PathBuf>,
        municipality: &str,
    ) -> Layers {
        Layers {
            national: Layer::new(root),
            overlay: Some(Overlay {
                layer: Layer::new(overlay),
                municipality: municipality.to_string(),
            }),
        }
    }

    /// Every layer, national first.
    pub fn all(&self) -> Vec<(Origin, &Layer)> {
        let mut out = vec![(Origin::National, &self.national)];
        if let Some(o) = &self.overlay {
            out.push((Origin::Local, &o.layer));
        }
        out
    }
}
