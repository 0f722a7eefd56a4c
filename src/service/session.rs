//! Sign-in sessions: login, refresh-token rotation with reuse detection, logout.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, TimeDelta, Utc};
use entity::{refresh_token, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, sea_query::Expr,
};
use sha2::{Digest, Sha256};

use super::{
    access::{Principal, Viewer},
    audit,
    login_limit::LoginLimiter,
};
use crate::auth::Role;
use crate::{
    auth::{jwt::JwtKeys, password},
    clock,
    error::{AppError, AppResult},
};

/// What a successful login or refresh hands back.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: user::Model,
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn wrong_credentials() -> AppError {
    // Same words whether the username exists or not.
    AppError::Unauthenticated("wrong username or password".into())
}

/// Issues an access token and a refresh token in `family`.
async fn issue(
    db: &impl ConnectionTrait,
    keys: &JwtKeys,
    u: user::Model,
    family: String,
) -> AppResult<Session> {
    let role =
        Role::parse(&u.role).ok_or_else(|| AppError::internal("unknown role in database"))?;
    let (access_token, exp) = keys.access_token(u.id, role, u.token_version)?;
    let refresh = random_token();
    let now = clock::now();
    let ttl = TimeDelta::from_std(keys.refresh_ttl).unwrap_or(TimeDelta::days(30));
    refresh_token::ActiveModel {
        user_id: Set(u.id),
        family: Set(family),
        token_hash: Set(hash_token(&refresh)),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Session {
        access_token,
        expires_at: DateTime::from_timestamp(exp, 0).unwrap_or(now),
        refresh_token: refresh,
        user: u,
    })
}

/// Signs in with a username and password.
pub async fn login(
    db: &DatabaseConnection,
    keys: &JwtKeys,
    limiter: &LoginLimiter,
    username: &str,
    password_given: String,
    client: &str,
) -> AppResult<Session> {
    let username = username.trim().to_ascii_lowercase();
    let attempt = limiter.attempt(db, &username, client).await?;
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(db)
        .await?;
    // Verify against a dummy hash when the user is unknown, so the time taken
    // does not tell whether the username exists.
    let stored = found.as_ref().map_or_else(
        || password::DUMMY_HASH.to_owned(),
        |u| u.password_hash.clone(),
    );
    let matches = password::verify(password_given, stored)
        .await
        .unwrap_or(false);
    let Some(u) = found.filter(|u| matches && u.active) else {
        // Its own statement: the failure is the whole event.
        audit::record(
            db,
            &Viewer::Anonymous,
            "login.failure",
            None,
            Some(serde_json::json!({ "username": username })),
        )
        .await?;
        // For an operator watching the logs (fail2ban, alerts); the client's
        // address is in the audit log, not here.
        tracing::info!(target: "bantin::auth", %username, "sign-in refused");
        return Err(wrong_credentials());
    };
    limiter.succeeded(db, attempt, &username, client).await?;
    let (_turn, txn) = crate::db::begin_counter_write(db).await?;
    let viewer = Viewer::User(Principal {
        user_id: u.id,
        role: Role::parse(&u.role).unwrap_or(Role::Author),
    });
    audit::record(
        &txn,
        &viewer,
        "login.success",
        Some(audit::Target::new("user", u.id)),
        None,
    )
    .await?;
    let session = issue(&txn, keys, u, random_token()).await?;
    txn.commit().await?;
    Ok(session)
}

/// Swaps a refresh token for a new pair. The old one stops working; showing
/// an already-rotated token again revokes its whole family (it was stolen,
/// or the legitimate holder's copy was).
pub async fn refresh(db: &DatabaseConnection, keys: &JwtKeys, token: &str) -> AppResult<Session> {
    let invalid = || {
        AppError::Unauthenticated("the refresh token is invalid or expired; sign in again".into())
    };
    let now = clock::now();
    let (_turn, txn) = crate::db::begin_counter_write(db).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() && row.revoked_at.is_none() {
        revoke_family(&txn, &row.family).await?;
        txn.commit().await?;
        tracing::warn!(
            user_id = row.user_id,
            "refresh token reused; session family revoked"
        );
        return Err(invalid());
    }
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    // Mark it used only if nobody else just did: two racing refreshes with
    // one token cannot both win.
    let marked = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(invalid());
    }
    let u = user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or_else(invalid)?;
    let session = issue(&txn, keys, u, row.family).await?;
    txn.commit().await?;
    Ok(session)
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored,
/// so logout never tells anything.
pub async fn logout(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
    {
        revoke_family(db, &row.family).await?;
    }
    Ok(())
}

async fn revoke_family(db: &impl ConnectionTrait, family: &str) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every refresh token of a user (password change, disabled account).
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
