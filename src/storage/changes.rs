//! PostgreSQL's notices of changed data (the triggers of migration 19 send one on channel `rt_data` whenever a
//! figure, an assessment or a catalog changes, by any process): a thread listens on a connection of its own and
//! wakes the server at once, so that every process on the database drops its cached pages without waiting for its
//! next poll. The poll stays, for SQLite and for a notice lost while the connection was down.

use std::sync::Weak;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use tokio::sync::Notify;

/// How often the connection is read for notices (a read of the socket, no query).
const READ_EVERY: Duration = Duration::from_millis(50);
/// How long to wait before connecting again after the connection failed.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);

/// Listens for notices on the PostgreSQL database at `url`, waking `wake` on each; the thread ends once `wake`
/// is gone (the server stopped).
pub fn listen(url: String, wake: Weak<Notify>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("rt-data-notices".into())
        .spawn(move || {
            while wake.strong_count() > 0 {
                match PgConnection::establish(&url) {
                    Ok(mut conn) => {
                        if diesel::sql_query("LISTEN rt_data")
                            .execute(&mut conn)
                            .is_ok()
                        {
                            // A change may have come while no one listened: look once now.
                            if let Some(w) = wake.upgrade() {
                                w.notify_one();
                            }
                            read_notices(&mut conn, &wake);
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for data changes: cannot connect")
                    }
                }
                std::thread::sleep(RECONNECT_AFTER);
            }
        })
        .map(drop)
}

/// Reads notices until the connection fails or `wake` is gone.
fn read_notices(conn: &mut PgConnection, wake: &Weak<Notify>) {
    loop {
        std::thread::sleep(READ_EVERY);
        let Some(w) = wake.upgrade() else {
            return;
        };
        let mut seen = false;
        for notice in conn.notifications_iter() {
            match notice {
                Ok(_) => seen = true,
                Err(e) => {
                    tracing::warn!(error = %e, "listening for data changes: the connection failed");
                    return;
                }
            }
        }
        if seen {
            w.notify_one();
        }
    }
}
