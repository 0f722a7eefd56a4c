//! Sign-in, tokens and their abuse.

use axum::{
    body::Body,
    http::{Request, header},
};
use bantin::{auth::Role, config::Config};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use std::time::Duration;

use crate::helpers::{TestApp, TestDb, error_code};

const ME: &str = "{ me { id username role active } }";
const SECRET: &str = "test-secret-that-is-long-enough-0123456789";
const REFRESH: &str = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken expiresAt } }";

fn claims(overrides: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut c = json!({
        "iss": "bantin", "aud": "bantin-api", "sub": "1", "typ": "access",
        "role": "admin", "tv": 0, "iat": now, "nbf": now, "exp": now + 600
    });
    if let (Some(base), Some(extra)) = (c.as_object_mut(), overrides.as_object()) {
        base.extend(extra.clone());
    }
    c
}

fn sign(alg: Algorithm, secret: &str, claims: &Value) -> String {
    encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn login_returns_tokens_that_work_for_me() {
    let app = TestApp::spawn().await;
    let token = app.user_token("quantri", Role::Admin).await;
    let me = app.gql_as(&token, ME, json!({})).await;
    assert_eq!(me["data"]["me"]["username"], "quantri");
    assert_eq!(me["data"]["me"]["role"], "ADMIN");
    assert_eq!(app.data(ME, json!({})).await["me"], json!(null));
    let payload = app.login("quantri", "quantri-password-123").await;
    assert!(payload["refreshToken"].as_str().unwrap().len() >= 40);
    assert!(payload["expiresAt"].as_str().is_some());
    assert_eq!(payload["user"]["role"], "ADMIN");
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.user_token("bientap", Role::Editor).await;
    let q =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    let wrong = app
        .gql(q, json!({ "u": "bientap", "p": "sai-mat-khau-123" }))
        .await;
    let unknown = app
        .gql(q, json!({ "u": "khongco", "p": "sai-mat-khau-123" }))
        .await;
    assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    app.user_token("bientap", Role::Editor).await;
    let first = app.login("bientap", "bientap-password-123").await;
    let t1 = first["refreshToken"].clone();
    let second = app.gql(REFRESH, json!({ "t": t1 })).await;
    let t2 = second["data"]["refreshToken"]["refreshToken"].clone();
    assert!(t2.is_string() && t2 != t1);
    let access = second["data"]["refreshToken"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.gql_as(&access, ME, json!({})).await["data"]["me"]["username"],
        "bientap"
    );
    // t1 was rotated: showing it again is theft, and ends t2 too.
    assert_eq!(
        error_code(&app.gql(REFRESH, json!({ "t": t1 })).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(&app.gql(REFRESH, json!({ "t": t2 })).await),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn logout_ends_the_refresh_token() {
    let app = TestApp::spawn().await;
    app.user_token("bientap", Role::Editor).await;
    let s = app.login("bientap", "bientap-password-123").await;
    let out = app
        .gql(
            "mutation($t: String!) { logout(refreshToken: $t) }",
            json!({ "t": s["refreshToken"] }),
        )
        .await;
    assert_eq!(out["data"]["logout"], true);
    assert_eq!(
        error_code(&app.gql(REFRESH, json!({ "t": s["refreshToken"] })).await),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn a_refresh_token_is_never_an_access_token() {
    let app = TestApp::spawn().await;
    app.user_token("bientap", Role::Editor).await;
    let s = app.login("bientap", "bientap-password-123").await;
    let body = app
        .gql_as(s["refreshToken"].as_str().unwrap(), ME, json!({}))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn forged_tokens_are_all_rejected() {
    let app = TestApp::spawn().await;
    let real = app.user_token("quantri", Role::Admin).await;
    let sub = app.gql_as(&real, ME, json!({})).await["data"]["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let past = chrono::Utc::now().timestamp() - 3600;
    let none_token = {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims(json!({ "sub": sub })).to_string());
        format!("{header}.{payload}.")
    };
    let tampered = {
        let author = app.user_token("tacgia", Role::Author).await;
        let parts: Vec<&str> = author.split('.').collect();
        let mut payload: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        payload["role"] = json!("admin");
        payload["sub"] = json!(sub);
        format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(payload.to_string()),
            parts[2]
        )
    };
    let cases = [
        ("alg none", none_token),
        (
            "wrong key",
            sign(
                Algorithm::HS256,
                "another-secret-entirely-0123456789abc",
                &claims(json!({ "sub": sub })),
            ),
        ),
        (
            "other algorithm",
            sign(Algorithm::HS512, SECRET, &claims(json!({ "sub": sub }))),
        ),
        (
            "expired",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(json!({ "sub": sub, "exp": past, "iat": past - 60, "nbf": past - 60 })),
            ),
        ),
        (
            "not yet valid",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(json!({ "sub": sub, "nbf": chrono::Utc::now().timestamp() + 3600 })),
            ),
        ),
        (
            "wrong audience",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(json!({ "sub": sub, "aud": "other-api" })),
            ),
        ),
        (
            "wrong issuer",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(json!({ "sub": sub, "iss": "evil" })),
            ),
        ),
        (
            "stale token version",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(json!({ "sub": sub, "tv": 7 })),
            ),
        ),
        ("tampered payload", tampered),
        ("garbage", "abc.def.ghi".to_owned()),
    ];
    for (name, token) in cases {
        let body = app.gql_as(&token, ME, json!({})).await;
        assert_eq!(
            error_code(&body),
            "UNAUTHENTICATED",
            "{name} was accepted: {body}"
        );
    }
    // The control: a token made the same way with the right key passes.
    let good = sign(Algorithm::HS256, SECRET, &claims(json!({ "sub": sub })));
    assert_eq!(
        app.gql_as(&good, ME, json!({})).await["data"]["me"]["id"],
        json!(sub)
    );
}

#[tokio::test]
async fn disabling_a_user_or_changing_a_password_ends_their_tokens_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let editor_id = app.gql_as(&editor, ME, json!({})).await["data"]["me"]["id"].clone();
    let session = app.login("bientap", "bientap-password-123").await;
    let disable = app
        .gql_as(
            &admin,
            "mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }",
            json!({ "id": editor_id }),
        )
        .await;
    assert_eq!(disable["data"]["updateUser"]["active"], false);
    assert_eq!(
        error_code(&app.gql_as(&editor, ME, json!({})).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(
            &app.gql(REFRESH, json!({ "t": session["refreshToken"] }))
                .await
        ),
        "UNAUTHENTICATED"
    );
    let q =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    assert_eq!(
        error_code(
            &app.gql(q, json!({ "u": "bientap", "p": "bientap-password-123" }))
                .await
        ),
        "UNAUTHENTICATED"
    );

    let author = app.user_token("tacgia", Role::Author).await;
    let changed = app
        .gql_as(
            &author,
            "mutation { changePassword(currentPassword: \"tacgia-password-123\", newPassword: \"mat-khau-moi-456\") { username } }",
            json!({}),
        )
        .await;
    assert_eq!(changed["data"]["changePassword"]["username"], "tacgia");
    assert_eq!(
        error_code(&app.gql_as(&author, ME, json!({})).await),
        "UNAUTHENTICATED"
    );
    app.login("tacgia", "mat-khau-moi-456").await;
}

#[tokio::test]
async fn a_role_change_or_an_admin_password_reset_ends_the_users_tokens_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let q = "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { role } }";
    for (user, input) in [
        ("bientap", json!({ "role": "AUTHOR" })),
        (
            "phongvien",
            json!({ "password": "mat-khau-do-admin-dat-789" }),
        ),
    ] {
        let token = app.user_token(user, Role::Editor).await;
        let session = app.login(user, &format!("{user}-password-123")).await;
        let id = app.gql_as(&token, ME, json!({})).await["data"]["me"]["id"].clone();
        assert!(id.is_string(), "{user} is signed in before the change");
        let changed = app.gql_as(&admin, q, json!({ "id": id, "i": input })).await;
        assert!(changed.get("errors").is_none(), "{changed}");
        // The old access token and the refresh token are refused at once,
        // with no wait for their expiry.
        assert_eq!(
            error_code(&app.gql_as(&token, ME, json!({})).await),
            "UNAUTHENTICATED",
            "{user}'s access token"
        );
        assert_eq!(
            error_code(
                &app.gql(REFRESH, json!({ "t": session["refreshToken"] }))
                    .await
            ),
            "UNAUTHENTICATED",
            "{user}'s refresh token"
        );
    }
    // A new sign-in works: with the new password, and with the new role.
    app.login("phongvien", "mat-khau-do-admin-dat-789").await;
    let fresh = app.login("bientap", "bientap-password-123").await;
    let me = app
        .gql_as(
            fresh["accessToken"].as_str().expect("a token"),
            "{ me { role } }",
            json!({}),
        )
        .await;
    assert_eq!(me["data"]["me"]["role"], "AUTHOR");
}

