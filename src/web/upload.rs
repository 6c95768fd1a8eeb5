//! An uploaded file: the request body itself (CSV or XLSX), or the field `file` of a multipart form with the
//! form's other (small) fields. Larger than the limit: 413, read no further.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use super::AppError;
use crate::exchange::FileKind;

/// The largest file accepted, in bytes.
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// Fields of a multipart form at the most (the import form has three).
const MAX_FIELDS: usize = 16;

pub struct Upload {
    pub kind: FileKind,
    pub bytes: Vec<u8>,
    /// The form's other fields (multipart only).
    pub fields: HashMap<String, String>,
}

impl Upload {
    /// The uploaded file, to be read within `limits`.
    pub fn file(&self, limits: crate::exchange::Limits) -> crate::app::import::ImportFile<'_> {
        crate::app::import::ImportFile {
            kind: self.kind,
            bytes: &self.bytes,
            limits,
        }
    }
}

fn too_large() -> AppError {
    let mb = UPLOAD_LIMIT / (1024 * 1024);
    AppError::new(
        super::ErrorCode::TooLarge,
        format!("tệp lớn hơn {mb} MB"),
        format!("the file is larger than {mb} MB"),
    )
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::bad_field(
        "file",
        format!("không đọc được tệp gửi lên: {e}"),
        format!("the upload could not be read: {e}"),
    )
}

/// Reads a stream to its end, refusing it (413) once it passes `limit` bytes.
async fn read_all<S, E>(mut stream: S, limit: usize) -> Result<Vec<u8>, AppError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(unreadable)?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

pub async fn read_upload(req: &HttpRequest, payload: web::Payload) -> Result<Upload, AppError> {
    let header_text = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let declared = header_text(header::CONTENT_LENGTH).parse::<usize>().ok();
    if declared.is_some_and(|n| n > UPLOAD_LIMIT + 64 * 1024) {
        return Err(too_large());
    }
    let content_type = header_text(header::CONTENT_TYPE);
    if !content_type.starts_with("multipart/form-data") {
        let bytes = read_all(payload, UPLOAD_LIMIT).await?;
        let kind = FileKind::detect(None, Some(&content_type), &bytes);
        return Ok(Upload {
            kind,
            bytes,
            fields: HashMap::new(),
        });
    }
    read_form(req, payload).await
}

/// A form with two fields of one name (two files, say): which one is meant cannot be told.
fn named_twice(name: &str) -> AppError {
    let name = crate::domain::text::excerpt(name, 40);
    AppError::bad_field(
        "file",
        format!("biểu mẫu có hai trường {name}: gửi mỗi lần một tệp"),
        format!("the form has two fields named {name}: send one file at a time"),
    )
}

/// A multipart form: the field `file` (up to the limit) and at most a few small other fields.
async fn read_form(req: &HttpRequest, payload: web::Payload) -> Result<Upload, AppError> {
    let mut form = actix_multipart::Multipart::new(req.headers(), payload);
    let mut file: Option<(Option<String>, Option<String>, Vec<u8>)> = None;
    let mut fields = HashMap::new();
    let mut count = 0;
    while let Some(field) = form.next().await {
        count += 1;
        if count > MAX_FIELDS {
            return Err(AppError::bad_field(
                "file",
                format!("biểu mẫu có hơn {MAX_FIELDS} trường"),
                format!("the form has more than {MAX_FIELDS} fields"),
            ));
        }
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or("").to_string();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let media = field.content_type().map(ToString::to_string);
        let limit = if name == "file" { UPLOAD_LIMIT } else { 4096 };
        let bytes = read_all(&mut field, limit).await?;
        if name == "file" {
            if file.is_some() {
                return Err(named_twice(&name));
            }
            file = Some((filename, media, bytes));
        } else {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if fields.insert(name.clone(), text).is_some() {
                return Err(named_twice(&name));
            }
        }
    }
    let (filename, media, bytes) = file.ok_or_else(|| {
        AppError::bad_field(
            "file",
            "biểu mẫu không có trường file",
            "the form has no field named file",
        )
    })?;
    let kind = FileKind::detect(filename.as_deref(), media.as_deref(), &bytes);
    Ok(Upload {
        kind,
        bytes,
        fields,
    })
}
