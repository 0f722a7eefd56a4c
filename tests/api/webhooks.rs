//! Webhooks: admins register endpoints, and each public change reaches
//! them once, signed the Standard Webhooks way, retried until it lands,
//! whatever restarts or second instances happen meanwhile.

use bantin::{auth::Role, config::Config};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{Art, Received, Receiver, TestApp, TestDb, error_code, error_field};

const CREATE: &str = "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id url events secret active } }";
const DELIVERIES: &str = "query($w: ID!) { webhookDeliveries(webhookId: $w) { totalCount items { event status attempts responseStatus lastError messageId nextAttemptAt } } }";

fn config(db: &TestDb) -> Config {
    let mut config = Config::for_database(db.url.clone());
    config.webhooks.allow_private = true;
    config.webhooks.timeout = std::time::Duration::from_secs(2);
    config
}

async fn app_for_hooks() -> TestApp {
    let db = TestDb::new().await;
    let config = config(&db);
    TestApp::with_config(db, config).await
}

async fn ok(app: &TestApp, token: &str, q: &str, vars: Value) -> Value {
    let r = app.gql_as(token, q, vars).await;
    assert!(r.get("errors").is_none(), "{q}: {r}");
    r["data"].clone()
}

async fn hook(app: &TestApp, admin: &str, url: &str, events: &[&str]) -> (String, String) {
    let h = ok(
        app,
        admin,
        CREATE,
        json!({ "i": { "url": url, "events": events } }),
    )
    .await["createWebhook"]
        .clone();
    (
        h["id"].as_str().unwrap().to_owned(),
        h["secret"].as_str().unwrap().to_owned(),
    )
}

