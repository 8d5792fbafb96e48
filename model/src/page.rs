//! One content page: front matter, body and outline.

use crate::block::LocalBlock;
use crate::front_matter::{self, FrontMatter};
use crate::layer::Origin;
use crate::numbers::SupportLines;
use crate::outline::Outline;
use crate::problem::{Problem, line_of};
use crate::shortcode::{Shortcode, expand_plain, shortcodes};
use crate::variant::{Language, Variant};
use crate::version::{ChangeNote, ContentHash, Stamp, Version, version_of};
use std::path::{Path, PathBuf};

/// A parsed, validated page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The path inside `content/`, with `/` separators, e.g. `barn/orosanmalan.md`.
    pub path: String,
    /// The file as it was read (for messages).
    pub file: PathBuf,
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown body after the front matter, shortcodes left in place.
    pub body: String,
    /// The 1-based file line where the body starts.
    pub body_line: usize,
    /// Headings, links, sections and text blocks (shortcodes expanded to plain text).
    pub outline: Outline,
    /// Which layer the page comes from.
    pub origin: Origin,
    /// The hash of the page's own text (title and body).
    pub hash: ContentHash,
    /// Places for local text declared with `{{lokalt:NAMN}}`, with their file lines.
    pub places: Vec<(String, usize)>,
    /// The municipality's text for those places (filled by the overlay).
    pub blocks: Vec<LocalBlock>,
    /// Set when a municipality's page replaces the national page at the same path.
    pub replaced: Option<Replaced>,
    /// Language variants of the page (lättläst, English, …), published or not.
    pub variants: Vec<Variant>,
}

/// What a municipality's replacing page knows about the national page it replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    /// Why the municipality replaces it (from `replaces` in front matter).
    pub reason: String,
    /// The national page's title.
    pub national_title: String,
    /// The national page's owner.
    pub national_owner: String,
    /// The national page's stamp now.
    pub national: Stamp,
}

impl Page {
    /// Parses a page file's text.
    pub(crate) fn parse(
        path: String,
        file: &Path,
        text: &str,
        numbers: &SupportLines,
        origin: Origin,
    ) -> Result<Page, Vec<Problem>> {
        let split = front_matter::split(file, text).map_err(|p| vec![p])?;
        let front = front_matter::parse(file, &split)?;
        let outline = Outline::parse(&expand_plain(split.body, numbers), split.body_line);
        let places = shortcodes(split.body)
            .into_iter()
            .filter_map(|(range, code)| match code {
                Shortcode::Local(name) => {
                    Some((name, split.body_line + line_of(split.body, range.start) - 1))
                }
                _ => None,
            })
            .collect();
        Ok(Page {
            hash: ContentHash::of(&[&front.title, split.body]),
            path,
            file: file.to_path_buf(),
            front,
            body: split.body.to_string(),
            body_line: split.body_line,
            outline,
            origin,
            places,
            blocks: Vec::new(),
            replaced: None,
            variants: Vec::new(),
        })
    }

    /// The page's own version: its latest significant change note, or its review date.
    pub fn version(&self) -> Version {
        version_of(&self.front.changes, self.front.reviewed)
    }

    /// The page's own stamp (version and hash of its own text, without local blocks).
    pub fn stamp(&self) -> Stamp {
        Stamp::new(self.version(), self.hash.clone())
    }

    /// The stamp of the page as the municipality sees it: its own text and its local blocks.
    /// Certificates record this for each page of a module's reading list.
    pub fn seen_stamp(&self) -> Stamp {
        if self.blocks.is_empty() {
            return self.stamp();
        }
        let version = self
            .blocks
            .iter()
            .map(LocalBlock::version)
            .chain([self.version()])
            .max()
            .unwrap_or_else(|| self.version());
        let hashes: Vec<&str> = std::iter::once(self.hash.as_str())
            .chain(self.blocks.iter().map(|b| b.hash.as_str()))
            .collect();
        Stamp::new(version, ContentHash::of(&hashes))
    }

    /// The change notes behind [`Page::seen_stamp`]: the page's own and its local blocks',
    /// oldest first. Pass them to [`crate::drift`] with a recorded seen stamp.
    pub fn seen_changes(&self) -> Vec<ChangeNote> {
        let mut notes: Vec<ChangeNote> = self
            .front
            .changes
            .iter()
            .chain(self.blocks.iter().flat_map(|b| b.changes.iter()))
            .cloned()
            .collect();
        notes.sort_by_key(|n| n.date);
        notes
    }

