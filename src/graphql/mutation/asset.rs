//! Uploading to the media library and keeping it.

use async_graphql::{Context, ID, Object, Result, Upload};

use crate::{
    error::AppError,
    graphql::{
        context,
        types::{
            asset::{MediaAsset, UpdateMediaInput},
            common::parse_id,
        },
    },
    service::asset::{self, NewUpload},
};

#[derive(Default)]
pub struct AssetMutation;

#[Object]
impl AssetMutation {
    /// Uploads a file (authors, editors, admins) with the GraphQL multipart
    /// request convention: JPEG, PNG, WebP or GIF images, PDF, DOCX, XLSX
    /// or ODT documents, up to `BANTIN_UPLOAD_MAX_MB` (20). The type comes
    /// from the bytes; images lose their metadata (EXIF, GPS), are turned
    /// upright and get resized copies.
    async fn upload_media(
        &self,
        ctx: &Context<'_>,
        file: Upload,
        alt: Option<String>,
        caption: Option<String>,
        credit: Option<String>,
    ) -> Result<MediaAsset> {
        let state = context::state(ctx)?;
        let value = file
            .value(ctx)
            .map_err(|_| AppError::invalid("file", "no file was sent"))?;
        let filename = value.filename.clone();
        let max = state.config.media.max_bytes;
        let bytes = tokio::task::spawn_blocking(move || {
            use std::io::Read;
            let mut bytes = Vec::new();
            value
                .into_read()
                .take(max as u64 + 1)
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        })
        .await
        .map_err(|_| AppError::internal("reading an upload panicked"))?
        .map_err(|_| AppError::invalid("file", "the file could not be read"))?;
        let up = NewUpload {
            filename,
            bytes,
            alt,
            caption,
            credit,
        };
        let made = asset::upload(
            &state.db,
            &state.media,
            &state.config.media,
            context::viewer(ctx),
            up,
        )
        .await?;
        Ok(MediaAsset(made))
    }

    /// Changes a file's alt text, caption or credit (its uploader, editors,
    /// admins).
    async fn update_media(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateMediaInput,
    ) -> Result<MediaAsset> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(MediaAsset(
            asset::update(db, context::viewer(ctx), id, input.into()).await?,
        ))
    }

    /// Deletes a file (its uploader, editors, admins); refused with
    /// `CONFLICT` while an article, photo or video uses it, unless `force`.
    /// Returns its id.
    async fn delete_media(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default_with = "Some(false)")] force: Option<bool>,
    ) -> Result<ID> {
        let state = context::state(ctx)?;
        let n = parse_id("id", &id)?;
        let force = force.unwrap_or(false);
        asset::delete(&state.db, &state.media, context::viewer(ctx), n, force).await?;
        Ok(id)
    }
}
