//! resolution-tracker: a congress resolution's targets tracked year by year, with progress by a published
//! methodology, a dashboard and charts.

pub mod app;
pub mod assets;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod exchange;
pub mod reports;
pub mod startup;
pub mod storage;
pub mod web;
