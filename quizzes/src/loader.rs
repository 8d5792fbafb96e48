//! Reads module files: TOML into [`raw`] structs with spans, then validation into [`Module`],
//! collecting every problem as `path:line: message` in Swedish.

mod bank;
mod messages;
mod raw;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::module::{Goal, Kind, Module, Question};
use crate::problem::{Problem, line_of};
use crate::source::{SourceLookup, SourceRef, Target};
use raw::{RawModule, RawQuestion};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// The pass mark used when a module does not set `pass_mark`.
pub const DEFAULT_PASS_MARK: f64 = 0.8;
/// The most answer options a question may have.
const MAX_OPTIONS: usize = 10;
/// Module ids that would clash with the training pages' own addresses.
const RESERVED_IDS: [&str; 1] = ["intyg"];
/// How many discussion questions a module has.
const DISCUSSION: std::ops::RangeInclusive<usize> = 3..=5;
/// How long a certificate is valid when a module does not set `valid_months`.
pub const DEFAULT_VALID_MONTHS: u32 = 24;

/// Loads every `*.toml` file in `dir` (sorted by file name) and checks each question's source
/// with `lookup`. Returns all problems in all files at once, or the catalog.
pub fn load_dir(dir: &Path, lookup: &dyn SourceLookup) -> Result<Catalog, Error> {
    let (catalog, problems) = load_each(&[dir], lookup)?;
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Like [`load_dir`] for several folders in order (the national base's modules, then a
/// municipality's own), returning the modules that are valid together with the problems of
/// the others, so that `check` can go on to check the valid ones. Module ids must be unique
/// across all folders. Only an unreadable folder or file is an `Err`.
pub fn load_each(
    dirs: &[&Path],
    lookup: &dyn SourceLookup,
) -> Result<(Catalog, Vec<Problem>), Error> {
    let mut files = Vec::new();
    for dir in dirs {
        let read_err = |e: std::io::Error| Error::Read {
            path: dir.to_path_buf(),
            reason: crate::error::io_swedish(&e),
        };
        let mut in_dir = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(read_err)? {
            let path = entry.map_err(read_err)?.path();
            if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                in_dir.push(path);
            }
        }
        in_dir.sort();
        files.extend(in_dir);
    }

    let mut modules = Vec::new();
    let mut problems = Vec::new();
    // Module id → (file, line) of its first use; checked also for files with other problems.
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Read {
            path: path.clone(),
            reason: crate::error::io_swedish(&e),
        })?;
        let result = load_str(&path, &text, lookup);
        let mut duplicate = false;
        if let Ok(raw::IdOnly { id }) = toml::from_str::<raw::IdOnly>(&text) {
            let line = line_of(&text, id.span().start);
            if let Some((other, other_line)) = seen.get(id.get_ref()) {
                duplicate = true;
                problems.push(Problem::new(
                    &path,
                    line,
                    format!(
                        "modul-id \"{}\" används redan i {other}:{other_line}",
                        id.get_ref()
                    ),
                ));
            } else {
                seen.insert(id.get_ref().clone(), (path.display().to_string(), line));
            }
        }
        match result {
            Ok(module) if !duplicate => modules.push(module),
            Ok(_) => {}
            Err(mut found) => problems.append(&mut found),
        }
    }
    Ok((Catalog::new(modules), problems))
}

/// Parses and validates one module file. `path` is used only in messages.
pub fn load_str(
    path: &Path,
    text: &str,
    lookup: &dyn SourceLookup,
) -> Result<Module, Vec<Problem>> {
    let raw: RawModule = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        vec![Problem::new(path, line, messages::swedish(e.message()))]
    })?;
    let mut v = Validator {
        path,
        text,
        lookup,
        problems: Vec::new(),
    };
    let module = v.module(raw);
    if v.problems.is_empty() {
        Ok(module)
    } else {
        v.problems.sort_by_key(|p| p.line);
        Err(v.problems)
    }
}

