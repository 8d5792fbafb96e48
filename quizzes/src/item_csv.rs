//! The item statistics of one module as CSV, in the same format as the certificate report
//! (UTF-8 with a byte order mark, `;` between cells, CRLF, decimal comma; see [`crate::csv`]).
//! One line per option of each question; a question with fewer than [`MIN_ATTEMPTS`] attempts
//! has its count but empty figures, as on the page.

use crate::csv::csv_cell;
use crate::item_stats::{MIN_ATTEMPTS, ModuleStats};
use crate::module::Module;

/// The column names.
const COLUMNS: [&str; 11] = [
    "Modul-id",
    "Version",
    "Fråga",
    "Fråga-id",
    "Antal svar",
    "Andel rätt (%)",
    "Diskriminering",
    "Alternativ",
    "Rätt svar",
    "Valt av",
    "Varningar",
];

/// The statistics of `module` as a CSV file.
pub fn item_stats_csv(module: &Module, stats: &ModuleStats) -> String {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = COLUMNS.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for s in &stats.questions {
        let Some(q) = module.questions.get(s.question) else {
            continue;
        };
        let f = s.figures.as_ref();
        let facility = f.map_or(String::new(), |f| decimal(f.facility * 100.0, 1));
        let discrimination = f
            .and_then(|f| f.discrimination)
            .map_or(String::new(), |d| decimal(d, 2));
        let warnings = f.map_or_else(
            || format!("För få svar ännu ({} av {MIN_ATTEMPTS}).", s.n),
            |f| {
                f.warnings
                    .iter()
                    .map(|w| w.message(q))
                    .collect::<Vec<_>>()
                    .join(" | ")
            },
        );
        for (i, option) in q.options.iter().enumerate() {
            let chosen = f
                .and_then(|f| f.chosen.get(i))
                .map_or(String::new(), ToString::to_string);
            let cells = [
                csv_cell(&module.id),
                module.version.to_string(),
                (s.question + 1).to_string(),
                csv_cell(&q.id),
                s.n.to_string(),
                facility.clone(),
                discrimination.clone(),
                csv_cell(option),
                if q.correct.contains(&i) { "ja" } else { "nej" }.to_string(),
                chosen,
                csv_cell(&warnings),
            ];
            out.push_str(&cells.join(";"));
            out.push_str("\r\n");
        }
    }
    out
}

/// A number with `places` decimals and a decimal comma, quoted (it holds a comma). Written by
/// the program, so a leading minus is a number and not a formula.
fn decimal(value: f64, places: usize) -> String {
    format!("\"{:.*}\"", places, value).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item_stats::{AttemptTotals, ItemAnswer, ItemStatsBuilder};
    use crate::module::Kind;
    use crate::test_support::{module, numbered};

    #[test]
    fn one_line_per_option_with_figures_only_from_ten_attempts() {
        let m = module(
            vec![
                numbered("a", "g", Kind::Single, 3, &[1]),
                numbered("b", "g", Kind::TrueFalse, 2, &[0]),
            ],
            &["g"],
            2,
        );
        let mut b = ItemStatsBuilder::new(&m);
        // a: right, rest 1 / wrong, rest 0, five times each: facility 50 %, r = 1.
        for _ in 0..5 {
            for (score, right, chosen) in [(2u32, true, [1usize]), (0, false, [0])] {
                b.add(
                    score,
                    ItemAnswer {
                        question_id: "a",
                        right,
                        chosen: &chosen,
                    },
                );
            }
        }
        b.add(
            1,
            ItemAnswer {
                question_id: "b",
                right: true,
                chosen: &[0],
            },
        );
        let csv = item_stats_csv(&m, &b.finish(AttemptTotals::default()));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "\u{feff}Modul-id;Version;Fråga;Fråga-id;Antal svar;Andel rätt (%);Diskriminering;Alternativ;Rätt svar;Valt av;Varningar",
                "m;1;1;a;10;\"50,0\";\"1,00\";alternativ 0;nej;5;\"Ingen har valt det felaktiga alternativet \"\"alternativ 2\"\". Det lockar inte och kan bytas mot ett mer trovärdigt.\"",
                "m;1;1;a;10;\"50,0\";\"1,00\";alternativ 1;ja;5;\"Ingen har valt det felaktiga alternativet \"\"alternativ 2\"\". Det lockar inte och kan bytas mot ett mer trovärdigt.\"",
                "m;1;1;a;10;\"50,0\";\"1,00\";alternativ 2;nej;0;\"Ingen har valt det felaktiga alternativet \"\"alternativ 2\"\". Det lockar inte och kan bytas mot ett mer trovärdigt.\"",
                "m;1;2;b;1;;;alternativ 0;ja;;För få svar ännu (1 av 10).",
                "m;1;2;b;1;;;alternativ 1;nej;;För få svar ännu (1 av 10).",
                "",
            ]
        );
        assert_eq!(decimal(-0.123, 2), "\"-0,12\"");
    }
}
