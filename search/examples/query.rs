//! Runs queries against the bundled content and prints the top hits, for tuning:
//! `cargo run -p vagvisare-search --example query -- "vald i nara relation" hrv`

use std::path::Path;
use vagvisare_search::{Index, Request, SYNONYMS_FILE, Synonyms};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?;
    let today = time::OffsetDateTime::now_utc().date();
    let loaded = vagvisare_model::Site::load(&vagvisare_model::Paths::under(root), today)?;
    let synonyms = Synonyms::load(&root.join(SYNONYMS_FILE), Path::new(SYNONYMS_FILE))
        .map_err(|e| format!("{e:?}"))?;
    let index = Index::build(&loaded.site, synonyms)?;
    for q in std::env::args().skip(1) {
        let r = index.search(&Request {
            query: &q,
            audience: None,
            limit: 5,
        })?;
        println!("== {q:?}: {} träffar, förslag {:?}", r.total, r.suggestion);
        for h in r.hits {
            println!("  {:6.2} {}\n         {}", h.score, h.url, h.snippet);
        }
    }
    Ok(())
}
