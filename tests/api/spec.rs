//! What the GraphQL spec and GraphQL over HTTP promise clients: field errors
//! give `null`, keys follow the query, media types follow `Accept`, only JSON
//! bodies run, and no text can take the server down.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use serde_json::{Value, json};

use crate::helpers::{Response, TestApp, error_code};

/// POSTs a raw body with the given content type and `Accept`.
async fn raw(
    app: &TestApp,
    content_type: Option<&str>,
    accept: Option<&str>,
    body: &str,
) -> Response {
    let mut req = Request::post("/graphql");
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    if let Some(a) = accept {
        req = req.header(header::ACCEPT, a);
    }
    app.request(req.body(Body::from(body.to_owned())).unwrap())
        .await
}

fn content_type(resp: &Response) -> &str {
    resp.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The top-level keys of `data` in the order the server wrote them.
fn data_keys(text: &str) -> Vec<String> {
    // serde_json's preserve_order is off here, so read the order off the text.
    let data = &text[text.find("\"data\":{").expect("data object") + 8..];
    let mut keys = Vec::new();
    let mut depth = 0;
    let mut chars = data.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' if depth == 0 => break,
            '}' | ']' => depth -= 1,
            '"' => {
                let end = data[i + 1..].find('"').expect("closing quote") + i + 1;
                if depth == 0 && data[end + 1..].starts_with(':') {
                    keys.push(data[i + 1..end].to_owned());
                }
                while chars.peek().is_some_and(|(j, _)| *j <= end) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    keys
}

#[tokio::test]
async fn a_field_that_errors_is_null_and_keeps_its_key() {
    let app = TestApp::with_demo().await;
    let both = app
        .gql("{ article(id: \"\") { id } categories { id } }", json!({}))
        .await;
    assert_eq!(both["data"]["article"], Value::Null, "{both}");
    assert!(
        both["data"].as_object().unwrap().contains_key("article"),
        "{both}"
    );
    assert!(
        both["data"]["categories"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    assert_eq!(both["errors"][0]["path"], json!(["article"]));
    assert_eq!(error_code(&both), "BAD_USER_INPUT");

    // The only root field errored, but it is nullable: data is an object.
    let alone = app.gql("{ article(id: \"\") { id } }", json!({})).await;
    assert_eq!(alone["data"], json!({ "article": null }), "{alone}");
    assert_eq!(alone["errors"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn an_error_in_a_non_null_field_nulls_the_nearest_nullable_parent() {
    let app = TestApp::spawn().await;
    // createCategory is `Category!`: its error propagates to the root.
    let body = app
        .gql(
            "mutation { createCategory(input: { name: \"Tin mới\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(body["errors"][0]["path"], json!(["createCategory"]));
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn response_keys_follow_the_query_and_bytes_repeat() {
    let app = TestApp::with_demo().await;
    let query = "{ z: siteStats { allTime today } categories { slug name } \
                 a: articles(perPage: 3) { totalCount items { title slug id } } \
                 m: videos(perPage: 2) { items { slug } } b: __typename }";
    let first = app.post(query, json!({}), None).await;
    assert_eq!(data_keys(&first.text), ["z", "categories", "a", "m", "b"]);
    let item = &first.text[first.text.find("\"items\":[{").unwrap()..];
    let title = item.find("\"title\"").unwrap();
    let slug = item.find("\"slug\"").unwrap();
    let id = item.find("\"id\"").unwrap();
    assert!(title < slug && slug < id, "{item}");
    for _ in 0..5 {
        assert_eq!(app.post(query, json!({}), None).await.text, first.text);
    }
}

#[tokio::test]
async fn the_answer_s_media_type_follows_accept() {
    let app = TestApp::spawn().await;
    let ok = "{\"query\":\"{ __typename }\"}";
    for accept in [None, Some("application/json"), Some("*/*")] {
        let resp = raw(&app, Some("application/json"), accept, ok).await;
        assert_eq!(resp.status, StatusCode::OK);
        assert_eq!(content_type(&resp), "application/json", "{accept:?}");
    }
    let gr = "application/graphql-response+json, application/json;q=0.9";
    let resp = raw(&app, Some("application/json"), Some(gr), ok).await;
    assert!(content_type(&resp).starts_with("application/graphql-response+json"));
    assert_eq!(resp.body, json!({ "data": { "__typename": "Query" } }));

    // A document that cannot run: 400 and no `data` with the new media
    // type, 200 with `application/json` (which older clients expect).
    let broken = "{\"query\":\"{ nope }\"}";
    let resp = raw(&app, Some("application/json"), Some(gr), broken).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);
    assert!(resp.body.get("data").is_none(), "{}", resp.text);
    assert_eq!(error_code(&resp.body), "BAD_USER_INPUT");
    let resp = raw(
        &app,
        Some("application/json"),
        Some("application/json"),
        broken,
    )
    .await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.body.get("data").is_none(), "{}", resp.text);
}

#[tokio::test]
async fn bodies_that_are_not_one_json_request_get_a_coded_json_error() {
    let app = TestApp::spawn().await;
    let cases: [(Option<&str>, &str, StatusCode); 6] = [
        (
            Some("application/json"),
            "{not json",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some("application/json"),
            "[{\"query\":\"{ __typename }\"}]",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some("application/json"),
            "{\"variables\":{}}",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some("application/json"),
            "{\"query\": 5}",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some("application/json; charset=utf-16"),
            "{\"query\":\"{ __typename }\"}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            None,
            "{\"query\":\"{ __typename }\"}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (ct, body, status) in cases {
        let resp = raw(&app, ct, None, body).await;
        assert_eq!(resp.status, status, "{ct:?} {body}: {}", resp.text);
        assert_eq!(content_type(&resp), "application/json", "{body}");
        assert_eq!(
            error_code(&resp.body),
            "BAD_USER_INPUT",
            "{body}: {}",
            resp.text
        );
        assert!(!resp.text.contains("InvalidRequest") && !resp.text.contains("Error("));
    }
    // JSON nested past serde's limit, in the variables.
    let deep = format!(
        "{{\"query\":\"{{ __typename }}\",\"variables\":{{\"a\":{}1{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let resp = raw(&app, Some("application/json"), None, &deep).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&resp.body), "BAD_USER_INPUT");
    // Over the size limit.
    let huge = format!(
        "{{\"query\":\"{{ __typename }}\",\"x\":\"{}\"}}",
        "a".repeat(3 << 20)
    );
    let resp = raw(&app, Some("application/json"), None, &huge).await;
    assert_eq!(resp.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&resp.body), "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_cross_site_form_or_text_body_runs_nothing() {
    let app = TestApp::spawn().await;
    let mutation = json!({ "query": "mutation { recordVisit(path: \"/csrf\") }" }).to_string();
    for ct in ["text/plain", "application/x-www-form-urlencoded"] {
        let resp = raw(&app, Some(ct), None, &mutation).await;
        assert_eq!(resp.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct}");
    }
    // Multipart carries uploads, and only with a bearer token, which a
    // form on another site cannot add: refused before its body is read.
    let resp = raw(
        &app,
        Some("multipart/form-data; boundary=x"),
        None,
        &mutation,
    )
    .await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&resp.body), "UNAUTHENTICATED");
    app.flush_visits().await;
    let stats = app.data("{ siteStats { allTime } }", json!({})).await;
    assert_eq!(
        stats["siteStats"]["allTime"], 0,
        "a refused body was counted"
    );
}

#[tokio::test]
async fn token_answers_are_never_stored() {
    let app = TestApp::spawn().await;
    app.user_token("bientap", bantin::auth::Role::Editor).await;
    let resp = app
        .post(
            "mutation { login(username: \"bientap\", password: \"bientap-password-123\") { accessToken } }",
            json!({}),
            None,
        )
        .await;
    assert!(resp.body["data"]["login"]["accessToken"].is_string());
    let cache = resp.headers.get(header::CACHE_CONTROL).unwrap();
    assert!(cache.to_str().unwrap().contains("no-store"), "{cache:?}");
}

#[tokio::test]
async fn deeply_nested_values_are_refused_and_the_server_lives_on() {
    let app = TestApp::spawn().await;
    let list = format!(
        "{{ articles(filter: {{ tag: {}\"x\"{} }}) {{ totalCount }} }}",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    let object = format!(
        "{{ articles(filter: {}{}) {{ totalCount }} }}",
        "{ a: ".repeat(3000),
        "}".repeat(3000)
    );
    for text in [list, object] {
        let post = app.post(&text, json!({}), None).await;
        assert_eq!(error_code(&post.body), "BAD_USER_INPUT", "{}", post.text);
        assert!(
            post.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("nests")
        );
        let uri = format!("/graphql?query={}", urlencode(&text));
        let get = app.get(&uri, "application/json").await;
        assert_eq!(error_code(&get.body), "BAD_USER_INPUT");
    }
    assert_eq!(
        app.data("{ __typename }", json!({})).await,
        json!({ "__typename": "Query" })
    );
}

/// Chains of fragments each spreading the next: the bracket limit bounds
/// each fragment, not the chain, so the checks that follow spreads must
/// bound their own depth. Under an introspection field and under a
/// content field, a chain of 40,000 is refused and the server lives on.
#[tokio::test]
async fn long_chains_of_fragments_are_refused_and_the_server_lives_on() {
    let app = TestApp::spawn().await;
    let n = 40_000;
    for (root, on) in [
        ("__schema { types { ...F0 } }", "__Type"),
        ("categories { ...F0 }", "Category"),
    ] {
        let mut doc = format!("{{ {root} }}");
        for i in 0..n {
            doc.push_str(&format!(" fragment F{i} on {on} {{ ...F{} }}", i + 1));
        }
        doc.push_str(&format!(" fragment F{n} on {on} {{ name }}"));
        let body = app.gql(&doc, json!({})).await;
        assert!(body["errors"][0]["message"].is_string(), "{root}");
        assert!(body.get("data").is_none_or(Value::is_null), "{root}");
    }
    assert_eq!(
        app.data("{ __typename }", json!({})).await,
        json!({ "__typename": "Query" })
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

mod fuzz {
    //! Random documents, variables and bodies at the real endpoint: every
    //! answer is a coded JSON error or data, never a 5xx, a hang or a crash
    //! (a stack overflow would abort this test binary). Cases per property:
    //! `BANTIN_FUZZ_CASES` (default 64), so CI stays bounded.

    use proptest::{prelude::*, test_runner::TestRunner};

    use super::*;

    fn cases() -> u32 {
        std::env::var("BANTIN_FUZZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64)
    }

    /// A GraphQL-looking text: pieces of real syntax, deep brackets, long
    /// strings, many aliases and long lists, in any order.
    fn document() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("{".to_owned()),
            Just("}".to_owned()),
            Just("articles(perPage: 5) { items { id title } }".to_owned()),
            Just("related(limit: 5) { id ".to_owned()),
            Just("... on Article { id }".to_owned()),
            Just("query($v: [String]) ".to_owned()),
            Just("\"\"\"".to_owned()),
            Just("@include(if: true) ".to_owned()),
            (1usize..5000).prop_map(|n| "[".repeat(n)),
            (1usize..5000).prop_map(|n| "{ a: ".repeat(n)),
            (1usize..5000).prop_map(|n| "(".repeat(n)),
            (1usize..3000).prop_map(|n| "]".repeat(n)),
            (1usize..100_000).prop_map(|n| format!("\"{}\"", "ă".repeat(n))),
            (1usize..2000).prop_map(|n| (0..n).map(|i| format!("a{i}: __typename ")).collect()),
            (1usize..2000).prop_map(|n| format!("tag: [{}]", vec!["\"x\""; n].join(","))),
            "[ -~]{0,40}",
        ];
        prop::collection::vec(piece, 1..8).prop_map(|p| p.concat())
    }

    /// A variables value: nested lists and objects of any depth.
    fn variables() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<i64>().prop_map(Value::from),
            "[a-z]{0,20}".prop_map(Value::from),
        ];
        leaf.prop_recursive(12, 64, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn run<S: Strategy>(strategy: S, check: impl Fn(S::Value) -> Result<(), TestCaseError>) {
        let mut runner = TestRunner::new(ProptestConfig {
            cases: cases(),
            failure_persistence: None,
            ..ProptestConfig::default()
        });
        if let Err(e) = runner.run(&strategy, check) {
            panic!("{e}");
        }
    }

    fn answers_sanely(resp: &Response) -> Result<(), TestCaseError> {
        prop_assert!(resp.status.as_u16() < 500, "{} {}", resp.status, resp.text);
        prop_assert!(
            resp.body.get("data").is_some()
                || resp.body["errors"][0]["extensions"]["code"].is_string(),
            "{}",
            resp.text
        );
        Ok(())
    }

    #[test]
    fn random_documents_and_variables_never_break_the_server() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let app = rt.block_on(TestApp::with_demo());
        run((document(), variables()), |(query, vars)| {
            let resp = rt.block_on(app.post(&query, json!({ "v": vars }), None));
            answers_sanely(&resp)
        });
        run(document(), |query| {
            let uri = format!("/graphql?query={}", urlencode(&query));
            // Longer URIs never reach us: HTTP stacks refuse them first.
            prop_assume!(uri.len() < 60_000);
            let resp = rt.block_on(app.get(&uri, "application/json"));
            answers_sanely(&resp)
        });
        run(prop::collection::vec(any::<u8>(), 0..4096), |bytes| {
            let req = Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(bytes))
                .unwrap();
            let resp = rt.block_on(app.request(req));
            answers_sanely(&resp)
        });
        // The same documents as subscriptions over Server-Sent Events: a
        // coded error or events, never a 5xx or a crash.
        run(document(), |query| {
            let body = json!({ "query": format!("subscription {query}") }).to_string();
            let req = Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT, "text/event-stream")
                .body(Body::from(body))
                .unwrap();
            let (status, text) = rt.block_on(first_events(&app, req));
            prop_assert!(status < 500, "{status} {text}");
            prop_assert!(
                status != 200 || text.is_empty() || text.starts_with("event: next"),
                "{text}"
            );
            Ok(())
        });
        let alive = rt.block_on(app.data("{ categories { id } }", json!({})));
        assert!(
            alive["categories"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        );
    }

    /// The status and what a stream sends within a second (a valid
    /// subscription would go on for ever).
    async fn first_events(app: &TestApp, req: Request<Body>) -> (u16, String) {
        use futures_util::StreamExt;
        use tower::ServiceExt;
        let resp = app.router.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let mut body = resp.into_body().into_data_stream();
        let mut text = String::new();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
        while let Ok(Some(Ok(data))) = tokio::time::timeout_at(deadline, body.next()).await {
            text.push_str(&String::from_utf8_lossy(&data));
        }
        (status, text)
    }
}

#[tokio::test]
async fn the_cost_limit_counts_rows_so_no_accepted_query_reads_without_bound() {
    let app = TestApp::with_demo().await;
    // A real page: 100 items with their category and five related each.
    let page = "{ articles(perPage: 100) { totalCount items { title slug summary publishedAt \
                category { name slug } related(limit: 5) { title slug } } } }";
    let ok = app.gql(page, json!({})).await;
    assert!(ok.get("errors").is_none(), "{ok}");
    // "Other news" of "other news", five deep: thousands of rows from 150 bytes.
    let nested = "{ articles(perPage: 5) { items { related(limit: 5) { related(limit: 5) { \
                  related(limit: 5) { related(limit: 5) { title } } } } } } }";
    let refused = app.gql(nested, json!({})).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complex")
    );
    // Many aliases of a large page.
    let aliases: String = (0..60)
        .map(|i| format!("a{i}: articles(perPage: 100) {{ items {{ id }} }} "))
        .collect();
    let refused = app.gql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    // A search scores its candidates however small its page: each costs
    // the same fixed work, so only a few fit in one request.
    let searches = |n: usize| {
        let aliases: String = (0..n)
            .map(|i| format!("s{i}: search(query: \"tin {i}\", perPage: 1) {{ totalCount }} "))
            .collect();
        format!("{{ {aliases} }}")
    };
    let ok = app.gql(&searches(10), json!({})).await;
    assert!(ok.get("errors").is_none(), "{ok}");
    let refused = app.gql(&searches(20), json!({})).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    // Lists filtered by words run a search each: priced the same.
    for list in ["articles", "videos", "galleries", "documents"] {
        let filtered = |n: usize| {
            let aliases: String = (0..n)
                .map(|i| {
                    format!(
                        "l{i}: {list}(filter: {{ q: \"tin {i}\" }}, perPage: 1) {{ totalCount }} "
                    )
                })
                .collect();
            format!("{{ {aliases} }}")
        };
        let ok = app.gql(&filtered(10), json!({})).await;
        assert!(ok.get("errors").is_none(), "{list}: {ok}");
        let refused = app.gql(&filtered(20), json!({})).await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{list}: {refused}");
    }
}

/// graphql-js's introspection query with `typeDepth` levels of `ofType`.
fn introspection_query(type_depth: usize) -> String {
    let mut type_ref = String::from("kind name");
    for _ in 0..type_depth {
        type_ref = format!("kind name ofType {{ {type_ref} }}");
    }
    format!(
        "query IntrospectionQuery {{ __schema {{ queryType {{ name }} mutationType {{ name }} \
         types {{ ...FullType }} directives {{ name locations args {{ ...InputValue }} }} }} }} \
         fragment FullType on __Type {{ kind name description specifiedByURL \
         fields(includeDeprecated: true) {{ name args {{ ...InputValue }} type {{ ...TypeRef }} \
         isDeprecated deprecationReason }} inputFields {{ ...InputValue }} \
         interfaces {{ ...TypeRef }} enumValues(includeDeprecated: true) {{ name }} \
         possibleTypes {{ ...TypeRef }} }} \
         fragment InputValue on __InputValue {{ name description type {{ ...TypeRef }} defaultValue }} \
         fragment TypeRef on __Type {{ {type_ref} }}"
    )
}

#[tokio::test]
async fn introspection_runs_as_tools_send_it_but_cannot_nest_without_end() {
    let app = TestApp::spawn().await;
    // graphql-js 16 sends 7 levels of ofType, 17 sends 9 by default.
    for depth in [7, 9] {
        let body = app.gql(&introspection_query(depth), json!({})).await;
        assert!(body.get("errors").is_none(), "depth {depth}: {body}");
        assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
    }
    // The introspection types refer to themselves: each level multiplies.
    // 19 levels: __schema, types, eight times fields and type, name.
    let mut circular = String::from("name");
    for _ in 0..8 {
        circular = format!("fields {{ type {{ {circular} }} }}");
    }
    let circular = format!("{{ __schema {{ types {{ {circular} }} }} }}");
    let refused = app.gql(&circular, json!({})).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("introspection")
    );
    assert!(refused.get("data").is_none_or(Value::is_null));
}

#[tokio::test]
async fn aliases_and_directives_are_capped_per_field_and_set() {
    let app = TestApp::spawn().await;
    let aliases = |n: usize| {
        let fields: String = (0..n).map(|i| format!("a{i}: __typename ")).collect();
        format!("{{ {fields} }}")
    };
    let ok = app.gql(&aliases(100), json!({})).await;
    assert_eq!(ok["data"]["a99"], "Query", "{ok}");
    let refused = app.gql(&aliases(500), json!({})).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("selections")
    );

    let directives = |n: usize| format!("{{ __typename {} }}", "@include(if: true) ".repeat(n));
    let refused = app.gql(&directives(200), json!({})).await;
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("directives"),
        "{refused}"
    );
    assert!(refused.get("data").is_none_or(Value::is_null));
}

#[tokio::test]
async fn out_of_range_int_literals_fail_validation_even_where_nothing_runs() {
    let app = TestApp::spawn().await;
    // `category` is null, so `articles` would never run: validation alone
    // must catch the literal.
    for literal in ["2147483648", "-2147483649", "99999999999999999999"] {
        let q = format!(
            "{{ category(slug: \"khong-co\") {{ articles(perPage: {literal}) {{ totalCount }} }} }}"
        );
        let body = app.gql(&q, json!({})).await;
        assert!(
            body.get("data").is_none_or(Value::is_null),
            "{literal}: {body}"
        );
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("perPage"),
            "{literal}: {body}"
        );
    }
    let ok = app
        .gql(
            "{ category(slug: \"khong-co\") { articles(perPage: 2147483647) { totalCount } } }",
            json!({}),
        )
        .await;
    assert!(ok.get("errors").is_none(), "{ok}");
    assert_eq!(ok["data"]["category"], Value::Null, "{ok}");
}
