//! Where media files live: a folder beside the database by default, or an
//! S3-compatible bucket for several instances; one API (`object_store`) for
//! both. Keys are content hashes, so a file never changes once written.

use std::sync::Arc;

use object_store::{
    GetOptions, GetRange, ObjectStore, PutPayload, aws::AmazonS3Builder, local::LocalFileSystem,
    path::Path, prefix::PrefixStore,
};

use crate::{
    config::{MediaStoreConfig, S3Config},
    error::{AppError, AppResult},
};

/// The media store.
#[derive(Clone)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// `local:/path` or `s3://bucket/prefix`, for logs and `media verify`.
    pub describe: String,
}

/// A file read from the store (or a range of it).
pub struct Fetched {
    pub bytes: bytes::Bytes,
    /// The whole file's size.
    pub size: u64,
    /// The part sent: `start..end` of the file.
    pub range: std::ops::Range<u64>,
}

/// A file being read from the store.
pub struct Streamed {
    pub size: u64,
    pub range: std::ops::Range<u64>,
    pub chunks: futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>,
}

fn failed(e: object_store::Error) -> AppError {
    tracing::error!(error = %e, "media store");
    AppError::Internal
}

impl Store {
    /// Opens the configured store (creating a local folder if needed).
    ///
    /// # Errors
    /// The folder cannot be created, or the S3 settings are incomplete.
    pub fn open(config: &MediaStoreConfig) -> AppResult<Store> {
        match config {
            MediaStoreConfig::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    tracing::error!(error = %e, dir = %dir.display(), "cannot create the media folder");
                    AppError::Internal
                })?;
                let local = LocalFileSystem::new_with_prefix(dir).map_err(failed)?;
                Ok(Store {
                    inner: Arc::new(local),
                    describe: format!("local:{}", dir.display()),
                })
            }
            MediaStoreConfig::S3(s3) => Self::s3(s3),
        }
    }

    fn s3(s3: &S3Config) -> AppResult<Store> {
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&s3.bucket)
            .with_region(&s3.region)
            .with_allow_http(s3.allow_http);
        if let Some(e) = &s3.endpoint {
            b = b.with_endpoint(e).with_virtual_hosted_style_request(false);
        }
        if let (Some(k), Some(s)) = (&s3.access_key_id, &s3.secret_access_key) {
            b = b.with_access_key_id(k).with_secret_access_key(s);
        }
        let bucket = b.build().map_err(failed)?;
        let inner: Arc<dyn ObjectStore> = if s3.prefix.is_empty() {
            Arc::new(bucket)
        } else {
            Arc::new(PrefixStore::new(bucket, s3.prefix.as_str()))
        };
        Ok(Store {
            inner,
            describe: format!("s3://{}/{}", s3.bucket, s3.prefix),
        })
    }

    /// Writes a file (keys are content hashes: writing again changes nothing).
    ///
    /// # Errors
    /// The store fails.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> AppResult<()> {
        self.inner
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .map_err(failed)?;
        Ok(())
    }

    /// Reads a file, or `range` of it; `None` when there is no such file.
    ///
    /// # Errors
    /// The store fails; a range past the end is `BAD_USER_INPUT`.
    pub async fn get(
        &self,
        key: &str,
        range: Option<std::ops::Range<u64>>,
    ) -> AppResult<Option<Fetched>> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        match self.inner.get_opts(&Path::from(key), options).await {
            Ok(got) => {
                let size = got.meta.size;
                let range = got.range.clone();
                let bytes = got.bytes().await.map_err(failed)?;
                Ok(Some(Fetched { bytes, size, range }))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(object_store::Error::NotModified { .. }) => Ok(None),
            Err(e) if e.to_string().contains("Range") => {
                Err(AppError::invalid("range", "the range is outside the file"))
            }
            Err(e) => Err(failed(e)),
        }
    }

    /// A file, or `range` of it, as a stream of chunks (never whole in
    /// memory); `None` when there is no such file.
    ///
    /// # Errors
    /// The store fails.
    pub async fn stream(
        &self,
        key: &str,
        range: Option<std::ops::Range<u64>>,
    ) -> AppResult<Option<Streamed>> {
        use futures_util::{StreamExt, TryStreamExt};
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        match self.inner.get_opts(&Path::from(key), options).await {
            Ok(got) => Ok(Some(Streamed {
                size: got.meta.size,
                range: got.range.clone(),
                chunks: got.into_stream().map_err(std::io::Error::other).boxed(),
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(failed(e)),
        }
    }

    /// The size of a file, `None` when missing.
    ///
    /// # Errors
    /// The store fails.
    pub async fn size(&self, key: &str) -> AppResult<Option<u64>> {
        match self.inner.head(&Path::from(key)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(failed(e)),
        }
    }

    /// Removes a file (a missing one is no error).
    ///
    /// # Errors
    /// The store fails.
    pub async fn delete(&self, key: &str) -> AppResult<()> {
        match self.inner.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }

    /// Every key in the store.
    ///
    /// # Errors
    /// The store fails.
    pub async fn keys(&self) -> AppResult<Vec<String>> {
        use futures_util::TryStreamExt;
        let all: Vec<object_store::ObjectMeta> =
            self.inner.list(None).try_collect().await.map_err(failed)?;
        Ok(all.into_iter().map(|m| m.location.to_string()).collect())
    }
}