#[tokio::test]
async fn only_admins_manage_users() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let q = "mutation($i: CreateUserInput!) { createUser(input: $i) { username role } }";
    let input = json!({ "i": { "username": "phongvien", "role": "AUTHOR", "password": "mat-khau-dai-123" } });
    assert_eq!(
        error_code(&app.gql_as(&editor, q, input.clone()).await),
        "FORBIDDEN"
    );
    let made = app.gql_as(&admin, q, input.clone()).await;
    assert_eq!(made["data"]["createUser"]["role"], "AUTHOR");
    assert_eq!(error_code(&app.gql_as(&admin, q, input).await), "CONFLICT");
    let short = app
        .gql_as(
            &admin,
            q,
            json!({ "i": { "username": "x", "role": "AUTHOR", "password": "ngan" } }),
        )
        .await;
    assert_eq!(error_code(&short), "BAD_USER_INPUT");
    let users = app
        .gql_as(&admin, "{ users { username } }", json!({}))
        .await;
    assert_eq!(users["data"]["users"].as_array().unwrap().len(), 3);
    assert_eq!(
        error_code(
            &app.gql_as(&editor, "{ users { username } }", json!({}))
                .await
        ),
        "FORBIDDEN"
    );
    // Every field a client can ask of a user, as the schema lists them.
    let user_type = app
        .gql_as(
            &admin,
            "{ __type(name: \"User\") { fields { name type { kind ofType { kind } } } } }",
            json!({}),
        )
        .await;
    let fields: Vec<&str> = user_type["data"]["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let t = &f["type"];
            let kind = if t["kind"] == "NON_NULL" {
                &t["ofType"]["kind"]
            } else {
                &t["kind"]
            };
            kind == "SCALAR" || kind == "ENUM"
        })
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for known in [
        "id",
        "username",
        "displayName",
        "role",
        "active",
        "createdAt",
    ] {
        assert!(fields.contains(&known), "{known} missing from {fields:?}");
    }
    let all = fields.join(" ");
    let every_user = app
        .gql_as(
            &admin,
            &format!("{{ users {{ {all} }} me {{ {all} }} }}"),
            json!({}),
        )
        .await;
    assert!(every_user.get("errors").is_none(), "{every_user}");
    assert_eq!(every_user["data"]["users"].as_array().unwrap().len(), 3);
    let created = app
        .gql_as(
            &admin,
            &format!("mutation($i: CreateUserInput!) {{ createUser(input: $i) {{ {all} }} }}"),
            json!({ "i": { "username": "phongvien2", "role": "AUTHOR", "password": "mat-khau-dai-456" } }),
        )
        .await;
    assert!(created.get("errors").is_none(), "{created}");
    let signed_in = app
        .gql(
            &format!("mutation {{ login(username: \"phongvien2\", password: \"mat-khau-dai-456\") {{ user {{ {all} }} }} }}"),
            json!({}),
        )
        .await;
    assert!(signed_in.get("errors").is_none(), "{signed_in}");
    for body in [&users, &every_user, &created, &signed_in] {
        let text = body.to_string();
        for leak in ["argon2", "$v=19", "mat-khau-dai"] {
            assert!(!text.contains(leak), "{leak} leaked: {text}");
        }
    }
}

