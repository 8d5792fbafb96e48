//! What only several processes sharing PostgreSQL can show: municipalities kept apart in
//! their schemas, migrations run once by replicas starting together, retention run once,
//! one certificate per result across replicas, and a database that goes away and comes back.
//! Every test runs against a real PostgreSQL server (see `pg_cluster`).

use super::tests::t0;
use super::*;
use crate::pg_cluster::PgCluster;
use std::sync::Arc;

fn options(cluster: &PgCluster, schema: &str) -> PgOptions {
    PgOptions {
        url: cluster.url("postgres"),
        password: None,
        schema: schema.to_string(),
    }
}

fn cert<'a>(name: &'a str) -> NewCertificate<'a> {
    NewCertificate {
        name,
        unit: None,
        module_id: "grund",
        module_version: 1,
        correct: 9,
        total: 10,
        passed: true,
        valid_until: time::macros::date!(2028 - 03 - 01),
        pages: &[],
    }
}

#[test]
fn postgres_municipalities_cannot_read_each_others_records() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let a = Store::postgres(&options(cluster, "sep_exempelstad")).expect("a");
    let b = Store::postgres(&options(cluster, "sep_nordvik")).expect("b");
    let issued = a.insert_certificate(&cert("Robin"), t0()).expect("insert");
    assert!(a.record_submission("nonce", t0()).expect("a submits"));
    assert_eq!(
        a.certificate(&issued.code).expect("a reads"),
        Some(issued.clone())
    );
    assert_eq!(b.certificate(&issued.code).expect("b reads"), None);
    assert_eq!(b.certificate_count().expect("count"), 0);
    assert!(b.certificates_named("Robin").expect("named").is_empty());
    // The same nonce is new in the other municipality: nothing is shared.
    assert!(b.record_submission("nonce", t0()).expect("b submits"));
}

#[test]
fn postgres_replicas_starting_together_migrate_once() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let barrier = Arc::new(std::sync::Barrier::new(6));
    let handles: Vec<_> = (0..6)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let options = options(cluster, "together");
            std::thread::spawn(move || {
                let store = Store::postgres(&options).expect("store");
                barrier.wait();
                store.ping().expect("migrated");
                store
                    .insert_certificate(&cert(&format!("P{i}")), t0())
                    .expect("insert");
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread");
    }
    let version = cluster
        .psql("postgres", "SELECT version FROM together.schema_version")
        .expect("psql");
    assert_eq!(version.trim(), migrations::latest().to_string());
    let rows = cluster
        .psql("postgres", "SELECT COUNT(*) FROM together.schema_version")
        .expect("psql");
    assert_eq!(rows.trim(), "1");
    let store = Store::postgres(&options(cluster, "together")).expect("store");
    assert_eq!(store.certificate_count().expect("count"), 6);
}

#[test]
fn postgres_retention_runs_once_across_replicas() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let replicas: Vec<Arc<Store>> = (0..4)
        .map(|_| Arc::new(Store::postgres(&options(cluster, "retention_once")).expect("store")))
        .collect();
    let old = t0() - time::Duration::days(4 * 366);
    replicas[0]
        .insert_certificate(&cert("Gammal"), old)
        .expect("old");
    let barrier = Arc::new(std::sync::Barrier::new(replicas.len()));
    let runs: Vec<_> = replicas
        .iter()
        .map(|store| {
            let store = Arc::clone(store);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                store
                    .apply_retention_once(&Retention::default(), t0(), time::Duration::hours(23))
                    .expect("retention")
            })
        })
        .collect();
    let reports: Vec<_> = runs.into_iter().map(|h| h.join().expect("run")).collect();
    let ran: Vec<_> = reports.iter().flatten().collect();
    assert_eq!(ran.len(), 1, "exactly one replica ran it: {reports:?}");
    assert_eq!(ran[0].certificates, 1);
    // A day later it is due again, once.
    let later = t0() + time::Duration::hours(24);
    let again = replicas[1]
        .apply_retention_once(&Retention::default(), later, time::Duration::hours(23))
        .expect("again");
    assert!(again.is_some());
    assert!(
        replicas[2]
            .apply_retention_once(&Retention::default(), later, time::Duration::hours(23))
            .expect("skip")
            .is_none()
    );
}

#[test]
fn postgres_a_result_gets_one_certificate_across_replicas() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let replicas: Vec<Arc<Store>> = (0..2)
        .map(|_| Arc::new(Store::postgres(&options(cluster, "one_result")).expect("store")))
        .collect();
    for round in 0..20 {
        let nonce = format!("result-{round}");
        let barrier = Arc::new(std::sync::Barrier::new(4));
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let store = Arc::clone(&replicas[i % 2]);
                let barrier = Arc::clone(&barrier);
                let nonce = nonce.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    store
                        .issue_certificate(&nonce, &cert("Kim"), t0())
                        .expect("issue")
                })
            })
            .collect();
        let issued: Vec<Issued> = handles.into_iter().map(|h| h.join().expect("t")).collect();
        let new = issued
            .iter()
            .filter(|i| matches!(i, Issued::New(_)))
            .count();
        assert_eq!(new, 1, "one new certificate per result: {issued:?}");
        let codes: std::collections::HashSet<_> = issued
            .iter()
            .map(|i| i.certificate().code.clone())
            .collect();
        assert_eq!(codes.len(), 1, "every reply shows the same certificate");
    }
    assert_eq!(replicas[0].certificate_count().expect("count"), 20);
}

#[test]
fn postgres_down_is_unavailable_and_the_store_recovers_by_itself() {
    let Some(cluster) = PgCluster::fresh() else {
        return;
    };
    // Down before the first use: creating the store still works (the server starts).
    cluster.stop_fast();
    let store = Store::postgres(&options(&cluster, "recovers")).expect("lazy");
    let err = store.certificate_count().expect_err("down");
    assert!(err.is_unavailable(), "{err}");
    assert!(store.ping().expect_err("down").is_unavailable());
    cluster.start_again().expect("start");
    let issued = store.insert_certificate(&cert("Alva"), t0()).expect("back");
    // Down while connections are pooled: they are found broken and replaced.
    cluster.stop_fast();
    let err = store.certificate(&issued.code).expect_err("down again");
    assert!(err.is_unavailable(), "{err}");
    cluster.start_again().expect("start again");
    assert_eq!(
        store.certificate(&issued.code).expect("recovered"),
        Some(issued),
        "the committed certificate survived"
    );
}

#[test]
fn postgres_bad_settings_are_refused_before_connecting() {
    let bad = |url: &str, schema: &str| {
        Store::postgres(&PgOptions {
            url: url.into(),
            password: None,
            schema: schema.into(),
        })
        .expect_err("refused")
        .to_string()
    };
    assert!(bad("postgres://u:hemligt@db/v", "s").contains("lösenordet"));
    assert!(bad("postgres://u@db/v", "Drop Table").contains("schemats namn"));
    assert!(bad("inte en adress", "s").contains("adressen"));
}
