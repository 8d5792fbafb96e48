//! Integration tests: one crate, one module per feature. They run the real `vagvisare` binary
//! and talk to the real server over HTTP on 127.0.0.1.

mod check;
mod numbers;
mod plain;
mod render;
mod search;
mod server;
mod serving;
mod support;
mod training;
