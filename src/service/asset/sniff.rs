//! What a file really is, from its bytes (never its name or the type the
//! client declared).

use crate::error::{AppError, AppResult};

/// A file the library accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Image(image::ImageFormat),
    Document {
        mime: &'static str,
        ext: &'static str,
    },
}

impl Detected {
    pub const fn kind(self) -> &'static str {
        match self {
            Self::Image(_) => "image",
            Self::Document { .. } => "document",
        }
    }
}

const ACCEPTED: &str = "JPEG, PNG, WebP or GIF images, and PDF, DOCX, XLSX or ODT documents";

/// Detects the type of `bytes`.
///
/// # Errors
/// `BAD_USER_INPUT` on `file` for anything else (SVG included: it can
/// carry scripts).
pub fn detect(bytes: &[u8]) -> AppResult<Detected> {
    let refuse =
        |what: &str| AppError::invalid("file", format!("{what}: the library takes {ACCEPTED}"));
    let Some(found) = infer::get(bytes) else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
        if head.contains("<svg") {
            return Err(refuse("SVG files can carry scripts and are not taken"));
        }
        return Err(refuse("this file's type is not recognised"));
    };
    use image::ImageFormat as F;
    Ok(match found.mime_type() {
        "image/jpeg" => Detected::Image(F::Jpeg),
        "image/png" => Detected::Image(F::Png),
        "image/webp" => Detected::Image(F::WebP),
        "image/gif" => Detected::Image(F::Gif),
        "application/pdf" => Detected::Document {
            mime: "application/pdf",
            ext: "pdf",
        },
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            Detected::Document {
                mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ext: "docx",
            }
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Detected::Document {
            mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ext: "xlsx",
        },
        "application/vnd.oasis.opendocument.text" => Detected::Document {
            mime: "application/vnd.oasis.opendocument.text",
            ext: "odt",
        },
        "image/avif" => return Err(refuse("AVIF cannot be decoded here")),
        other => return Err(refuse(&format!("a file of type {other}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap(),
            Detected::Image(image::ImageFormat::Png)
        );
        assert!(matches!(
            detect(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap(),
            Detected::Document { ext: "pdf", .. }
        ));
        assert!(detect(b"just some text, named photo.jpg").is_err());
        assert!(detect(b"<?xml version=\"1.0\"?><svg onload=\"alert(1)\"></svg>").is_err());
        assert!(detect(b"MZ\x90\0\x03\0\0\0").is_err());
    }
}
