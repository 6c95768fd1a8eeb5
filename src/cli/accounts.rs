//! `user add NAME --role ROLE` (the password from standard input) and `token create NAME`.

use std::io::Read;

use super::{open_migrated, CliError};
use crate::app::accounts::{self, AccountError};
use crate::config::Settings;
use crate::domain::account::Role;

fn account_error(e: AccountError) -> CliError {
    match e {
        AccountError::Storage(e) => e.into(),
        other => CliError::Input(other.to_string()),
    }
}

pub fn add_user(
    settings: &Settings,
    name: &str,
    role: Role,
    scope: (Option<&str>, Option<&str>),
) -> Result<(), CliError> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .map_err(|e| CliError::Input(format!("reading the password from standard input: {e}")))?;
    // One line typed or piped in: the line break is not part of the password.
    let password = password
        .strip_suffix('\n')
        .map(|p| p.strip_suffix('\r').unwrap_or(p))
        .unwrap_or(&password);
    let db = open_migrated(settings)?;
    let user =
        accounts::add_user(&mut *db.conn()?, name, password, role, scope).map_err(account_error)?;
    match &user.unit {
        Some(unit) => println!(
            "user {} added with the role {}, writing for the unit {unit} only",
            user.name, user.role
        ),
        None => match scope.1 {
            Some(agency) => println!(
                "user {} added with the role {}, writing for the agency {agency}'s targets only",
                user.name, user.role
            ),
            None => println!("user {} added with the role {}", user.name, user.role),
        },
    }
    Ok(())
}

pub fn create_token(settings: &Settings, name: &str, label: &str) -> Result<(), CliError> {
    let db = open_migrated(settings)?;
    let token = accounts::create_token(&mut *db.conn()?, name, label).map_err(account_error)?;
    eprintln!("a new API token for {name}; it is shown this once (send it as Authorization: Bearer <token>):");
    println!("{token}");
    Ok(())
}
