//! The training modules in `quizzes/modules/`, loaded with their sources checked against the
//! content model: every question's `source` and every reading-list entry must be a real page
//! (and heading), and every valid module goes through the cue check and the content-blind
//! test-taker. Used by `check` and at server start, so both see the same errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use vagvisare_model::{ChangeNote, Layers, Problem, Site, Stamp};
use vagvisare_quizzes::{
    Catalog, CueReport, Kind, Module, Severity, SourceLookup, Target, check_cues,
};

/// Where module files live, relative to the project folder.
pub const MODULES_DIR: &str = "quizzes/modules";

/// Answers the quizzes crate's source lookups from the content model.
pub struct SiteLookup<'a>(pub &'a Site);

impl SourceLookup for SiteLookup<'_> {
    fn lookup(&self, page: &str, anchor: Option<&str>) -> Target {
        match (self.0.page(page), anchor) {
            (None, _) => Target::NoPage,
            (Some(_), None) => Target::Found,
            (Some(p), Some(a)) if p.outline.has_anchor(a) => Target::Found,
            (Some(_), Some(_)) => Target::NoAnchor,
        }
    }
}

/// Loads every module under `root`, checking sources with `lookup` (normally [`SiteLookup`]).
/// A project without `quizzes/modules/` has no modules. Errors, the cue check's included,
/// come back as the content model's problems; cue warnings are left to `check`.
pub fn load(layers: &Layers, lookup: &dyn SourceLookup) -> Result<Catalog, Vec<Problem>> {
    let checked = check(layers, lookup);
    let errors: Vec<Problem> = checked
        .problems
        .into_iter()
        .filter(Problem::is_error)
        .collect();
    if errors.is_empty() {
        Ok(checked.catalog)
    } else {
        Err(errors)
    }
}

/// What [`check`] found: the valid modules, every problem (errors and warnings) and, per
/// valid module, the lines `check` prints about cues and the content-blind test-taker.
pub struct Checked {
    /// The modules without loader problems.
    pub catalog: Catalog,
    /// Loader errors and cue findings, in file and line order.
    pub problems: Vec<Problem>,
    /// Figures per module: bank, draw, longest-right share and the test-taker's pass rates.
    pub report: Vec<String>,
}

/// Loads every module of every layer (the national base's, then the municipality's own) as
/// [`load`] does and runs the cue check on each valid one, also when other files have problems,
/// so one broken file does not hide the rest.
pub fn check(layers: &Layers, lookup: &dyn SourceLookup) -> Checked {
    let dirs: Vec<PathBuf> = layers
        .all()
        .iter()
        .map(|(_, l)| l.join(MODULES_DIR))
        .filter(|d| d.is_dir())
        .collect();
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let (catalog, loader) = match vagvisare_quizzes::load_each(&refs, lookup) {
        Ok(loaded) => loaded,
        Err(e) => {
            return Checked {
                catalog: Catalog::default(),
                problems: vec![Problem::error(
                    refs.first().copied().unwrap_or(Path::new(MODULES_DIR)),
                    1,
                    e.to_string(),
                )],
                report: Vec::new(),
            };
        }
    };
    let mut problems: Vec<Problem> = loader
        .into_iter()
        .map(|p| Problem::error(&p.path, p.line, p.message))
        .collect();
    let mut report = Vec::new();
    for module in catalog.modules() {
        let cues = check_cues(module);
        problems.extend(cues.findings.iter().map(|f| match f.severity {
            Severity::Error => Problem::error(&module.path, f.line, f.message.clone()),
            Severity::Warning => Problem::warning(&module.path, f.line, f.message.clone()),
        }));
        report.extend(report_lines(module, &cues));
    }
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Checked {
        catalog,
        problems,
        report,
    }
}

/// The figures `check` prints for one module, e.g.
/// `quizzes/modules/1-grundkurs.toml: 24 frågor i banken, 12 per försök, …`.
fn report_lines(module: &Module, cues: &CueReport) -> Vec<String> {
    let (tf, tf_true) = cues.true_false;
    let share = |part: usize, whole: usize| {
        if whole == 0 {
            0
        } else {
            (part as f64 * 100.0 / whole as f64).round() as u32
        }
    };
    let rates: Vec<String> = cues
        .taker
        .rates
        .iter()
        .map(|r| format!("{} {}", r.name, r.percent()))
        .collect();
    let rules: Vec<String> = cues
        .taker
        .best_rules
        .iter()
        .map(|h| {
            let kind = match h.kind {
                Kind::Single => "enkelval",
                Kind::Multiple => "flerval",
                Kind::TrueFalse => "sant/falskt",
            };
            format!("{kind} \"{}\" {} rätt", h.rule, h.percent())
        })
        .collect();
    vec![
        format!(
            "{}: {} frågor i banken, {} per försök, {} mål; rätt svar längst i {} av {} \
             enkelvalsfrågor med minst tre alternativ ({} %); {} av {} sant/falskt-påståenden är sanna",
            module.path.display(),
            module.questions.len(),
            module.draw_size(),
            module.goals.len(),
            cues.longest_right,
            cues.singles,
            share(cues.longest_right, cues.singles),
            tf_true,
            tf,
        ),
        format!(
            "  testtagare utan kunskap, andel godkända av {} dragningar: {}",
            cues.taker.draws,
            rates.join("; ")
        ),
        format!(
            "  {}: {}; bästa regel per frågetyp: {}",
            cues.taker.best.name,
            cues.taker.best.percent(),
            rules.join(", ")
        ),
    ]
}

/// A content page as the training pages link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The page's title.
    pub title: String,
    /// The URL it is served at.
    pub url: String,
    /// Heading id → heading text.
    pub headings: HashMap<String, String>,
    /// The page's version as the municipality sees it (with its local blocks), which
    /// certificates record.
    pub seen: Stamp,
    /// The change notes behind `seen`, to compare a recorded stamp with `vagvisare_model::drift`.
    pub changes: Vec<ChangeNote>,
}

/// Titles, URLs and heading texts of all pages, by content path, for the reading lists and
/// the "read more" links under each answer.
#[derive(Debug, Clone, Default)]
pub struct PageLinks(HashMap<String, PageLink>);

impl PageLinks {
    /// Collects links for every page of the site.
    pub fn new(site: &Site) -> PageLinks {
        PageLinks(
            site.pages
                .iter()
                .map(|p| {
                    let headings = p
                        .outline
                        .headings
                        .iter()
                        .map(|h| (h.id.clone(), h.text.clone()))
                        .collect();
                    let link = PageLink {
                        title: p.front.title.clone(),
                        url: p.url(),
                        headings,
                        seen: p.seen_stamp(),
                        changes: p.seen_changes(),
                    };
                    (p.path.clone(), link)
                })
                .collect(),
        )
    }

    /// The page at a content path.
    pub fn get(&self, path: &str) -> Option<&PageLink> {
        self.0.get(path)
    }

    /// A link target and a label (`Page – Heading`) for a reference; the raw reference when
    /// the page is unknown (which `check` prevents).
    pub fn resolve(&self, source: &vagvisare_quizzes::SourceRef) -> (String, String) {
        let Some(page) = self.get(&source.page) else {
            return (String::new(), source.to_string());
        };
        match &source.anchor {
            Some(anchor) => {
                let label = match page.headings.get(anchor) {
                    Some(h) => format!("{} – {h}", page.title),
                    None => page.title.clone(),
                };
                (format!("{}#{anchor}", page.url), label)
            }
            None => (page.url.clone(), page.title.clone()),
        }
    }
}
