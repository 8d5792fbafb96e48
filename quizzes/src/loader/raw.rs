//! The module file as written: serde structs with spans, before validation.

use crate::module::Kind;
use serde::Deserialize;
use toml::Spanned;

/// A module file. Numbers are read as `i64` so that negative values get a Swedish message
/// from validation rather than a serde type error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModule {
    pub id: Spanned<String>,
    pub version: Spanned<i64>,
    pub title: Spanned<String>,
    pub audience: Spanned<String>,
    pub intro: Spanned<String>,
    #[serde(default)]
    pub pass_mark: Option<Spanned<f64>>,
    pub draw: Spanned<i64>,
    #[serde(default)]
    pub valid_months: Option<Spanned<i64>>,
    pub minutes: Spanned<i64>,
    pub certificate: Spanned<String>,
    #[serde(default)]
    pub reading: Vec<Spanned<String>>,
    #[serde(default)]
    pub discussion: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub goals: Vec<Spanned<RawGoal>>,
    #[serde(default)]
    pub questions: Vec<Spanned<RawQuestion>>,
}

/// One `[[goals]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGoal {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
}

/// One `[[questions]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub id: Spanned<String>,
    pub goal: Spanned<String>,
    pub kind: Spanned<Kind>,
    pub prompt: Spanned<String>,
    pub options: Spanned<Vec<Spanned<String>>>,
    pub correct: Spanned<Vec<Spanned<i64>>>,
    pub explanation: Spanned<String>,
    pub source: Spanned<String>,
}

/// Just the module id, read from any file that parses as TOML, so that duplicate ids are
/// found even in files with other problems.
#[derive(Debug, Deserialize)]
pub(super) struct IdOnly {
    pub id: Spanned<String>,
}
