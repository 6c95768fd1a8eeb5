//! The command line of contract.md: parse, load settings, run one subcommand, map the outcome to an exit status
//! (0 success, 1 a problem with the input or the environment, 2 bad arguments).

mod accounts;
mod backup;
mod catalog;
mod charts;
mod exchange;
mod report;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Settings;
use crate::domain::account::Role;
use crate::domain::wording::Lang;
use crate::storage::{catalog::read_catalog, Database, StoredCatalog};

#[derive(Debug, Parser)]
#[command(
    name = "resolution-tracker",
    version,
    about = "Track a resolution's targets year by year"
)]
pub struct Cli {
    /// An extra configuration file (TOML), read after config/default.toml and before RT__ environment variables.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run migrations, load the default catalog into an empty database, serve HTTP.
    Serve,
    /// Run the database migrations and exit.
    Migrate,
    /// Resolution catalogs.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Import measurements from a CSV or XLSX file, all or nothing.
    Import {
        file: PathBuf,
        /// Check the file and say what it would change, without writing.
        #[arg(long)]
        dry_run: bool,
        /// Who the changes are recorded as (default: the login name).
        #[arg(long = "as", value_name = "USER")]
        user: Option<String>,
        /// The resolution's code (default: the first loaded).
        #[arg(long)]
        resolution: Option<String>,
    },
    /// Write all measurements as CSV or XLSX (by the file's extension), in the import format.
    Export {
        file: PathBuf,
        #[arg(long)]
        resolution: Option<String>,
    },
    /// Write DIR/<target code>.png for each target and DIR/overview.png.
    ExportCharts {
        dir: PathBuf,
        /// Assess as of this year (default: the current year).
        #[arg(long, value_name = "YEAR")]
        as_of: Option<i32>,
        /// Language of the charts.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        #[arg(long)]
        resolution: Option<String>,
    },
    /// Write the Word report of a year (yearly, midterm or final) to FILE (.docx), as `/reports/{year}.docx`.
    ExportReport {
        file: PathBuf,
        /// The year reported on (default: the current year; midterm and final choose their own).
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = KindArg::Yearly)]
        kind: KindArg,
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        #[arg(long)]
        resolution: Option<String>,
    },
    /// Users and their roles.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens for scripts.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write a consistent copy of the SQLite database to FILE, while the server runs (PostgreSQL: use pg_dump).
    Backup { file: PathBuf },
    /// Restore a backup made by `backup` into the configured database, SQLite or PostgreSQL (an office moving up
    /// keeps its history), which must hold no figures, assessments or users yet.
    Restore { file: PathBuf },
    /// Print the dashboard: a table, or the /api/v1/dashboard JSON.
    Report {
        /// Assess as of this year (default: the current year).
        #[arg(long, value_name = "YEAR")]
        as_of: Option<i32>,
        /// Print the /api/v1/dashboard JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Language of the table.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        #[arg(long)]
        resolution: Option<String>,
    },
}

/// `--kind`: which Word report.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Yearly,
    Midterm,
    Final,
}

impl From<KindArg> for crate::reports::ReportKind {
    fn from(arg: KindArg) -> Self {
        match arg {
            KindArg::Yearly => crate::reports::ReportKind::Yearly,
            KindArg::Midterm => crate::reports::ReportKind::Midterm,
            KindArg::Final => crate::reports::ReportKind::Final,
        }
    }
}

