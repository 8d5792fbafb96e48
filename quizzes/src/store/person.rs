//! One person's certificates, for a request for access (a copy of what is stored about them)
//! or for erasure. Certificates are found by the name as it was written on them; the training
//! records hold nothing else that names a person.

use super::Store;
use super::certificates::{COLUMNS, certificates};
use super::db::args;
use crate::code::CertificateCode;
use crate::error::Error;
use crate::store::Certificate;

impl Store {
    /// Every certificate issued to `name`, compared after trimming and ignoring case (also for
    /// å, ä and ö), oldest first, with their page versions.
    pub fn certificates_named(&self, name: &str) -> Result<Vec<Certificate>, Error> {
        let wanted = name.trim().to_lowercase();
        self.read(|tx| {
            // SQLite's own case folding is ASCII only, so the names are compared here (the
            // same on both databases). The scan reads the name column only, then the
            // matching rows.
            let mut codes = Vec::new();
            tx.for_each("SELECT code, name FROM certificates", &[], |r| {
                let stored: String = r.get(1)?;
                if stored.trim().to_lowercase() == wanted {
                    codes.push(r.get::<String>(0)?);
                }
                Ok(())
            })?;
            let mut rows = Vec::new();
            for code in &codes {
                rows.extend(tx.query_opt(
                    &format!("SELECT {COLUMNS} FROM certificates WHERE code = ?1"),
                    args![code],
                )?);
            }
            let mut certs = certificates(tx, &rows)?;
            certs.sort_by_key(|cert| cert.issued);
            Ok(certs)
        })
    }

    /// Deletes the certificates with these codes (with their page versions), in one
    /// transaction; returns how many existed. An unknown code deletes nothing.
    pub fn delete_certificates(&self, codes: &[CertificateCode]) -> Result<usize, Error> {
        self.write(|tx| {
            let mut deleted = 0;
            for code in codes {
                deleted += tx.execute(
                    "DELETE FROM certificates WHERE code = ?1",
                    args![code.as_str()],
                )?;
            }
            Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{t0, temp_store};
    use crate::store::{NewCertificate, PageVersion};

    fn cert<'a>(name: &'a str, module: &'a str, pages: &'a [PageVersion]) -> NewCertificate<'a> {
        NewCertificate {
            name,
            unit: None,
            module_id: module,
            module_version: 1,
            correct: 9,
            total: 10,
            passed: true,
            valid_until: time::macros::date!(2028 - 03 - 01),
            pages,
        }
    }

    #[test]
    fn a_persons_certificates_are_found_by_name_and_deleted_with_their_pages() {
        let (_dir, store) = temp_store();
        let pages = [PageVersion {
            page: "vald/index.md".into(),
            version: time::macros::date!(2026 - 12 - 01),
            hash: Some("0123456789abcdef".into()),
        }];
        let a = store
            .insert_certificate(&cert("Åsa Öberg", "grund", &pages), t0())
            .expect("a");
        let b = store
            .insert_certificate(&cert("åsa öberg ", "heder", &[]), t0())
            .expect("b");
        let other = store
            .insert_certificate(&cert("Åsa Berg", "grund", &pages), t0())
            .expect("other");

        let found = store.certificates_named("ÅSA ÖBERG").expect("find");
        let codes: Vec<_> = found.iter().map(|c| c.code.clone()).collect();
        assert_eq!(codes.len(), 2);
        assert!(codes.contains(&a.code) && codes.contains(&b.code));
        assert_eq!(found.iter().map(|c| c.pages.len()).sum::<usize>(), 1);

        assert_eq!(store.delete_certificates(&codes).expect("delete"), 2);
        assert!(
            store
                .certificates_named("Åsa Öberg")
                .expect("find")
                .is_empty()
        );
        assert!(store.certificate(&other.code).expect("read").is_some());
        let pages_left: i64 = store
            .sqlite(
                |c| Ok(c.query_row("SELECT count(*) FROM certificate_pages", [], |r| r.get(0))?),
            )
            .expect("count");
        assert_eq!(
            pages_left, 1,
            "only the other person's page version is left"
        );
        assert_eq!(store.delete_certificates(&codes).expect("again"), 0);
    }
}