    /// The ids the page cites: `sources` in front matter, then inline `{{källa:…}}`, without
    /// repeats.
    pub fn cited_sources(&self) -> Vec<String> {
        let mut ids = self.front.sources.clone();
        for (id, _) in crate::links::inline_citations(&self.body, self.body_line) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// The page's variant in `language`, if there is one (published or not).
    pub fn variant(&self, language: Language) -> Option<&Variant> {
        self.variants.iter().find(|v| v.language == language)
    }

    /// The page's published variants.
    pub fn published_variants(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(|v| v.published())
    }

    /// The local block for a place, if the municipality wrote one.
    pub fn block(&self, place: &str) -> Option<&LocalBlock> {
        self.blocks.iter().find(|b| b.place == place)
    }

    /// The URL path the page is served at: `/` for the start page, `/hjalp/` for a folder's
    /// `index.md`, otherwise the `.html` file mdBook writes (`/barn/barnahus.html`).
    pub fn url(&self) -> String {
        url_of(&self.path)
    }

    /// True when `today` is past the page's review date.
    pub fn review_overdue(&self, today: time::Date) -> bool {
        today > self.front.next_review
    }
}

/// The URL of a content path (see [`Page::url`]).
pub(crate) fn url_of(path: &str) -> String {
    if path == "index.md" {
        return "/".to_string();
    }
    if let Some(dir) = path.strip_suffix("/index.md") {
        return format!("/{dir}/");
    }
    format!("/{}", path.strip_suffix(".md").unwrap_or(path)) + ".html"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_mdbook_output() {
        assert_eq!(url_of("index.md"), "/");
        assert_eq!(url_of("hjalp/index.md"), "/hjalp/");
        assert_eq!(url_of("barn/barnahus.md"), "/barn/barnahus.html");
    }

    /// The layers fixture (a base with the overlay of "Provby") copied, so a test may edit it.
    fn layers_copy() -> tempfile::TempDir {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).expect("mkdir");
            for entry in std::fs::read_dir(from).expect("read dir") {
                let entry = entry.expect("entry");
                let target = to.join(entry.file_name());
                if entry.path().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), target).expect("copy");
                }
            }
        }
        let dir = tempfile::tempdir().expect("temp");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/layers");
        copy(&fixture, dir.path());
        dir
    }

    fn rutin(root: &Path) -> Page {
        let layers = crate::Layers::with_overlay(root, root.join("kommun"), "Provby");
        let loaded = crate::Site::load(&layers, time::macros::date!(2026 - 12 - 01)).expect("load");
        loaded.site.page("rutin.md").expect("rutin").clone()
    }

    #[test]
    fn the_seen_version_covers_local_blocks_and_drifts_with_their_significant_notes() {
        let dir = layers_copy();
        let page = rutin(dir.path());
        assert_eq!(page.blocks.len(), 1);
        let recorded = page.seen_stamp();
        assert_ne!(recorded.hash, page.stamp().hash, "the block is part of it");
        // The block's review date (2026-11-25) is newer than the page's note (2026-11-20).
        assert_eq!(
            recorded.version,
            Version(time::macros::date!(2026 - 11 - 25))
        );

        // The municipality rewrites its block and marks the change significant.
        let block = dir.path().join("kommun/blocks/rutin/sa-gor-vi.md");
        let text = std::fs::read_to_string(&block).expect("read");
        let text = text.replacen(
            "sources = [\"provby-rutin\"]\n",
            "sources = [\"provby-rutin\"]\nchanges = [\n  { date = 2026-11-30, note = \"Ny telefontid.\", significant = true },\n]\n",
            1,
        ) + "Ring före klockan tio.\n";
        std::fs::write(&block, text).expect("write");
        let changed = rutin(dir.path());
        let notes = changed.seen_changes();
        assert!(notes.iter().any(|n| n.note == "Ny telefontid."));
        let d = crate::drift(&recorded, &changed.seen_stamp(), &notes).expect("drift");
        assert!(d.is_significant());
        assert_eq!(d.changes.len(), 1);
        // The national page's own stamp did not move.
        assert_eq!(crate::drift(&page.stamp(), &changed.stamp(), &notes), None);
    }
}
