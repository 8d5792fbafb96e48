//! The warning `check` prints when a text that another one builds on has changed: a national
//! page under a municipality's local block or replacing page, a Swedish page under its language
//! variants. One message for all of them, built from [`crate::drift`].

use crate::page::Page;
use crate::problem::Problem;
use crate::version::Drift;
use std::path::Path;

/// A warning at the dependent file's `based_on` line: which page changed, when, what to review,
/// and how to mark the text as reviewed. `what` names the page's role ("den nationella sidan",
/// "den svenska sidan").
pub fn drift_problem(file: &Path, line: usize, what: &str, page: &Page, drift: &Drift) -> Problem {
    Problem::warning(
        file,
        line,
        format!(
            "{what} \"{}\" ({}) har ändrats: {}. Granska texten mot sidan och kör sedan `vagvisare reviewed {}`",
            page.front.title,
            page.path,
            drift.describe(),
            file.display()
        ),
    )
}
