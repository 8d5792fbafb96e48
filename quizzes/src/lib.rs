//! Vägvisaren's training modules ("utbildning"): the quiz files in `quizzes/modules/`, their
//! loader with line-numbered Swedish errors, option shuffling from a stored seed, pure grading,
//! certificate codes and the SQLite records of submissions and certificates.
//!
//! This crate knows nothing about the content pages: checks that a question's `source` points
//! at a real page and heading take a [`SourceLookup`] from the caller.

mod answers;
mod catalog;
mod code;
mod csv;
mod date;
mod error;
mod grading;
mod loader;
mod module;
mod name;
mod problem;
mod random;
mod shuffle;
mod source;
mod store;

pub use answers::{AnswerError, Answers};
pub use catalog::Catalog;
pub use code::CertificateCode;
pub use csv::{csv_cell, report_csv, report_csv_header, report_csv_line};
pub use date::{swedish_date, swedish_offset, swedish_time};
pub use error::Error;
pub use grading::{Outcome, QuestionResult, grade};
pub use loader::{DEFAULT_PASS_MARK, load_dir, load_str};
pub use module::{Kind, Module, Question};
pub use name::{MAX_NAME_CHARS, NameError, check_name, check_unit, invisible};
pub use problem::Problem;
pub use random::{Token, random_seed};
pub use shuffle::Shuffle;
pub use source::{SourceLookup, SourceRef, Target};
pub use store::{
    Certificate, CompletionCount, FILE_NAME, Issued, NewCertificate, ReportCursor, Retention,
    RetentionReport, Store,
};