/// The signature a receiver computes on its own, from the spec.
fn expected_signature(secret: &str, r: &Received) -> String {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", r.id, r.timestamp, r.body).as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[tokio::test]
async fn admins_manage_webhooks_and_see_the_secret_once() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let input = json!({ "i": { "url": "https://hooks.example.vn/bantin", "events": ["article.published", "video.*"] } });

    let anonymous = app.gql(CREATE, input.clone()).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    let by_editor = app.gql_as(&editor, CREATE, input.clone()).await;
    assert_eq!(error_code(&by_editor), "FORBIDDEN");

    let made = ok(&app, &admin, CREATE, input).await["createWebhook"].clone();
    let secret = made["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{made}");
    assert_eq!(made["events"], json!(["article.published", "video.*"]));
    let id = made["id"].clone();

    let listed = ok(
        &app,
        &admin,
        "{ webhooks { id url secret events active } }",
        json!({}),
    )
    .await;
    assert_eq!(listed["webhooks"][0]["id"], id);
    assert_eq!(listed["webhooks"][0]["secret"], Value::Null);

    let rotated = ok(
        &app,
        &admin,
        "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }",
        json!({ "id": id }),
    )
    .await["rotateWebhookSecret"]["secret"]
        .clone();
    assert!(rotated.as_str().unwrap().starts_with("whsec_"));
    assert_ne!(rotated.as_str().unwrap(), secret);

    let updated = ok(
        &app,
        &admin,
        "mutation($id: ID!) { updateWebhook(id: $id, input: { events: [\"*\"], active: false, description: \"Trang tĩnh\" }) { events active secret } }",
        json!({ "id": id }),
    )
    .await["updateWebhook"]
        .clone();
    assert_eq!(
        updated,
        json!({ "events": ["*"], "active": false, "secret": null })
    );

    // Bad input changes nothing and says which field.
    for (url, events, field) in [
        ("ftp://hooks.example.vn/", json!(["*"]), "url"),
        ("http://127.0.0.1:9/hook", json!(["*"]), "url"),
        ("http://localhost/hook", json!(["*"]), "url"),
        ("http://169.254.169.254/latest", json!(["*"]), "url"),
        ("http://[::1]/hook", json!(["*"]), "url"),
        (
            "https://hooks.example.vn/",
            json!(["article.tweeted"]),
            "events",
        ),
        ("https://hooks.example.vn/", json!([]), "events"),
    ] {
        let r = app
            .gql_as(
                &admin,
                CREATE,
                json!({ "i": { "url": url, "events": events } }),
            )
            .await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{url}: {r}");
        assert_eq!(error_field(&r), field, "{url}: {r}");
    }
    let count = ok(&app, &admin, "{ webhooks { id } }", json!({})).await["webhooks"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(count, 1);

    let deleted = ok(
        &app,
        &admin,
        "mutation($id: ID!) { deleteWebhook(id: $id) }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(deleted["deleteWebhook"], true);
    let names = ok(&app, &admin, "{ webhookEvents }", json!({})).await["webhookEvents"].clone();
    assert!(
        names
            .as_array()
            .unwrap()
            .contains(&json!("gallery.unpublished"))
    );
}

#[tokio::test]
async fn every_public_change_arrives_once_signed_and_in_order() {
    let app = app_for_hooks().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let receiver = Receiver::start().await;
    let (hook_id, secret) = hook(
        &app,
        &admin,
        &receiver.url,
        &["article.*", "category.published"],
    )
    .await;

    let cat = ok(
        &app,
        &admin,
        "mutation { createCategory(input: { name: \"Thời sự\" }) { id } }",
        json!({}),
    )
    .await["createCategory"]["id"]
        .clone();
    let made = ok(
        &app,
        &admin,
        "mutation($c: ID!) { createArticle(input: { title: \"Khai mạc lễ hội hoa\", body: \"<p>Nội dung</p>\", categoryId: $c }) { id version } }",
        json!({ "c": cat }),
    )
    .await["createArticle"]
        .clone();
    let id = made["id"].clone();
    let v = json!({ "id": id });
    let edit = "mutation($id: ID!, $v: Int!, $s: String) { updateArticle(id: $id, input: { summary: $s, version: $v }) { version } }";
    // A draft edit is not public: nothing is sent for it.
    let version = ok(
        &app,
        &admin,
        edit,
        json!({ "id": id, "v": made["version"], "s": "Bản nháp" }),
    )
    .await["updateArticle"]["version"]
        .clone();
    let version = ok(
        &app,
        &admin,
        "mutation($id: ID!) { publishArticle(id: $id) { version } }",
        v.clone(),
    )
    .await["publishArticle"]["version"]
        .clone()
        .as_i64()
        .map_or(version, Value::from);
    ok(
        &app,
        &admin,
        edit,
        json!({ "id": id, "v": version, "s": "Đã sửa" }),
    )
    .await;
    ok(
        &app,
        &admin,
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        v.clone(),
    )
    .await;
    // Scheduled: sent when it comes due, not when it is scheduled.
    let at = (app.now() + chrono::TimeDelta::seconds(120)).to_rfc3339();
    ok(
        &app,
        &admin,
        "mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }",
        json!({ "id": id, "at": at }),
    )
    .await;
    let before_due = receiver.wait_for(4).await;
    app.advance(180);
    receiver.wait_for(5).await;
    ok(
        &app,
        &admin,
        "mutation($id: ID!) { deleteArticle(id: $id) }",
        v.clone(),
    )
    .await;

    let got = receiver.wait_for(6).await;
    let types: Vec<String> = got
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        types,
        [
            "category.published",
            "article.published",
            "article.updated",
            "article.unpublished",
            "article.published",
            "article.deleted"
        ],
        "{before_due:?}"
    );
    for r in &got {
        assert_eq!(r.signature, expected_signature(&secret, r), "{r:?}");
        assert!(r.id.starts_with("msg_"));
        let sent_at: i64 = r.timestamp.parse().unwrap();
        assert!((sent_at - app.now().timestamp()).abs() < 600, "{r:?}");
        let body = r.json();
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    }
    let mut ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "each message has its own id");
    let published = got[1].json();
    assert_eq!(published["data"]["kind"], "article");
    assert_eq!(published["data"]["id"], id);
    assert_eq!(published["data"]["slug"], "khai-mac-le-hoi-hoa");
    assert_eq!(published["data"]["op"], "UPSERT");
    assert_eq!(
        published["data"]["url"],
        "https://songlam.example.vn/tin-tuc/khai-mac-le-hoi-hoa"
    );
    assert_eq!(got[5].json()["data"]["url"], Value::Null);

    // Nothing more comes (each once), and the log says so.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(receiver.got().len(), 6);
    let log =
        ok(&app, &admin, DELIVERIES, json!({ "w": hook_id })).await["webhookDeliveries"].clone();
    assert_eq!(log["totalCount"], 6);
    for d in log["items"].as_array().unwrap() {
        assert_eq!(d["status"], "DELIVERED", "{d}");
        assert_eq!(d["attempts"], 1);
        assert_eq!(d["responseStatus"], 200);
    }
}

