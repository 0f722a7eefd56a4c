//! Editors' accounts.

use entity::user;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, ExprTrait},
};

use super::{
    access::{Action, Viewer},
    audit,
};
use crate::auth::Role;
use crate::{
    auth::password,
    clock,
    error::{AppError, AppResult},
};

/// Checks a username: 3-64 of a-z, 0-9, `.`, `_`, `-`; stored lowercase.
pub fn check_username(username: &str) -> AppResult<String> {
    let u = username.trim().to_ascii_lowercase();
    let ok = (3..=64).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(u)
    } else {
        Err(AppError::invalid(
            "username",
            "username must be 3-64 characters: letters a-z, digits, `.`, `_` or `-`",
        ))
    }
}

/// Fields of a new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub password: String,
}

/// Creates an account (admins, or the command line).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewUser,
) -> AppResult<user::Model> {
    viewer.require(Action::ManageUsers)?;
    let username = check_username(&input.username)?;
    password::check_new(&input.password)?;
    let display_name = input
        .display_name
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| username.clone());
    if display_name.chars().count() > 200 {
        return Err(AppError::invalid(
            "displayName",
            "display name must be at most 200 characters",
        ));
    }
    if user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict {
            message: "this username is taken".into(),
            field: Some("username"),
        });
    }
    let hash = password::hash(input.password).await?;
    let now = clock::now();
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let created = user::ActiveModel {
        username: Set(username),
        display_name: Set(display_name),
        password_hash: Set(hash),
        role: Set(input.role.as_str().into()),
        active: Set(true),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        viewer,
        "user.create",
        Some(audit::Target::new("user", created.id)),
        Some(serde_json::json!({ "username": created.username, "role": created.role })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// All accounts, by username (admins).
pub async fn list(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Vec<user::Model>> {
    viewer.require(Action::ManageUsers)?;
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?)
}

/// One account by id.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("user"))
}

/// Changes made by an admin to an account; each one ends the account's
/// sessions where it matters (role, active, password).
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// Updates an account (admins). Admins cannot demote or disable themselves,
/// so a site never loses its last way in by accident.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: UserChanges,
) -> AppResult<user::Model> {
    viewer.require(Action::ManageUsers)?;
    // Hashing is slow: done before the write transaction starts.
    let new_hash = match changes.password {
        Some(p) => {
            password::check_new(&p)?;
            Some(password::hash(p).await?)
        }
        None => None,
    };
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = get(&txn, id).await?;
    let mut changed = Vec::new();
    let is_self = viewer.user_id() == Some(id);
    let mut m = current.clone().into_active_model();
    let mut end_sessions = false;
    if let Some(d) = changes.display_name {
        let d = d.trim().to_owned();
        if d.is_empty() || d.chars().count() > 200 {
            return Err(AppError::invalid(
                "displayName",
                "display name must be 1-200 characters",
            ));
        }
        m.display_name = Set(d);
        changed.push("displayName");
    }
    if let Some(role) = changes.role {
        if is_self && role != Role::Admin {
            return Err(AppError::invalid(
                "role",
                "you cannot take away your own admin role",
            ));
        }
        end_sessions |= role.as_str() != current.role;
        m.role = Set(role.as_str().into());
        changed.push("role");
    }
    if let Some(active) = changes.active {
        if is_self && !active {
            return Err(AppError::invalid(
                "active",
                "you cannot disable your own account",
            ));
        }
        end_sessions |= !active;
        m.active = Set(active);
        changed.push("active");
    }
    if let Some(hash) = new_hash {
        m.password_hash = Set(hash);
        end_sessions = true;
        changed.push("password");
    }
    if end_sessions {
        m.token_version = Set(current.token_version + 1);
        super::session::revoke_all(&txn, id).await?;
    }
    m.updated_at = Set(clock::now());
    let saved = m.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "user.update",
        Some(audit::Target::new("user", id)),
        Some(serde_json::json!({ "changed": changed, "role": saved.role, "active": saved.active })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Changes one's own password, given the current one; ends other sessions.
pub async fn change_own_password(
    db: &DatabaseConnection,
    viewer: &Viewer,
    current_password: String,
    new_password: String,
) -> AppResult<user::Model> {
    let id = viewer
        .user_id()
        .ok_or_else(|| AppError::Unauthenticated("sign in to do this".into()))?;
    let u = get(db, id).await?;
    if !password::verify(current_password, u.password_hash.clone()).await? {
        return Err(AppError::invalid(
            "currentPassword",
            "the current password is wrong",
        ));
    }
    password::check_new(&new_password)?;
    let hash = password::hash(new_password).await?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(
            user::Column::TokenVersion,
            Expr::col(user::Column::TokenVersion).add(1),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(clock::now()))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    super::session::revoke_all(&txn, id).await?;
    audit::record(
        &txn,
        viewer,
        "user.password",
        Some(audit::Target::new("user", id)),
        None,
    )
    .await?;
    let saved = get(&txn, id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// An author as readers see one: an active account, by username (its
/// slug in addresses).
pub async fn author(db: &impl ConnectionTrait, username: &str) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username.trim().to_ascii_lowercase()))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?)
}

/// Active accounts by id, for the bylines of many articles at once.
pub async fn authors_by_id(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Changes one's own public profile: the name shown, a biography and a
/// picture (`None` leaves a field, `Some(None)` clears it).
pub async fn update_profile(
    db: &DatabaseConnection,
    viewer: &Viewer,
    display_name: Option<String>,
    bio: Option<Option<String>>,
    avatar_url: Option<Option<String>>,
) -> AppResult<user::Model> {
    let id = viewer
        .user_id()
        .ok_or_else(|| AppError::Unauthenticated("sign in to do this".into()))?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let mut m = get(&txn, id).await?.into_active_model();
    if let Some(d) = display_name {
        m.display_name = Set(super::validate::text_field("displayName", &d, 1, 200)?);
    }
    if let Some(b) = bio {
        m.bio = Set(super::validate::optional("bio", b, 2000)?);
    }
    if let Some(a) = avatar_url {
        m.avatar_url = Set(super::validate::optional_url("avatarUrl", a)?);
    }
    m.updated_at = Set(clock::now());
    let saved = m.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "user.profile",
        Some(audit::Target::new("user", id)),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