/// `--lang`: the languages of the charts and tables.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// `--role`: the roles a user may have.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Viewer,
    Statistician,
    Approver,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(arg: RoleArg) -> Role {
        match arg {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Statistician => Role::Statistician,
            RoleArg::Approver => Role::Approver,
            RoleArg::Admin => Role::Admin,
        }
    }
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Scope a statistician to one unit's figures (a commune statistician): `RESOLUTION/UNIT`, or a unit code only one
        /// resolution has (an ambiguous code is refused, naming the resolutions that have it).
        #[arg(long)]
        unit: Option<String>,
        /// Scope a statistician to the targets one agency answers for (the finance office's statistician):
        /// `RESOLUTION/AGENCY`, or an agency code only one resolution has.
        #[arg(long)]
        agency: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Print a new API token for the user (shown once).
    Create {
        name: String,
        /// What the token is for, shown on the admin page.
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

#[derive(Debug, Subcommand)]
enum CatalogCommand {
    /// Load or update a resolution catalog (TOML); prints what changed.
    Load { file: PathBuf },
    /// Write a resolution's current catalog as TOML (`catalog load` reads it back to the same state).
    Export {
        file: PathBuf,
        /// The resolution's code (default: the first loaded).
        #[arg(long)]
        resolution: Option<String>,
    },
}

/// A failed command: what to tell the user.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A problem with what the user gave: a file, a row, a field.
    #[error("{0}")]
    Input(String),
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

/// An error of the application, in English as the command line says it.
pub fn app_error(e: crate::app::error::AppError) -> CliError {
    match e.code {
        crate::app::error::ErrorCode::InternalError => CliError::Other(anyhow::anyhow!("{e}")),
        _ => CliError::Input(e.message.en.into_owned()),
    }
}

impl From<crate::storage::StorageError> for CliError {
    fn from(e: crate::storage::StorageError) -> Self {
        CliError::Other(e.into())
    }
}

impl From<crate::config::SettingsError> for CliError {
    fn from(e: crate::config::SettingsError) -> Self {
        CliError::Input(e.to_string())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let settings = Settings::load(cli.config.as_deref())?;
    init_tracing(!matches!(cli.command, Command::Serve), settings.log.format);
    crate::clock::pin(settings.clock.today);
    crate::clock::set_zone(settings.clock.time_zone);
    match cli.command {
        Command::Serve => serve::serve(&settings),
        Command::Migrate => {
            let db = open(&settings)?;
            let applied = db.migrate()?;
            if applied.is_empty() {
                println!("the database is up to date");
            }
            for version in applied {
                println!("applied migration {version}");
            }
            Ok(())
        }
        Command::Catalog {
            command: CatalogCommand::Load { file },
        } => catalog::load(&settings, &file),
        Command::Catalog {
            command: CatalogCommand::Export { file, resolution },
        } => catalog::export(&settings, &file, resolution.as_deref()),
        Command::Import {
            file,
            dry_run,
            user,
            resolution,
        } => exchange::import(&settings, &file, dry_run, user, resolution.as_deref()),
        Command::Backup { file } => backup::backup(&settings, &file),
        Command::Restore { file } => backup::restore(&settings, &file),
        Command::Export { file, resolution } => {
            exchange::export(&settings, &file, resolution.as_deref())
        }
        Command::User { command } => user(&settings, command),
        Command::Token {
            command: TokenCommand::Create { name, label },
        } => accounts::create_token(&settings, &name, &label),
        Command::ExportCharts {
            dir,
            as_of,
            lang,
            resolution,
        } => charts::export_charts(&settings, &dir, as_of, lang.into(), resolution.as_deref()),
        Command::ExportReport {
            file,
            year,
            kind,
            lang,
            resolution,
        } => charts::export_report(
            &settings,
            &file,
            (year, kind.into()),
            lang.into(),
            resolution.as_deref(),
        ),
        Command::Report {
            as_of,
            json,
            lang,
            resolution,
        } => report::report(&settings, as_of, json, lang.into(), resolution.as_deref()),
    }
}

/// Opens the configured database and brings its schema up to date.
fn open(settings: &Settings) -> Result<Database, CliError> {
    Ok(Database::open_waiting(
        &settings.database.url,
        settings.database.pool_size.min(2),
        settings.database.wait(),
    )?)
}

fn open_migrated(settings: &Settings) -> Result<Database, CliError> {
    let db = open(settings)?;
    db.migrate()?;
    Ok(db)
}

/// The resolution a command works on: the one named, or the first loaded.
fn stored_catalog(db: &Database, resolution: Option<&str>) -> Result<StoredCatalog, CliError> {
    read_catalog(&mut *db.conn()?, resolution)?.ok_or_else(|| {
        CliError::Input(match resolution {
            Some(code) => format!("no resolution has the code {code:?}"),
            None => "no resolution is loaded: run `resolution-tracker catalog load FILE` or `serve` first".into(),
        })
    })
}

/// The resolution a command assesses, and the year it is assessed as of (the current year by default), checked
/// against the resolution's assessable years.
fn assessed(
    settings: &Settings,
    resolution: Option<&str>,
    as_of: Option<i32>,
) -> Result<(Database, StoredCatalog, i32), CliError> {
    let db = open_migrated(settings)?;
    let stored = stored_catalog(&db, resolution)?;
    let as_of = as_of.unwrap_or_else(|| {
        stored
            .catalog
            .resolution
            .default_as_of(crate::clock::current_year())
    });
    let years = stored.catalog.resolution.assessable_years();
    if !years.contains(&as_of) {
        return Err(CliError::Input(format!(
            "--as-of {as_of}: must be a year from {} to {}",
            years.start(),
            years.end()
        )));
    }
    Ok((db, stored, as_of))
}

/// Log lines to standard error: `warn` and worse for the one-shot commands, `info` for the server (`RUST_LOG`
/// overrides), as text or as JSON objects (each with the span of its request, so its id).
fn init_tracing(quiet: bool, format: crate::config::LogFormat) {
    let default = if quiet { "warn" } else { "info" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        crate::config::LogFormat::Text => lines.with_ansi(std::io::stderr().is_terminal()).init(),
        crate::config::LogFormat::Json => lines
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// `user add`: an account, scoped to a unit or an agency if asked.
fn user(settings: &Settings, command: UserCommand) -> Result<(), CliError> {
    let UserCommand::Add {
        name,
        role,
        unit,
        agency,
    } = command;
    accounts::add_user(
        settings,
        &name,
        role.into(),
        (unit.as_deref(), agency.as_deref()),
    )
}
