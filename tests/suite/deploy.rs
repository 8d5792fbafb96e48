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

/// The container image's layout with a read-only root file system: the national base in a
/// folder the server cannot write (`/usr/share/vagvisare`), the configuration in another, and
/// only the data folder writable (the volume). The server starts, serves pages and training,
/// and writes nothing outside the data folder. As root (CI), the server runs as `nobody`, for
/// whom the base is read-only; otherwise the base is made read-only with its permissions.
#[test]
fn the_image_layout_serves_from_a_read_only_root() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp");
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let base = tmp.path().join("share");
    for part in ["content", "data", "quizzes/modules"] {
        crate::support::copy_dir(&repo_root().join(part), &base.join(part));
    }
    std::fs::create_dir_all(base.join("search")).expect("search");
    std::fs::copy(
        repo_root().join("search/synonyms.toml"),
        base.join("search/synonyms.toml"),
    )
    .expect("synonyms");
    let data = tmp.path().join("var");
    std::fs::create_dir_all(&data).expect("data");
    let config = tmp.path().join("vagvisare.toml");
    std::fs::write(
        &config,
        format!("data-dir = {:?}\n", data.display().to_string()),
    )
    .expect("config");
    let listing = |dir: &std::path::Path| {
        let out = Command::new("find").arg(dir).output().expect("find");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = listing(&base);
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut command = if root_user {
        let status = Command::new("chown")
            .args(["-R", "nobody"])
            .arg(&data)
            .status()
            .expect("chown");
        assert!(status.success());
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_vagvisare")]);
        c
    } else {
        let status = Command::new("chmod")
            .args(["-R", "a-w"])
            .arg(&base)
            .status()
            .expect("chmod");
        assert!(status.success());
        Command::new(env!("CARGO_BIN_EXE_vagvisare"))
    };
    let mut child = command
        .arg("--root")
        .arg(&base)
        .arg("--config")
        .arg(&config)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(&base)
        .env("VAGVISARE_LOG", "info")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start");
    let stderr = child.stderr.take().expect("stderr");
    let mut log = Vec::new();
    let mut url = None;
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if let Some(i) = line.find("http://127.0.0.1:") {
            url = Some(line[i..].trim_end_matches('/').to_string());
            break;
        }
        log.push(line);
    }
    let Some(url) = url else {
        let _ = child.kill();
        panic!("the server did not start:\n{}", log.join("\n"));
    };
    let client = crate::support::client();
    let get = |path: &str| client.get(format!("{url}{path}")).send().expect("request");
    assert_eq!(get("/").status(), 200);
    assert_eq!(get("/utbildning/").status(), 200);
    assert_eq!(
        get("/healthz").text().expect("body"),
        r#"{"site":"ok","database":"ok"}"#
    );
    let _ = child.kill();
    let _ = child.wait();
    if !root_user {
        let _ = Command::new("chmod")
            .args(["-R", "u+w"])
            .arg(&base)
            .status();
    }
    assert_eq!(
        listing(&base),
        before,
        "nothing written outside the data folder"
    );
    assert!(
        data.join(vagvisare_quizzes::FILE_NAME).is_file(),
        "records in the data folder"
    );
}