#[tokio::test]
async fn a_failing_receiver_gets_it_on_the_third_try_across_a_restart() {
    let db = TestDb::new().await;
    let config = config(&db);
    let first = TestApp::with_config(db, config.clone()).await;
    let admin = first.user_token("quantri", Role::Admin).await;
    let receiver = Receiver::start().await;
    receiver.answer(&[500, 503]);
    let (hook_id, secret) = hook(&first, &admin, &receiver.url, &["article.*"]).await;
    let cat = first.category("Kinh tế", None).await;
    let id = first.article(Art::new("Giá lúa tăng", cat)).await;
    let tried = receiver.wait_for(1).await;
    // A later change of the same item waits for the earlier one.
    ok(
        &first,
        &admin,
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        json!({ "id": id.to_string() }),
    )
    .await;
    // The first try failed; the next is scheduled about 5 s on.
    let mut log = Value::Null;
    for _ in 0..100 {
        log = ok(&first, &admin, DELIVERIES, json!({ "w": hook_id })).await["webhookDeliveries"]
            ["items"]
            .clone();
        if log.as_array().is_some_and(|l| l.len() == 2) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(log[1]["status"], "PENDING", "{log}");
    assert_eq!(log[1]["attempts"], 1);
    assert_eq!(log[1]["responseStatus"], 500);
    assert_eq!(
        log[0]["attempts"], 0,
        "the later change was held back: {log}"
    );
    // The process stops; another starts on the same database.
    first.state.shutdown().await;
    let second = TestApp::attach(config).await;
    second.advance(10);
    receiver.wait_for(2).await;
    second.advance(400);
    let got = receiver.wait_for(4).await;
    let types: Vec<String> = got
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        types,
        [
            "article.published",
            "article.published",
            "article.published",
            "article.unpublished"
        ]
    );
    assert!(
        got[..3].iter().all(|r| r.id == tried[0].id),
        "one message id: {got:?}"
    );
    assert_ne!(got[3].id, tried[0].id);
    assert!(
        got.iter()
            .all(|r| r.signature == expected_signature(&secret, r))
    );
    let log = ok(&second, &admin, DELIVERIES, json!({ "w": hook_id })).await["webhookDeliveries"]
        ["items"]
        .clone();
    assert_eq!(log[1]["status"], "DELIVERED", "{log}");
    assert_eq!(log[1]["attempts"], 3);
    assert_eq!(log[0]["status"], "DELIVERED", "{log}");
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(receiver.got().len(), 4);
}

#[tokio::test]
async fn two_instances_never_send_the_same_event_twice() {
    let db = TestDb::new().await;
    let config = config(&db);
    let one = TestApp::with_config(db, config.clone()).await;
    let two = TestApp::attach(config).await;
    let admin = one.user_token("quantri", Role::Admin).await;
    let receiver = Receiver::start().await;
    hook(&one, &admin, &receiver.url, &["article.published"]).await;
    let cat = one.category("Xã hội", None).await;
    for n in 0..30 {
        let app = if n % 2 == 0 { &one } else { &two };
        app.article(Art::new(&format!("Tin số {n}"), cat)).await;
    }
    let got = receiver.wait_for(30).await;
    tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
    let got_later = receiver.got();
    assert_eq!(got_later.len(), 30, "{got:?}");
    let mut ids: Vec<&str> = got_later.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 30);
    let mut slugs: Vec<String> = got_later
        .iter()
        .map(|r| r.json()["data"]["slug"].as_str().unwrap().to_owned())
        .collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 30);
}

#[tokio::test]
async fn a_gone_receiver_is_switched_off_and_a_slow_one_times_out() {
    let app = app_for_hooks().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let gone = Receiver::start().await;
    gone.answer(&[410]);
    let slow = Receiver::start().await;
    slow.delay(std::time::Duration::from_secs(5));
    let (gone_id, _) = hook(&app, &admin, &gone.url, &["article.*"]).await;
    let (slow_id, _) = hook(&app, &admin, &slow.url, &["article.*"]).await;
    let cat = app.category("Giáo dục", None).await;
    app.article(Art::new("Khai giảng năm học mới", cat)).await;
    gone.wait_for(1).await;
    slow.wait_for(1).await;
    let mut hooks = Value::Null;
    let mut slow_log = Value::Null;
    for _ in 0..100 {
        hooks = ok(
            &app,
            &admin,
            "{ webhooks { id active disabledReason } }",
            json!({}),
        )
        .await;
        slow_log = ok(&app, &admin, DELIVERIES, json!({ "w": slow_id })).await["webhookDeliveries"]
            ["items"][0]
            .clone();
        if hooks["webhooks"][0]["active"] == false && slow_log["lastError"].is_string() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(hooks["webhooks"][0]["id"], gone_id);
    assert_eq!(hooks["webhooks"][0]["active"], false, "{hooks}");
    assert!(
        hooks["webhooks"][0]["disabledReason"]
            .as_str()
            .unwrap()
            .contains("410")
    );
    assert_eq!(slow_log["status"], "PENDING", "{slow_log}");
    assert!(
        slow_log["lastError"]
            .as_str()
            .unwrap()
            .contains("timed out"),
        "{slow_log}"
    );
    // A 410 is final: no retry.
    let gone_log = ok(&app, &admin, DELIVERIES, json!({ "w": gone_id })).await["webhookDeliveries"]
        ["items"][0]
        .clone();
    assert_eq!(gone_log["status"], "FAILED");
}
