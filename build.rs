//! Records the git commit the binary is built from, for `vagvisare --version`.
//!
//! The commit comes from `VAGVISARE_GIT_COMMIT` when it is set (a container build copies the
//! sources without `.git` and passes the commit as a build argument), else from `git rev-parse`
//! in the source folder, else it is "okänd".

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=VAGVISARE_GIT_COMMIT");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    let commit = std::env::var("VAGVISARE_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "okänd".to_owned());
    println!("cargo:rustc-env=VAGVISARE_GIT_COMMIT={}", commit.trim());
}

/// The short commit of `HEAD`, if this is a git checkout with git installed.
fn git_commit() -> Option<String> {
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    String::from_utf8(head.stdout)
        .ok()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
}
