//! Integration tests: one crate, one module per feature. They run the real `vagvisare` binary
//! and talk to the real server over HTTP on 127.0.0.1.

mod certificates;
mod changes;
mod check;
mod deploy;
mod hosting;
mod item_stats;
mod layers;
mod numbers;
mod owners;
mod plain;
mod quiz_cues;
mod render;
mod replicas;
mod reports;
mod search;
mod security;
mod server;
mod serving;
mod support;
mod training;
mod variants;