struct Validator<'a> {
    path: &'a Path,
    text: &'a str,
    lookup: &'a dyn SourceLookup,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_of(self.text, span.start)
    }

    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        let line = self.line(span);
        self.problem_at(line, message);
    }

    fn problem_at(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem::new(self.path, line, message));
    }

    fn module(&mut self, raw: RawModule) -> Module {
        let id = self.slug(&raw.id, "modul-id");
        if RESERVED_IDS.contains(&id.as_str()) {
            self.problem(
                raw.id.span(),
                format!("modul-id \"{id}\" är reserverat för webbadresser, välj ett annat"),
            );
        }
        let version = raw.version.get_ref();
        if *version < 1 || *version > i64::from(u32::MAX) {
            self.problem(
                raw.version.span(),
                "version ska vara ett heltal från 1 och uppåt",
            );
        }
        let title = self.text_field(&raw.title, "title");
        let audience = self.text_field(&raw.audience, "audience");
        let intro = self.text_field(&raw.intro, "intro");
        let certificate = self.text_field(&raw.certificate, "certificate");
        let pass_mark = match &raw.pass_mark {
            Some(p) => {
                let value = *p.get_ref();
                if !(value > 0.0 && value <= 1.0) {
                    self.problem(
                        p.span(),
                        "pass_mark ska vara en andel större än 0 och högst 1, till exempel 0.8",
                    );
                }
                value
            }
            None => DEFAULT_PASS_MARK,
        };
        let draw = self.range(
            &raw.draw,
            1..=100,
            "draw ska vara ett antal frågor mellan 1 och 100",
        );
        let valid_months = match &raw.valid_months {
            Some(v) => self.range(
                v,
                1..=120,
                "valid_months ska vara ett antal månader mellan 1 och 120, till exempel 24",
            ),
            None => i64::from(DEFAULT_VALID_MONTHS),
        };
        let minutes = *raw.minutes.get_ref();
        if !(1..=600).contains(&minutes) {
            self.problem(
                raw.minutes.span(),
                "minutes ska vara ett antal minuter mellan 1 och 600",
            );
        }
        let reading = raw
            .reading
            .iter()
            .filter_map(|r| self.reference(r, false))
            .collect();
        let discussion = self.discussion(raw.discussion.as_ref(), raw.id.span());
        if raw.questions.is_empty() {
            self.problem(
                raw.id.span(),
                "modulen har inga frågor: lägg till minst en [[questions]]",
            );
        }
        let goals = self.goals(&raw.goals, raw.id.span());
        let mut ids: HashMap<String, usize> = HashMap::new();
        let questions = raw
            .questions
            .iter()
            .filter_map(|q| self.question(q.get_ref(), &mut ids, &goals))
            .collect();
        self.bank(&raw, &goals, draw);
        Module {
            id,
            version: u32::try_from(*version).unwrap_or(0),
            title,
            audience,
            intro,
            pass_mark,
            draw: usize::try_from(draw).unwrap_or(0),
            valid_months: u32::try_from(valid_months).unwrap_or(DEFAULT_VALID_MONTHS),
            goals,
            minutes: u32::try_from(minutes).unwrap_or(0),
            certificate,
            reading,
            questions,
            discussion,
            path: self.path.to_path_buf(),
        }
    }

    /// An integer setting that must lie in `range`; `message` otherwise.
    fn range(
        &mut self,
        value: &Spanned<i64>,
        range: std::ops::RangeInclusive<i64>,
        message: &str,
    ) -> i64 {
        let v = *value.get_ref();
        if !range.contains(&v) {
            self.problem(value.span(), message);
        }
        v
    }

    /// An id used in URLs or form field names: `a-z`, `0-9` and inner `-`.
    fn slug(&mut self, id: &Spanned<String>, what: &str) -> String {
        let text = id.get_ref();
        let ok = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && text.len() <= 60;
        if !ok {
            self.problem(
                id.span(),
                format!(
                    "ogiltigt {what} \"{text}\": använd a–z, siffror och bindestreck (högst 60 tecken)"
                ),
            );
        }
        text.clone()
    }

    fn text_field(&mut self, value: &Spanned<String>, name: &str) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.problem(value.span(), format!("fältet \"{name}\" är tomt"));
        }
        text.to_string()
    }

    fn discussion(
        &mut self,
        raw: Option<&Spanned<Vec<Spanned<String>>>>,
        module_span: Range<usize>,
    ) -> Vec<String> {
        let Some(list) = raw else {
            self.problem(
                module_span,
                "fältet \"discussion\" saknas: skriv 3–5 frågor att diskutera i arbetsgruppen",
            );
            return Vec::new();
        };
        let n = list.get_ref().len();
        if !DISCUSSION.contains(&n) {
            self.problem(
                list.span(),
                format!("discussion ska ha 3–5 frågor, inte {n}"),
            );
        }
        list.get_ref()
            .iter()
            .map(|d| self.text_field(d, "discussion"))
            .collect()
    }

    /// A `page.md#anchor` reference checked with the lookup; `need_anchor` for sources.
    fn reference(&mut self, raw: &Spanned<String>, need_anchor: bool) -> Option<SourceRef> {
        let text = raw.get_ref().trim();
        let source = match SourceRef::parse(text) {
            Ok(s) => s,
            Err(reason) => {
                self.problem(raw.span(), format!("ogiltig källa: {reason}"));
                return None;
            }
        };
        if need_anchor && source.anchor.is_none() {
            self.problem(
                raw.span(),
                format!("källan \"{text}\" saknar ankare: skriv sida.md#rubrik"),
            );
            return None;
        }
        match self.lookup.lookup(&source.page, source.anchor.as_deref()) {
            Target::Found => Some(source),
            Target::NoPage => {
                self.problem(
                    raw.span(),
                    format!("källan \"{text}\": sidan {} finns inte", source.page),
                );
                None
            }
            Target::NoAnchor => {
                self.problem(
                    raw.span(),
                    format!(
                        "källan \"{text}\": sidan {} har ingen rubrik med ankaret \"#{}\"",
                        source.page,
                        source.anchor.as_deref().unwrap_or_default()
                    ),
                );
                None
            }
        }
    }

    fn question(
        &mut self,
        raw: &RawQuestion,
        ids: &mut HashMap<String, usize>,
        goals: &[Goal],
    ) -> Option<Question> {
        let before = self.problems.len();
        let id = self.slug(&raw.id, "fråge-id");
        let line = self.line(raw.id.span());
        if let Some(first) = ids.get(&id) {
            self.problem(
                raw.id.span(),
                format!("fråge-id \"{id}\" finns redan på rad {first}"),
            );
        } else {
            ids.insert(id.clone(), line);
        }
        let goal = self.goal_ref(&raw.goal, goals);
        let kind = *raw.kind.get_ref();
        let prompt = self.text_field(&raw.prompt, "prompt");
        let explanation = self.text_field(&raw.explanation, "explanation");
        let options = self.options(raw, kind);
        let correct = self.correct(raw, kind, options.len());
        let source = self.reference(&raw.source, true);
        if self.problems.len() > before {
            return None;
        }
        Some(Question {
            id,
            goal,
            kind,
            prompt,
            options,
            correct,
            explanation,
            source: source?,
            line,
        })
    }

    fn options(&mut self, raw: &RawQuestion, kind: Kind) -> Vec<String> {
        let list = raw.options.get_ref();
        let n = list.len();
        if kind == Kind::TrueFalse && n != 2 {
            self.problem(
                raw.options.span(),
                format!("en true_false-fråga ska ha exakt två svarsalternativ, inte {n}"),
            );
        } else if n < 2 {
            self.problem(
                raw.options.span(),
                "en fråga behöver minst två svarsalternativ",
            );
        } else if n > MAX_OPTIONS {
            self.problem(
                raw.options.span(),
                format!("en fråga får ha högst {MAX_OPTIONS} svarsalternativ, inte {n}"),
            );
        }
        let mut out: Vec<String> = Vec::with_capacity(n);
        for option in list {
            let text = self.text_field(option, "options");
            if !text.is_empty() && out.contains(&text) {
                self.problem(
                    option.span(),
                    format!("två svarsalternativ har samma text \"{text}\""),
                );
            }
            out.push(text);
        }
        out
    }

    fn correct(&mut self, raw: &RawQuestion, kind: Kind, options: usize) -> Vec<usize> {
        let list = raw.correct.get_ref();
        if list.is_empty() {
            self.problem(
                raw.correct.span(),
                "correct är tom: ange index (från 0) för rätt svar",
            );
            return Vec::new();
        }
        let mut out: Vec<usize> = Vec::with_capacity(list.len());
        for index in list {
            let value = *index.get_ref();
            match usize::try_from(value) {
                Ok(i) if i < options => {
                    if out.contains(&i) {
                        self.problem(index.span(), format!("correct: index {i} står två gånger"));
                    } else {
                        out.push(i);
                    }
                }
                _ => {
                    let last = options.saturating_sub(1);
                    self.problem(
                        index.span(),
                        format!(
                            "correct: index {value} finns inte, frågan har {options} svarsalternativ (0–{last})"
                        ),
                    );
                }
            }
        }
        if !kind.allows_several() && list.len() > 1 {
            let name = match kind {
                Kind::TrueFalse => "true_false",
                _ => "single",
            };
            self.problem(
                raw.correct.span(),
                format!(
                    "en {name}-fråga har ett rätt svar, men correct har {}",
                    list.len()
                ),
            );
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests;
