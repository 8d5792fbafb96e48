//! `vagvisare certificates find|delete`: one person's certificates, for a request for access
//! (everything stored about them, as CSV on standard output) or for erasure. The records are
//! the municipality's: in a hosting setup, `--host` names which municipality's records.

use crate::cli::CertificatesAction;
use crate::municipality::{Municipality, Setup};
use anyhow::{Context, bail};
use std::process::ExitCode;
use vagvisare_quizzes::{Certificate, CertificateCode, csv_cell, swedish_date};

/// Runs `certificates find` or `certificates delete` for the chosen municipality.
pub fn run(
    setup: &Setup,
    host: Option<&str>,
    action: &CertificatesAction,
) -> anyhow::Result<ExitCode> {
    let municipality = chosen(setup, host)?;
    let data_dir = &municipality.config.data_dir;
    let file = data_dir.join(vagvisare_quizzes::FILE_NAME);
    if municipality.config.database_url.is_none() && !file.exists() {
        bail!(
            "{}: det finns ingen databas för {} ännu, så inga intyg är sparade",
            file.display(),
            municipality.label()
        );
    }
    let store = super::open_store(municipality)?;
    store
        .ping()
        .with_context(|| store.path().display().to_string())?;
    match action {
        CertificatesAction::Find { name } => {
            let certs = store.certificates_named(name)?;
            print!("{}", csv(&certs));
            eprintln!(
                "intyg: {} intyg för namnet i {}",
                certs.len(),
                municipality.label()
            );
            Ok(ExitCode::SUCCESS)
        }
        CertificatesAction::Delete { codes } => {
            let mut parsed = Vec::new();
            for code in codes {
                match CertificateCode::parse(code) {
                    Some(c) => parsed.push(c),
                    None => bail!(
                        "\"{code}\" är ingen intygskod (till exempel 7K3M-Q9TX-2HCR-W4PN-8FJD)"
                    ),
                }
            }
            let deleted = store.delete_certificates(&parsed)?;
            eprintln!(
                "intyg: {deleted} av {} intyg raderade i {}",
                parsed.len(),
                municipality.label()
            );
            Ok(if deleted == parsed.len() {
                ExitCode::SUCCESS
            } else {
                eprintln!("intyg: {} koder fanns inte", parsed.len() - deleted);
                ExitCode::from(1)
            })
        }
    }
}

/// The municipality whose records are meant: the only one, or the one `--host` names.
fn chosen<'a>(setup: &'a Setup, host: Option<&str>) -> anyhow::Result<&'a Municipality> {
    match (host, setup.municipalities.as_slice()) {
        (None, [only]) => Ok(only),
        (None, _) => bail!(
            "flera kommuner i inställningarna: välj en med --host ({})",
            hosts(setup)
        ),
        (Some(h), all) => all
            .iter()
            .find(|m| m.host.as_deref() == Some(h))
            .with_context(|| format!("ingen kommun har värdnamnet {h} ({})", hosts(setup))),
    }
}

fn hosts(setup: &Setup) -> String {
    setup
        .municipalities
        .iter()
        .map(|m| m.label().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything stored about each certificate, as CSV (the report's format: `;`, UTF-8 with a
/// byte order mark, formula-safe cells).
fn csv(certs: &[Certificate]) -> String {
    let mut out = String::from("\u{feff}");
    let header = [
        "Kod",
        "Namn",
        "Enhet",
        "Modul-id",
        "Modulversion",
        "Rätt",
        "Antal frågor",
        "Godkänd",
        "Utfärdat",
        "Giltigt till",
        "Sidversioner",
    ];
    push_line(&mut out, header.iter().map(|h| (*h).to_string()));
    for c in certs {
        let pages = c
            .pages
            .iter()
            .map(|p| format!("{} {}", p.page, p.version))
            .collect::<Vec<_>>()
            .join(", ");
        push_line(
            &mut out,
            [
                c.code.to_string(),
                c.name.clone(),
                c.unit.clone().unwrap_or_default(),
                c.module_id.clone(),
                c.module_version.to_string(),
                c.correct.to_string(),
                c.total.to_string(),
                if c.passed { "ja" } else { "nej" }.to_string(),
                swedish_date(c.issued),
                c.valid_until.to_string(),
                pages,
            ]
            .into_iter(),
        );
    }
    out
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let line: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
    out.push_str(&line.join(";"));
    out.push_str("\r\n");
}
