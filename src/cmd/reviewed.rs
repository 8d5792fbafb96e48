//! `vagvisare reviewed FILE…`: marks texts that build on another page – a municipality's local
//! blocks and replacing pages, and language variants – as reviewed against the current version
//! of the page they build on,
//! by writing `based_on` in each file. Run it after reading a drift warning from `check` and
//! updating the text. Only the national base must load for this; the overlay may still have
//! problems (a missing `based_on`, for example, is what this command fills in).

use super::today;
use crate::municipality::Setup;
use std::path::PathBuf;
use std::process::ExitCode;
use vagvisare_model::{Layers, LoadError, Site, Stamp, set_based_on};

/// Writes the current stamp into every named file; fails without writing anything if a file is
/// not a local text of any configured municipality.
pub fn run(setup: &Setup, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut found: Vec<(&PathBuf, Stamp, String)> = Vec::new();
    for file in files {
        let target = setup.municipalities.iter().find_map(|m| {
            if let Some(page) = m.layers.all().iter().find_map(|(_, l)| l.variant_of(file)) {
                return Some((m, page));
            }
            let overlay = m.layers.overlay.as_ref()?;
            let page = overlay.national_page_for(file)?;
            Some((m, page))
        });
        let Some((municipality, page)) = target else {
            anyhow::bail!(
                "{}: filen är inte en språkversion, ett lokalt block eller en sida i någon konfigurerad kommuns overlay",
                file.display()
            );
        };
        let national = Layers {
            national: municipality.layers.national.clone(),
            overlay: None,
        };
        let site = match Site::load(&national, today()) {
            Ok(loaded) => loaded.site,
            Err(LoadError::Invalid(problems)) => {
                super::print_problems(&problems);
                anyhow::bail!("den nationella basen har fel; rätta dem först");
            }
            Err(e) => return Err(e.into()),
        };
        let Some(national_page) = site.page(&page) else {
            anyhow::bail!(
                "{}: det finns ingen nationell sida \"{page}\" att bygga på",
                file.display()
            );
        };
        found.push((file, national_page.stamp(), page));
    }
    for (file, stamp, page) in &found {
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("{}: kan inte läsas: {e}", file.display()))?;
        let updated = set_based_on(file, &text, stamp).map_err(|p| anyhow::anyhow!("{p}"))?;
        std::fs::write(file, updated)
            .map_err(|e| anyhow::anyhow!("{}: kan inte skrivas: {e}", file.display()))?;
        eprintln!(
            "reviewed: {} bygger nu på version {} av {page}",
            file.display(),
            stamp.version
        );
    }
    Ok(ExitCode::SUCCESS)
}
