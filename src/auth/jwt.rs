//! Signed tokens: short-lived access tokens and read-only preview tokens.
//!
//! The algorithm is pinned by the server's key, never taken from the token
//! header, so `alg: none` or an HS256 token signed with a public key is
//! refused. Every token carries issuer, audience, expiry, not-before and a
//! type, and an access token also the user's token version, so a password
//! change or a disabled account ends all its tokens at once.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

use crate::{
    auth::Role,
    clock,
    config::{JwtConfig, JwtKeyPair},
    error::{AppError, AppResult},
};

/// What a token is for. A refresh token is opaque and never a JWT, so it can
/// never pass as an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Access,
    Preview,
}

/// The claims bantin signs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// User id (access) or article id (preview), as a string.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub typ: TokenKind,
    /// Role, for access tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The user's token version when issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tv: Option<i32>,
}

/// Keys and rules for signing and checking tokens.
pub struct JwtKeys {
    algorithm: Algorithm,
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
}

impl JwtKeys {
    /// HS256 with the configured secret, or the configured key pair.
    ///
    /// # Errors
    /// A key pair whose PEM text cannot be read as such a key.
    pub fn from_config(config: &JwtConfig) -> AppResult<Self> {
        let bad =
            |e: jsonwebtoken::errors::Error| AppError::internal(format!("unusable JWT key: {e}"));
        let (algorithm, encoding, decoding) = match &config.key_pair {
            JwtKeyPair::None => (
                Algorithm::HS256,
                EncodingKey::from_secret(config.secret.as_bytes()),
                DecodingKey::from_secret(config.secret.as_bytes()),
            ),
            JwtKeyPair::EdDsa {
                private_pem,
                public_pem,
            } => (
                Algorithm::EdDSA,
                EncodingKey::from_ed_pem(private_pem.as_bytes()).map_err(bad)?,
                DecodingKey::from_ed_pem(public_pem.as_bytes()).map_err(bad)?,
            ),
            JwtKeyPair::Rs256 {
                private_pem,
                public_pem,
            } => (
                Algorithm::RS256,
                EncodingKey::from_rsa_pem(private_pem.as_bytes()).map_err(bad)?,
                DecodingKey::from_rsa_pem(public_pem.as_bytes()).map_err(bad)?,
            ),
        };
        Ok(JwtKeys {
            algorithm,
            encoding,
            decoding,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            access_ttl: config.access_ttl,
            refresh_ttl: config.refresh_ttl,
        })
    }

    fn sign(
        &self,
        kind: TokenKind,
        sub: String,
        ttl: Duration,
        role: Option<Role>,
        tv: Option<i32>,
    ) -> AppResult<(String, i64)> {
        let now = clock::now().timestamp();
        let exp = now + i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 4);
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub,
            exp,
            nbf: now,
            iat: now,
            typ: kind,
            role: role.map(|r| r.as_str().to_owned()),
            tv,
        };
        let token = encode(&Header::new(self.algorithm), &claims, &self.encoding)
            .map_err(AppError::internal)?;
        Ok((token, exp))
    }

    /// An access token for a user; returns it with its expiry (unix seconds).
    pub fn access_token(
        &self,
        user_id: i64,
        role: Role,
        token_version: i32,
    ) -> AppResult<(String, i64)> {
        self.sign(
            TokenKind::Access,
            user_id.to_string(),
            self.access_ttl,
            Some(role),
            Some(token_version),
        )
    }

    /// A read-only token that shows one unpublished article.
    pub fn preview_token(&self, article_id: i64, ttl: Duration) -> AppResult<(String, i64)> {
        self.sign(TokenKind::Preview, article_id.to_string(), ttl, None, None)
    }

    /// Checks signature, algorithm, issuer, audience, `exp` and `nbf`.
    ///
    /// # Errors
    /// `UNAUTHENTICATED` for any token that fails a check; the message does
    /// not say which, to give an attacker nothing to probe.
    pub fn verify(&self, token: &str) -> AppResult<Claims> {
        let mut v = Validation::new(self.algorithm);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[&self.audience]);
        v.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // Times are checked below against the state's clock, the one that
        // signed them, rather than the library's reading of the system's.
        v.validate_exp = false;
        v.validate_nbf = false;
        let claims = decode::<Claims>(token, &self.decoding, &v)
            .map(|d| d.claims)
            .map_err(|_| invalid_token())?;
        let now = clock::now().timestamp();
        if claims.exp + LEEWAY_SECS < now || claims.nbf - LEEWAY_SECS > now {
            return Err(invalid_token());
        }
        Ok(claims)
    }
}

/// Clock difference tolerated between instances, in seconds.
const LEEWAY_SECS: i64 = 5;

/// The one error for every bad token.
pub fn invalid_token() -> AppError {
    AppError::Unauthenticated("the token is invalid or expired; sign in again".into())
}
