//! `serve`: the HTTP server until SIGTERM or Ctrl-C.

use anyhow::Context;

use super::CliError;
use crate::config::Settings;
use crate::startup::Application;

pub fn serve(settings: &Settings) -> Result<(), CliError> {
    actix_web::rt::System::new().block_on(async {
        let app = Application::build(settings).await?;
        println!(
            "resolution-tracker listening on {} (database: {})",
            app.address(),
            app.backend().as_str()
        );
        app.run_until_stopped().await.context("serving HTTP")?;
        tracing::info!("stopped");
        Ok(())
    })
}
