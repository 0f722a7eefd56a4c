//! Images: decoded once (after checking the size its header claims), turned
//! upright by its EXIF orientation, and written again without any metadata
//! (GPS positions of reporters' phones go), with resized variants, a tiny
//! placeholder and its dominant colour. CPU-bound: runs off the async
//! runtime (see `super::upload`).

use std::io::Cursor;

use base64::{Engine, engine::general_purpose::STANDARD};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, imageops::FilterType};

use crate::error::{AppError, AppResult};

/// Most pixels an upload may have (a 50,000 × 50,000 header is refused
/// before anything is decoded).
pub const MAX_PIXELS: u64 = 50_000_000;

/// One encoded picture.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// `jpeg`, `png` or `webp`: also the file extension.
    pub format: &'static str,
}

impl Encoded {
    pub fn mime(&self) -> &'static str {
        match self.format {
            "jpeg" => "image/jpeg",
            "png" => "image/png",
            _ => "image/webp",
        }
    }
}

/// What an uploaded image becomes.
#[derive(Debug)]
pub struct Processed {
    /// The upright original, without metadata.
    pub original: Encoded,
    /// Narrower copies, in WebP and in the original's format.
    pub variants: Vec<Encoded>,
    /// A preview a few pixels wide, as a `data:` URL.
    pub placeholder: String,
    /// `#rrggbb`.
    pub color: String,
}

fn bad(m: impl Into<String>) -> AppError {
    AppError::invalid("file", m)
}

/// Reads, checks and re-encodes an image; `widths` are the variants'
/// (none as wide as the image is made: nothing is upscaled).
///
/// # Errors
/// `BAD_USER_INPUT` on `file` for a truncated or corrupt image, or one with
/// more than [`MAX_PIXELS`].
pub fn process(bytes: Vec<u8>, format: ImageFormat, widths: &[u32]) -> AppResult<Processed> {
    // Decoders fill what is missing of a cut file with grey; the file's own
    // end marker says whether it all arrived.
    if !complete(&bytes, format) {
        return Err(bad("the image is truncated: its end is missing"));
    }
    let reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| bad("the image could not be read"))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w == 0 || h == 0 {
        return Err(bad(format!(
            "the image is {w} × {h} pixels; at most {} million are taken",
            MAX_PIXELS / 1_000_000
        )));
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    decoder
        .set_limits(limits)
        .map_err(|_| bad("the image is too large to decode"))?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder)
        .map_err(|_| bad("the image is truncated or damaged"))?;
    // The upload's bytes are not needed past decoding.
    drop(bytes);
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    // GIF: its first frame, kept as PNG (lossless, as GIF was).
    let keep = match format {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::WebP => "webp",
        _ => "png",
    };
    let original = encode(&img, keep)?;
    let mut variants = Vec::new();
    let mut wanted: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|v| *v < img.width())
        .collect();
    wanted.sort_unstable_by(|a, b| b.cmp(a));
    wanted.dedup();
    // Each copy from the last (larger) one: each step is cheaper, and no
    // second full-size copy of the image is ever held.
    let mut last: Option<DynamicImage> = None;
    for width in wanted {
        let height = ((u64::from(img.height()) * u64::from(width)) / u64::from(img.width())).max(1);
        let height = u32::try_from(height).unwrap_or(1);
        let next =
            last.as_ref()
                .unwrap_or(&img)
                .resize_exact(width, height, FilterType::CatmullRom);
        // WebP stops at 16,383 pixels a side: a very tall image has no
        // WebP copies, only ones in its own format.
        if let Ok(webp) = encode(&next, "webp") {
            variants.push(webp);
        }
        if keep != "webp" {
            variants.push(encode(&next, keep)?);
        }
        last = Some(next);
    }
    let small = last.as_ref().unwrap_or(&img);
    let tiny = small.thumbnail(16, 16);
    let preview = encode(&tiny, "png")?;
    let placeholder = format!("data:image/png;base64,{}", STANDARD.encode(&preview.bytes));
    let dot = tiny.resize_exact(1, 1, FilterType::Triangle).to_rgb8();
    let [r, g, b] = dot.get_pixel(0, 0).0;
    Ok(Processed {
        original,
        variants,
        placeholder,
        color: format!("#{r:02x}{g:02x}{b:02x}"),
    })
}

/// Whether an image file ends as its format says it must (allowing the few
/// padding bytes some cameras add).
fn complete(bytes: &[u8], format: ImageFormat) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    match format {
        ImageFormat::Jpeg => tail.windows(2).any(|w| w == [0xff, 0xd9]),
        ImageFormat::Png => tail.windows(4).any(|w| w == b"IEND"),
        ImageFormat::Gif => tail.contains(&0x3b),
        ImageFormat::WebP => bytes
            .get(4..8)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .is_some_and(|n| usize::try_from(n).is_ok_and(|n| n + 8 <= bytes.len())),
        _ => true,
    }
}

fn encode(img: &DynamicImage, format: &'static str) -> AppResult<Encoded> {
    let failed = |_| AppError::internal("encoding an image failed");
    let mut out = Vec::new();
    match format {
        "jpeg" => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            // No copy when the image already is 8-bit RGB (most photos).
            if matches!(img, DynamicImage::ImageRgb8(_)) {
                img.write_with_encoder(encoder).map_err(failed)?;
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
                    .write_with_encoder(encoder)
                    .map_err(failed)?;
            }
        }
        "png" => {
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(failed)?;
        }
        _ => {
            let (w, h) = (img.width(), img.height());
            let too_big = |_| bad("the image is too large for WebP (16,383 pixels a side)");
            let memory = if img.color().has_alpha() {
                let rgba = img.to_rgba8();
                webp::Encoder::from_rgba(&rgba, w, h)
                    .encode_simple(false, 80.0)
                    .map_err(too_big)?
            } else {
                let rgb = img.to_rgb8();
                webp::Encoder::from_rgb(&rgb, w, h)
                    .encode_simple(false, 80.0)
                    .map_err(too_big)?
            };
            out = memory.to_vec();
        }
    }
    Ok(Encoded {
        bytes: out,
        width: img.width(),
        height: img.height(),
        format,
    })
}
