//! Integration tests: the real server and the real binary, on SQLite and on PostgreSQL.

mod helpers;

mod access;
mod accounts;
mod agencies;
mod approval;
mod assessments;
mod auth;
mod backup;
mod calendar;
mod catalog;
mod charts;
mod checks;
mod concurrency;
mod config;
mod docs;
mod entry;
mod error_codes;
mod health;
mod history;
mod hostile;
mod import;
mod locks;
mod memory;
mod openapi;
mod operations;
mod pages;
mod progress;
mod refusals;
mod removal;
mod storage;
mod template;
mod unit_figures;
mod unit_form;
mod units;
mod web_layer;
