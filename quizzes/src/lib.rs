//! Vägvisaren's training modules ("utbildning"): the quiz files in `quizzes/modules/` (a bank
//! of questions per learning goal), their loader with line-numbered Swedish errors, balanced
//! random draws and option shuffling from a seed, pure grading, the cue check with its
//! content-blind test-taker, certificate codes, item statistics for editors and the SQLite
//! records of submissions, anonymous attempts and certificates.
//!
//! This crate knows nothing about the content pages: checks that a question's `source` points
//! at a real page and heading take a [`SourceLookup`] from the caller.

mod answers;
mod catalog;
mod code;
mod csv;
mod cues;
mod date;
mod draw;
mod error;
mod grading;
mod item_csv;
mod item_stats;
mod loader;
mod module;
mod name;
#[cfg(any(test, feature = "test-cluster"))]
pub mod pg_cluster;
mod problem;
mod random;
mod shuffle;
mod source;
mod split_mix;
mod status;
mod store;
mod taker;
#[cfg(test)]
mod test_support;
mod wording;

pub use answers::{AnswerError, Answers};
pub use catalog::Catalog;
pub use code::CertificateCode;
pub use csv::{csv_cell, csv_row, report_csv_header, report_csv_line};
pub use cues::{
    CueReport, Finding, MAX_LENGTH_RATIO, MAX_LONGEST_SHARE, MAX_RULE_HITS,
    MAX_TRUE_FALSE_RULE_HITS, Severity, check_cues,
};
pub use date::{swedish_date, swedish_offset, swedish_time};
pub use draw::{Draw, DrawError, Drawn};
pub use error::Error;
pub use grading::{Outcome, QuestionResult, grade, grade_draw};
pub use item_csv::item_stats_csv;
pub use item_stats::{
    AttemptTotals, EASY_FACILITY, Figures, HARD_FACILITY, ItemAnswer, ItemStatsBuilder,
    LOW_DISCRIMINATION, MIN_ATTEMPTS, ModuleStats, QuestionStats, Warning,
};
pub use loader::{DEFAULT_PASS_MARK, DEFAULT_VALID_MONTHS, load_dir, load_each, load_str};
pub use module::{Goal, Kind, Module, Question};
pub use name::{MAX_NAME_CHARS, NameError, check_name, check_unit, invisible};
pub use problem::Problem;
pub use random::{Token, random_seed};
pub use shuffle::Shuffle;
pub use source::{SourceLookup, SourceRef, Target};
pub use status::{EXPIRES_SOON_DAYS, Status};
pub use store::{
    AttemptRecord, Certificate, CompletionCount, DEFAULT_REPORT_DAYS, FILE_NAME, FeedbackCount,
    Issued, ItemRecord, NewCertificate, NewPageReport, PageReport, PageVersion, PgOptions,
    ReportCursor, ReportFilter, ReportLayer, Retention, RetentionReport, Store, feedback_month,
    valid_schema,
};
pub use taker::{
    MAX_PASS_RATE, Rate, RuleHits, SEEDS, STRATEGIES, Strategy, TakerReport, take_blind,
};
