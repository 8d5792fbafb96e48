//! Report queries for the admin page and its CSV.

use super::Store;
use super::certificates::{COLUMNS, Certificate, row};
use crate::error::Error;

/// How many passed certificates a module has for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionCount {
    /// The module's id.
    pub module_id: String,
    /// The unit as entered; `None` for certificates without one.
    pub unit: Option<String>,
    /// Passed certificates.
    pub count: u64,
}

impl Store {
    /// Passed certificates per module and unit, ordered by module id then unit (no unit last).
    pub fn completions(&self) -> Result<Vec<CompletionCount>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT module_id, unit, COUNT(*) FROM certificates WHERE passed = 1
                 GROUP BY module_id, unit
                 ORDER BY module_id, unit IS NULL, unit",
            )?;
            let rows = stmt.query_map([], |r| {
                let count: i64 = r.get(2)?;
                Ok(CompletionCount {
                    module_id: r.get(0)?,
                    unit: r.get(1)?,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Every certificate, newest first.
    pub fn certificates(&self) -> Result<Vec<Certificate>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM certificates ORDER BY issued DESC, code"
            ))?;
            let rows = stmt.query_map([], row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewCertificate;
    use crate::store::tests::{t0, temp_store};
    use time::Duration;

    fn add(store: &Store, module: &str, unit: Option<&str>, minutes: i64) {
        store
            .insert_certificate(
                &NewCertificate {
                    name: "N",
                    unit,
                    module_id: module,
                    module_version: 1,
                    correct: 8,
                    total: 10,
                    passed: true,
                },
                t0() + Duration::minutes(minutes),
            )
            .expect("insert");
    }

    #[test]
    fn completions_are_counted_per_module_and_unit() {
        let (_dir, store) = temp_store();
        add(&store, "skola", Some("Norra skolan"), 1);
        add(&store, "grund", None, 2);
        add(&store, "grund", Some("Socialtjänsten"), 3);
        add(&store, "grund", Some("Socialtjänsten"), 4);
        add(&store, "grund", Some("Bostadsbolaget"), 5);
        let got: Vec<(String, Option<String>, u64)> = store
            .completions()
            .expect("report")
            .into_iter()
            .map(|c| (c.module_id, c.unit, c.count))
            .collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                ("grund".into(), s("Bostadsbolaget"), 1),
                ("grund".into(), s("Socialtjänsten"), 2),
                ("grund".into(), None, 1),
                ("skola".into(), s("Norra skolan"), 1),
            ]
        );
    }

    #[test]
    fn certificates_are_listed_newest_first() {
        let (_dir, store) = temp_store();
        add(&store, "a", None, 1);
        add(&store, "b", None, 2);
        let ids: Vec<String> = store
            .certificates()
            .expect("list")
            .into_iter()
            .map(|c| c.module_id)
            .collect();
        assert_eq!(ids, ["b", "a"]);
    }
}