/// A login request from `ip` (through a proxy that appends it).
fn login_from(user: &str, password: &str, ip: &str) -> Request<Body> {
    let body = json!({
        "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }",
        "variables": { "u": user, "p": password }
    });
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", ip)
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn behind_a_proxy() -> TestApp {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.trust_forwarded_for = true;
    let app = TestApp::with_config(db, config).await;
    app.user_token("bientap", Role::Editor).await;
    app
}

const RIGHT: &str = "bientap-password-123";
const WRONG: &str = "sai-mat-khau-123";

#[tokio::test]
async fn repeated_failures_are_limited_per_username_and_client_and_per_client() {
    let app = behind_a_proxy().await;
    for _ in 0..5 {
        let r = app.request(login_from("bientap", WRONG, "10.0.0.1")).await;
        assert_eq!(error_code(&r.body), "UNAUTHENTICATED");
    }
    let limited = app.request(login_from("bientap", WRONG, "10.0.0.1")).await;
    assert_eq!(error_code(&limited.body), "RATE_LIMITED");
    assert!(
        limited.body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap()
            > 0
    );
    // Even the right password waits there: the limit is checked first.
    let right = app.request(login_from("bientap", RIGHT, "10.0.0.1")).await;
    assert_eq!(error_code(&right.body), "RATE_LIMITED");
    // It waits as long as `retryAfter` said, and no longer (a few seconds'
    // margin: the clock keeps running while the test does).
    let wait = i64::try_from(
        limited.body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap(),
    )
    .unwrap();
    app.advance(wait - 5);
    let early = app.request(login_from("bientap", RIGHT, "10.0.0.1")).await;
    assert_eq!(error_code(&early.body), "RATE_LIMITED");
    app.advance(5);
    let after = app.request(login_from("bientap", RIGHT, "10.0.0.1")).await;
    assert!(
        after.body["data"]["login"]["accessToken"].is_string(),
        "{}",
        after.body
    );
    // Whoever knows the username cannot lock its owner out from elsewhere.
    let owner = app.request(login_from("bientap", RIGHT, "10.0.0.2")).await;
    assert!(
        owner.body["data"]["login"]["accessToken"].is_string(),
        "{}",
        owner.body
    );
    // One client spraying many usernames is limited too.
    // Forged entries before the one our proxy appends change nothing.
    for i in 0..20 {
        let forged = format!("203.0.113.{i}, 10.0.0.9");
        app.request(login_from(&format!("nguoi{i}"), WRONG, &forged))
            .await;
    }
    let sprayed = app
        .request(login_from("nguoi-moi", WRONG, "198.51.100.7, 10.0.0.9"))
        .await;
    assert_eq!(error_code(&sprayed.body), "RATE_LIMITED");
    let elsewhere = app
        .request(login_from("nguoi-moi", WRONG, "10.0.0.10"))
        .await;
    assert_eq!(error_code(&elsewhere.body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_username_guessed_from_many_clients_slows_down_but_its_owner_gets_in() {
    let app = behind_a_proxy().await;
    // Ten failures from ten addresses: no client reaches its own limit.
    for i in 0..10 {
        let r = app
            .request(login_from("bientap", WRONG, &format!("10.1.0.{i}")))
            .await;
        assert_eq!(error_code(&r.body), "UNAUTHENTICATED");
    }
    // From here on each attempt waits, longer each time.
    let mut waits = Vec::new();
    for i in 10..12 {
        let started = std::time::Instant::now();
        let r = app
            .request(login_from("bientap", WRONG, &format!("10.1.0.{i}")))
            .await;
        assert_eq!(error_code(&r.body), "UNAUTHENTICATED");
        waits.push(started.elapsed());
    }
    assert!(waits[0] >= Duration::from_millis(250), "{waits:?}");
    assert!(waits[1] >= Duration::from_millis(500), "{waits:?}");
    // The owner waits too, but signs in.
    let started = std::time::Instant::now();
    let owner = app.request(login_from("bientap", RIGHT, "10.2.0.1")).await;
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        owner.body["data"]["login"]["accessToken"].is_string(),
        "{}",
        owner.body
    );
}

/// A burst of guesses sent at once gets no more password checks than the
/// limit: each attempt is counted before its password is checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_guesses_get_no_more_checks_than_the_limit() {
    let app = TestApp::spawn().await;
    app.user_token("bientap", Role::Editor).await;
    let q =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    let mut tasks = Vec::new();
    for i in 0..30 {
        let router = app.router.clone();
        let body =
            json!({ "query": q, "variables": { "u": "bientap", "p": format!("doan-thu-{i:04}") } });
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let req = Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            let resp = router.oneshot(req).await.unwrap();
            let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
                .await
                .unwrap();
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            error_code(&v).to_owned()
        }));
    }
    let mut checked = 0;
    for t in tasks {
        match t.await.unwrap().as_str() {
            "UNAUTHENTICATED" => checked += 1,
            "RATE_LIMITED" => {}
            other => panic!("unexpected {other}"),
        }
    }
    // Racing attempts may all see each other and all be refused; what must
    // never happen is more than five guesses being tried.
    assert!(checked <= 5, "{checked} passwords were checked");
    let right = app
        .gql(q, json!({ "u": "bientap", "p": "bientap-password-123" }))
        .await;
    assert_eq!(error_code(&right), "RATE_LIMITED", "{right}");
}

