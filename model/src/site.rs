//! Loading `content/` into a [`Site`]: SUMMARY.md against the files on disk, every page, then
//! the checks that need all pages. All problems are collected before returning.

use crate::links::check_page;
use crate::numbers::SupportLines;
use crate::page::Page;
use crate::problem::Problem;
use crate::readability;
use crate::summary::Summary;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use time::Date;

/// Where content lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The `content/` folder with SUMMARY.md.
    pub content: PathBuf,
    /// The verified numbers file, `data/stodlinjer.toml`.
    pub numbers: PathBuf,
}

impl Paths {
    /// The standard layout under a project root.
    pub fn under(root: &Path) -> Paths {
        Paths {
            content: root.join("content"),
            numbers: root.join("data").join("stodlinjer.toml"),
        }
    }
}

/// The whole parsed site.
#[derive(Debug, Clone)]
pub struct Site {
    /// Where it was loaded from.
    pub paths: Paths,
    /// SUMMARY.md.
    pub summary: Summary,
    /// Every page, in SUMMARY order.
    pub pages: Vec<Page>,
    /// The verified support numbers.
    pub numbers: SupportLines,
}

/// A site that loaded without errors, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The site.
    pub site: Site,
    /// Problems that do not stop a build (e.g. an overdue review).
    pub warnings: Vec<Problem>,
}

/// Why content could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or folder could not be read at all.
    #[error("{}: kan inte läsas: {source}", path.display())]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The content has errors; the list holds every error and warning, sorted by file and line.
    #[error("innehållet har {} fel", .0.iter().filter(|p| p.is_error()).count())]
    Invalid(Vec<Problem>),
}

/// Files in `content/` that are not pages.
const NOT_PAGES: [&str; 2] = ["SUMMARY.md", "404.md"];

/// The glossary page; its headings explain abbreviations for every page.
pub const GLOSSARY: &str = "ord-och-begrepp.md";

impl Site {
    /// Loads and checks everything. `today` decides which reviews are overdue.
    pub fn load(paths: &Paths, today: Date) -> Result<Loaded, LoadError> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| LoadError::Io {
                path: path.to_path_buf(),
                source,
            })
        };
        let mut problems = Vec::new();

        let numbers_text = read(&paths.numbers)?;
        let numbers = match SupportLines::parse(&paths.numbers, &numbers_text) {
            Ok(n) => n,
            Err(p) => return Err(LoadError::Invalid(p)),
        };

        let summary_file = paths.content.join("SUMMARY.md");
        let (summary, summary_problems) = Summary::parse(&summary_file, &read(&summary_file)?);
        problems.extend(summary_problems);

        let on_disk = markdown_files(&paths.content)?;
        let not_found = paths.content.join("404.md");
        if !not_found.is_file() {
            problems.push(Problem::error(
                &not_found,
                1,
                "sidan som visas när en adress inte finns saknas (skapa 404.md)",
            ));
        }
        let mut listed = BTreeSet::new();
        for entry in &summary.entries {
            if !listed.insert(entry.path.as_str()) {
                problems.push(Problem::error(
                    &summary_file,
                    entry.line,
                    format!("\"{}\" står mer än en gång", entry.path),
                ));
            } else if !on_disk.contains(&entry.path) {
                problems.push(Problem::error(
                    &summary_file,
                    entry.line,
                    format!("\"{}\" finns inte", entry.path),
                ));
            }
        }

        let mut parsed: HashMap<String, Page> = HashMap::new();
        for path in &on_disk {
            let file = paths.content.join(path);
            if !listed.contains(path.as_str()) {
                problems.push(Problem::error(
                    &file,
                    1,
                    "sidan finns inte i SUMMARY.md (lägg till den eller ta bort filen)",
                ));
            }
            match Page::parse(path.clone(), &file, &read(&file)?, &numbers) {
                Ok(page) => {
                    parsed.insert(path.clone(), page);
                }
                Err(p) => problems.extend(p),
            }
        }

        let mut seen = BTreeSet::new();
        let pages: Vec<Page> = summary
            .entries
            .iter()
            .filter(|e| seen.insert(e.path.as_str()))
            .filter_map(|e| parsed.remove(&e.path))
            .collect();
        let by_path: HashMap<&str, &Page> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
        let glossary = by_path.get(GLOSSARY).copied();
        for page in &pages {
            problems.extend(check_page(page, &by_path, &paths.content, &numbers, today));
            problems.extend(readability::check(page, glossary));
        }

        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        if problems.iter().any(Problem::is_error) {
            return Err(LoadError::Invalid(problems));
        }
        Ok(Loaded {
            site: Site {
                paths: paths.clone(),
                summary,
                pages,
                numbers,
            },
            warnings: problems,
        })
    }

    /// Finds a page by its content path.
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }
}

/// Every `.md` file under `dir` except SUMMARY.md and 404.md, as sorted content paths.
fn markdown_files(dir: &Path) -> Result<BTreeSet<String>, LoadError> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(|source| LoadError::Io {
            path: current.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| LoadError::Io {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".md") {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if !NOT_PAGES.contains(&rel.as_str()) {
                    found.insert(rel);
                }
            }
        }
    }
    Ok(found)
}
