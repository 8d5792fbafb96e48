//! The deployment files in `deploy/`: the systemd unit is valid for systemd, and the example
//! configurations are accepted by the binary.

use crate::support::{repo_root, run};
use std::process::Command;

#[test]
fn systemd_unit_passes_systemd_analyze_verify() {
    let unit = std::fs::read_to_string(repo_root().join("deploy/vagvisare.service"))
        .expect("deploy/vagvisare.service");
    for option in [
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "StateDirectory=vagvisare",
        "LimitNOFILE=",
    ] {
        assert!(unit.contains(option), "the unit sets {option}");
    }
    let available = Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!(
            "\n*** systemd-analyze finns inte på den här datorn: enhetsfilen kontrolleras inte ***\n"
        );
        return;
    }
    // The unit names the installed binary; verify it against the one this test run built.
    let dir = tempfile::tempdir().expect("temp");
    let local = unit.replace("/usr/local/bin/vagvisare", env!("CARGO_BIN_EXE_vagvisare"));
    let path = dir.path().join("vagvisare.service");
    std::fs::write(&path, local).expect("write unit");
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&path)
        .output()
        .expect("systemd-analyze");
    assert!(
        out.status.success(),
        "systemd-analyze verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn example_configurations_are_accepted() {
    for file in [
        "deploy/vagvisare.toml",
        "deploy/vagvisare-compose.toml",
        "deploy/vagvisare-postgres.toml",
    ] {
        let config = repo_root().join(file);
        let out = run(
            &repo_root(),
            &["--config", config.to_str().expect("utf-8"), "check"],
        );
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