/// Behind a load balancer each attempt may reach another instance: the
/// failures are counted in the shared database, so the limit is the site's.
#[tokio::test]
async fn login_limits_hold_across_instances_sharing_a_database() {
    let db = TestDb::new().await;
    let url = db.url.clone();
    let a = TestApp::with_config(db, Config::for_database(url.clone())).await;
    let b = TestApp::attach(Config::for_database(url)).await;
    a.user_token("bientap", Role::Editor).await;
    let q =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    for i in 0..5 {
        let app = if i % 2 == 0 { &a } else { &b };
        let r = app
            .gql(q, json!({ "u": "bientap", "p": "sai-mat-khau-123" }))
            .await;
        assert_eq!(error_code(&r), "UNAUTHENTICATED", "{r}");
    }
    let right = json!({ "u": "BienTap", "p": "bientap-password-123" });
    for app in [&a, &b] {
        let r = app.gql(q, right.clone()).await;
        assert_eq!(error_code(&r), "RATE_LIMITED", "{r}");
        let wait = r["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap();
        assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    }
    // What is stored names neither the user nor the address.
    let rows = entity::login_failure::Entity::find()
        .all(&a.state.db)
        .await
        .unwrap();
    // Three counts per attempt: username and client, client, username.
    assert_eq!(rows.len(), 15);
    for row in rows {
        assert_eq!(row.key.len(), 64);
        assert!(!row.key.contains("bientap"), "{}", row.key);
    }
}

#[tokio::test]
async fn a_preview_token_shows_one_draft_and_grants_nothing_else() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let cat = app.category("Tin tức", None).await;
    let make = "mutation($c: ID!, $t: String!) { createArticle(input: { title: $t, body: \"<p>x</p>\", categoryId: $c }) { id } }";
    let draft = app
        .gql_as(
            &editor,
            make,
            json!({ "c": cat.to_string(), "t": "Bản nháp A" }),
        )
        .await["data"]["createArticle"]["id"]
        .clone();
    let other = app
        .gql_as(
            &editor,
            make,
            json!({ "c": cat.to_string(), "t": "Bản nháp B" }),
        )
        .await["data"]["createArticle"]["id"]
        .clone();
    let minted = app
        .gql_as(&editor, "mutation($id: ID!) { createPreviewToken(articleId: $id, ttlSeconds: 600) { token expiresAt } }", json!({ "id": draft }))
        .await;
    let preview = minted["data"]["createPreviewToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let q = "query($id: ID) { article(id: $id) { title } }";
    assert_eq!(
        app.gql_as(&preview, q, json!({ "id": draft })).await["data"]["article"]["title"],
        "Bản nháp A"
    );
    let not_this_one = app.gql_as(&preview, q, json!({ "id": other })).await;
    assert!(not_this_one.get("errors").is_none(), "{not_this_one}");
    assert_eq!(not_this_one["data"]["article"], json!(null));
    let nobody = app.gql_as(&preview, ME, json!({})).await;
    assert!(nobody.get("errors").is_none(), "{nobody}");
    assert_eq!(nobody["data"]["me"], json!(null));
    let write = app
        .gql_as(
            &preview,
            "mutation($id: ID!) { publishArticle(id: $id) { id } }",
            json!({ "id": draft }),
        )
        .await;
    assert_eq!(error_code(&write), "UNAUTHENTICATED");
    let anonymous = app
        .gql(
            "mutation($id: ID!) { createPreviewToken(articleId: $id) { token } }",
            json!({ "id": draft }),
        )
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
}

#[tokio::test]
async fn key_pair_signing_works_and_refuses_algorithm_confusion() {
    for (alg, private, public) in [
        (
            bantin::config::JwtKeyPair::EdDsa {
                private_pem: include_str!("../fixtures/ed25519-private.pem").into(),
                public_pem: include_str!("../fixtures/ed25519-public.pem").into(),
            },
            "EdDSA",
            include_str!("../fixtures/ed25519-public.pem"),
        ),
        (
            bantin::config::JwtKeyPair::Rs256 {
                private_pem: include_str!("../fixtures/rsa-private.pem").into(),
                public_pem: include_str!("../fixtures/rsa-public.pem").into(),
            },
            "RS256",
            include_str!("../fixtures/rsa-public.pem"),
        ),
    ]
    .into_iter()
    .map(|(k, name, public)| (name, k, public))
    {
        let db = TestDb::new().await;
        let mut config = Config::for_database(db.url.clone());
        config.jwt.key_pair = private;
        let app = TestApp::with_config(db, config).await;
        let token = app.user_token("quantri", Role::Admin).await;
        let header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(token.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(header["alg"], alg);
        let me = app.gql_as(&token, ME, json!({})).await;
        assert_eq!(me["data"]["me"]["username"], "quantri");
        // The classic confusion: an HS256 token keyed with the public key.
        let sub = me["data"]["me"]["id"].as_str().unwrap().to_owned();
        let forged = sign(Algorithm::HS256, public, &claims(json!({ "sub": sub })));
        assert_eq!(
            error_code(&app.gql_as(&forged, ME, json!({})).await),
            "UNAUTHENTICATED",
            "{alg}"
        );
        // And a token signed with the server's HS256 secret is no good either.
        let hs = sign(Algorithm::HS256, SECRET, &claims(json!({ "sub": sub })));
        assert_eq!(
            error_code(&app.gql_as(&hs, ME, json!({})).await),
            "UNAUTHENTICATED",
            "{alg}"
        );
    }
}

/// Without `BANTIN_TRUST_FORWARDED_FOR`, `X-Forwarded-For` is the client's
/// own claim and changes nothing: twenty guesses under twenty forged
/// addresses all count on the one real client, and the 21st is refused.
#[tokio::test]
async fn forwarded_for_is_ignored_unless_trusted() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        let r = app
            .request(login_from(
                &format!("nguoi{i}"),
                WRONG,
                &format!("203.0.113.{i}"),
            ))
            .await;
        assert_eq!(error_code(&r.body), "UNAUTHENTICATED", "attempt {}", i + 1);
    }
    let r = app
        .request(login_from("nguoi-khac", WRONG, "198.51.100.1"))
        .await;
    assert_eq!(error_code(&r.body), "RATE_LIMITED", "{}", r.body);
}
