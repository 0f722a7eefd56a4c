//! Compressed answers: `br`, `zstd` or `gzip` by the client's
//! `Accept-Encoding`. Done here rather than by a tower layer so that a cached
//! answer keeps its compressed copies (a hit then costs no compression), and
//! so that each encoding gets its own strong `ETag`, as HTTP requires of
//! different representations.

use std::io::Write;

use axum::{body::Bytes, http::HeaderMap, http::header};

/// Answers smaller than this go as they are: the headers would outweigh the
/// saving.
pub const MIN_SIZE: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Br = 0,
    Zstd = 1,
    Gzip = 2,
}

/// In the order we prefer them when a client accepts several.
const PREFERRED: [Encoding; 3] = [Encoding::Br, Encoding::Zstd, Encoding::Gzip];

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Br => "br",
            Encoding::Zstd => "zstd",
            Encoding::Gzip => "gzip",
        }
    }

    /// `body` compressed, or `None` should the codec fail (the answer then
    /// goes as it is). Levels chosen for answers made on the fly: most of
    /// the size saving at a small share of the highest levels' time.
    pub fn compress(self, body: &[u8]) -> Option<Bytes> {
        let out = match self {
            Encoding::Br => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 5,
                    lgwin: 22,
                    ..Default::default()
                };
                let mut out = Vec::with_capacity(body.len() / 4 + 64);
                brotli::BrotliCompress(&mut &body[..], &mut out, &params).ok()?;
                out
            }
            Encoding::Zstd => zstd::bulk::compress(body, 3).ok()?,
            Encoding::Gzip => {
                let mut gz = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 4 + 64),
                    flate2::Compression::new(6),
                );
                gz.write_all(body).ok()?;
                gz.finish().ok()?
            }
        };
        Some(Bytes::from(out))
    }

    /// The strong validator of this encoding of an answer tagged `etag`.
    pub fn etag(self, etag: &[u8]) -> Bytes {
        let inner = etag.strip_suffix(b"\"").unwrap_or(etag);
        let mut tag = Vec::with_capacity(etag.len() + 6);
        tag.extend_from_slice(inner);
        tag.push(b'-');
        tag.extend_from_slice(self.name().as_bytes());
        tag.push(b'"');
        Bytes::from(tag)
    }
}

/// The encoding to answer in, by `Accept-Encoding` (RFC 9110 section 12.5.3):
/// the preferred one among those the client accepts with a non-zero weight.
pub fn negotiate(headers: &HeaderMap) -> Option<Encoding> {
    // Per encoding: not named, or named with a zero or non-zero weight.
    let mut named: [Option<bool>; 3] = [None; 3];
    let mut star = None;
    for item in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        let weight = parts
            .filter_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let ok = Some(weight > 0.0);
        match name.as_str() {
            "*" => star = ok,
            "br" => named[Encoding::Br as usize] = ok,
            "zstd" => named[Encoding::Zstd as usize] = ok,
            "gzip" | "x-gzip" => named[Encoding::Gzip as usize] = ok,
            _ => {}
        }
    }
    // `*` stands for every encoding not named; those named keep their weight.
    PREFERRED
        .into_iter()
        .find(|&e| named[e as usize].or(star) == Some(true))
}

/// Whether a tag a client sent names this answer in any encoding.
pub fn same_answer(sent: &[u8], etag: &[u8]) -> bool {
    if sent == etag {
        return true;
    }
    let inner = etag.strip_suffix(b"\"").unwrap_or(etag);
    PREFERRED.into_iter().any(|e| {
        sent.strip_prefix(inner)
            .and_then(|rest| rest.strip_prefix(b"-"))
            .and_then(|rest| rest.strip_prefix(e.name().as_bytes()))
            == Some(b"\"")
    })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn pick(accept: &str) -> Option<Encoding> {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        negotiate(&h)
    }

    #[test]
    fn picks_the_preferred_accepted_encoding() {
        assert_eq!(pick("gzip, deflate, br, zstd"), Some(Encoding::Br));
        assert_eq!(pick("gzip, deflate"), Some(Encoding::Gzip));
        assert_eq!(pick("br;q=0, gzip"), Some(Encoding::Gzip));
        assert_eq!(pick("identity"), None);
        assert_eq!(pick("*"), Some(Encoding::Br));
        assert_eq!(pick("*, br;q=0"), Some(Encoding::Zstd));
        assert_eq!(negotiate(&HeaderMap::new()), None);
    }

    #[test]
    fn every_encoding_round_trips_and_has_its_own_tag() {
        use std::io::Read;
        let body = "{\"data\":{\"tin\":\"Ủy ban nhân dân phường\"}}".repeat(100);
        let br = Encoding::Br.compress(body.as_bytes()).unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, body.as_bytes());
        let z = Encoding::Zstd.compress(body.as_bytes()).unwrap();
        assert_eq!(zstd::decode_all(&z[..]).unwrap(), body.as_bytes());
        let gz = Encoding::Gzip.compress(body.as_bytes()).unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body.as_bytes());
        assert!(br.len() < body.len() / 10);

        let tag = b"\"abc\"";
        assert_eq!(&Encoding::Br.etag(tag)[..], b"\"abc-br\"");
        assert!(same_answer(b"\"abc-br\"", tag));
        assert!(same_answer(b"\"abc\"", tag));
        assert!(!same_answer(b"\"abd-br\"", tag));
        assert!(!same_answer(b"\"abc-xx\"", tag));
    }
}
