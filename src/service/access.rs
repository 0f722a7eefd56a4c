//! What each role may do: encoded once, here. Who is asking (`Viewer`)
//! is proven by `auth`; services take it from here with the rules.

pub use crate::auth::{Principal, Viewer};
use crate::{
    auth::Role,
    error::{AppError, AppResult},
};

/// Things a viewer may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read drafts, scheduled and archived items (preview).
    ReadUnpublished,
    CreateArticle,
    /// Edit an article's fields; `own` is whether the viewer created it, `draft`
    /// whether it is still a draft (or returned for changes).
    EditArticle {
        own: bool,
        draft: bool,
    },
    SubmitArticle {
        own: bool,
    },
    /// Publish, schedule, unpublish or archive.
    PublishArticle,
    DeleteArticle {
        own: bool,
        draft: bool,
    },
    ManageCategories,
    ManageUsers,
    /// Publish with a past time: moving an old site's archive in.
    Backdate,
    /// Create a video or gallery (as a draft).
    CreateMedia,
    /// Edit a video or gallery, its photos included; `own` and `draft` as
    /// for articles.
    EditMedia {
        own: bool,
        draft: bool,
    },
    /// Publish, schedule, unpublish or archive a video or gallery.
    PublishMedia,
    DeleteMedia {
        own: bool,
        draft: bool,
    },
    /// Register, change and read webhooks (their secrets sign every call).
    ManageWebhooks,
}

/// The permission table. Every check in bantin goes through here.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Admin | Role::Editor if matches!(action, ManageUsers | Backdate | ManageWebhooks) => {
            role == Role::Admin
        }
        Role::Admin | Role::Editor => true,
        Role::Author => match action {
            ReadUnpublished | CreateArticle | CreateMedia => true,
            EditArticle { own, draft }
            | DeleteArticle { own, draft }
            | EditMedia { own, draft }
            | DeleteMedia { own, draft } => own && draft,
            SubmitArticle { own } => own,
            PublishArticle | PublishMedia | ManageCategories | ManageUsers | Backdate
            | ManageWebhooks => false,
        },
    }
}

impl Viewer {
    /// The signed-in user, or `UNAUTHENTICATED`.
    pub fn principal(&self) -> AppResult<Option<&Principal>> {
        match self {
            Viewer::User(p) => Ok(Some(p)),
            Viewer::System => Ok(None),
            Viewer::Anonymous | Viewer::Preview { .. } => {
                Err(AppError::Unauthenticated("sign in to do this".into()))
            }
        }
    }

    /// The user's id when a person is acting (not the system).
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Viewer::User(p) => Some(p.user_id),
            _ => None,
        }
    }

    /// Checks an action: `UNAUTHENTICATED` for the public, `FORBIDDEN` for a
    /// role without the right.
    pub fn require(&self, action: Action) -> AppResult<()> {
        match self.principal()? {
            None => Ok(()),
            Some(p) if allows(p.role, action) => Ok(()),
            Some(p) => Err(AppError::Forbidden(format!(
                "the {} role may not do this",
                p.role
            ))),
        }
    }

    /// Whether this viewer may see unpublished content at all.
    pub fn sees_unpublished(&self) -> bool {
        matches!(self, Viewer::User(_) | Viewer::System)
    }
}

#[cfg(test)]
mod tests {
    use super::{Action::*, Role::*, *};

    #[test]
    fn permission_table() {
        let rows: &[(Action, [bool; 3])] = &[
            //                                       admin  editor author
            (ReadUnpublished, [true, true, true]),
            (CreateArticle, [true, true, true]),
            (
                EditArticle {
                    own: true,
                    draft: true,
                },
                [true, true, true],
            ),
            (
                EditArticle {
                    own: true,
                    draft: false,
                },
                [true, true, false],
            ),
            (
                EditArticle {
                    own: false,
                    draft: true,
                },
                [true, true, false],
            ),
            (SubmitArticle { own: true }, [true, true, true]),
            (SubmitArticle { own: false }, [true, true, false]),
            (PublishArticle, [true, true, false]),
            (
                DeleteArticle {
                    own: true,
                    draft: true,
                },
                [true, true, true],
            ),
            (
                DeleteArticle {
                    own: false,
                    draft: true,
                },
                [true, true, false],
            ),
            (ManageCategories, [true, true, false]),
            (ManageUsers, [true, false, false]),
            (Backdate, [true, false, false]),
            (CreateMedia, [true, true, true]),
            (
                EditMedia {
                    own: true,
                    draft: true,
                },
                [true, true, true],
            ),
            (
                EditMedia {
                    own: true,
                    draft: false,
                },
                [true, true, false],
            ),
            (
                EditMedia {
                    own: false,
                    draft: true,
                },
                [true, true, false],
            ),
            (PublishMedia, [true, true, false]),
            (
                DeleteMedia {
                    own: true,
                    draft: true,
                },
                [true, true, true],
            ),
            (
                DeleteMedia {
                    own: false,
                    draft: true,
                },
                [true, true, false],
            ),
        ];
        for (action, expected) in rows {
            for (role, want) in [Admin, Editor, Author].into_iter().zip(expected) {
                assert_eq!(allows(role, *action), *want, "{role} {action:?}");
            }
        }
    }

    #[test]
    fn the_public_is_unauthenticated_and_roles_are_forbidden() {
        let err = Viewer::Anonymous.require(CreateArticle).err();
        assert_eq!(err.map(|e| e.code()), Some("UNAUTHENTICATED"));
        let author = Viewer::User(Principal {
            user_id: 1,
            role: Author,
        });
        let err = author.require(PublishArticle).err();
        assert_eq!(err.map(|e| e.code()), Some("FORBIDDEN"));
        assert!(Viewer::System.require(ManageUsers).is_ok());
    }
}
