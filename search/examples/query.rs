//! Runs queries against the bundled content and prints the top hits and the work done, for
//! tuning: `cargo run -p vagvisare-search --example query -- "vald i nara relation" hrv`
//! (`VAGVISARE_HITS=20` shows more hits than the default 5).

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
    let limit = std::env::var("VAGVISARE_HITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    for q in std::env::args().skip(1) {
        let r = index.search(&Request {
            query: &q,
            audience: None,
            limit,
            language: None,
        })?;
        println!("== {q:?}: {} träffar, förslag {:?}", r.total, r.suggestion);
        println!("   {:?}", r.work);
        for h in r.hits {
            println!("  {:6.2} {}\n         {}", h.score, h.url, h.snippet);
        }
    }
    Ok(())
}
