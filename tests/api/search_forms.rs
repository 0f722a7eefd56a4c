//! Search beyond the words as typed: abbreviations both ways, spelling
//! corrections, the site's own synonyms, and suggestions as one types.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{Art, TestApp, error_code, error_field};

const SEARCH: &str = "query($q: String!, $n: Int) {
  search(query: $q, perPage: $n) {
    totalCount correctedQuery didYouMean
    items { snippet node { ... on Article { id title } } }
  }
}";

async fn search(app: &TestApp, q: &str) -> Value {
    app.data(SEARCH, json!({ "q": q, "n": 50 })).await["search"].clone()
}

/// The ids of the hits, best first.
fn ids(result: &Value) -> Vec<String> {
    result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["node"]["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn first_title(result: &Value) -> &str {
    result["items"][0]["node"]["title"]
        .as_str()
        .unwrap_or("<none>")
}

const GROUPS: &str =
    "query($b: Boolean) { searchSynonyms(includeBuiltIn: $b) { phrases builtIn } }";
const SET: &str =
    "mutation($g: [[String!]!]!) { setSearchSynonyms(groups: $g) { phrases builtIn } }";

#[tokio::test]
async fn every_built_in_abbreviation_finds_its_full_forms_and_back() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let table = app.gql_as(&editor, GROUPS, json!({ "b": true })).await;
    let groups: Vec<Vec<String>> = table["data"]["searchSynonyms"]
        .as_array()
        .unwrap_or_else(|| panic!("{table}"))
        .iter()
        .filter(|g| g["builtIn"] == true)
        .map(|g| serde_json::from_value(g["phrases"].clone()).unwrap())
        .collect();
    assert!(groups.len() >= 35, "{table}");
    // One article per form: "HĐND họp phiên số 3", "hội đồng nhân dân họp
    // phiên số 3" (no other title word starts like an abbreviation: the
    // last word typed is a prefix, and "TH" would match "thứ").
    let mut made = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let mut forms = Vec::new();
        for form in g {
            let title = format!("{form} họp phiên số {i}");
            forms.push((
                form.clone(),
                app.article(Art::new(&title, cat)).await.to_string(),
            ));
        }
        made.push(forms);
    }
    for forms in &made {
        let (short, short_id) = &forms[0];
        let found = ids(&search(&app, short).await);
        let at = |id: &String| found.iter().position(|f| f == id);
        assert!(at(short_id).is_some(), "{short} does not find itself");
        for (long, long_id) in &forms[1..] {
            // The abbreviation finds the full form, and ranks its own form first.
            assert!(at(long_id).is_some(), "{short} does not find {long}");
            assert!(at(short_id) < at(long_id), "{short}: {long} ranks above");
            let back = ids(&search(&app, long).await);
            let at_back = |id: &String| back.iter().position(|f| f == id);
            assert!(at_back(short_id).is_some(), "{long} does not find {short}");
            assert!(at_back(long_id).is_some(), "{long} does not find itself");
            assert!(
                at_back(long_id) < at_back(short_id),
                "{long}: {short} ranks above"
            );
            // Without diacritics or đ, lowercase: the same.
            let plain = bantin::text::fold::fold(long);
            assert!(
                ids(&search(&app, &plain).await).contains(short_id),
                "{plain} does not find {short}"
            );
        }
    }
}

#[tokio::test]
async fn abbreviations_count_as_written_and_are_marked_in_snippets() {
    let app = TestApp::spawn().await;
    let cat = app.category("Văn bản", None).await;
    app.article(Art::new(
        "Quán triệt Nghị quyết 15-NQ/TU về chuyển đổi số",
        cat,
    ))
    .await;
    app.article(Art::new("Từ ca sáng đến ca chiều, tu sửa đường làng", cat))
        .await;
    // "TU" in capitals is Thị ủy; "từ", "tu" and "ca" are not Thị ủy or Công an.
    let r = search(&app, "nghi quyet thi uy").await;
    assert_eq!(r["totalCount"], 1, "{r}");
    assert!(
        r["items"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>TU</mark>"),
        "{r}"
    );
    assert_eq!(search(&app, "thị ủy").await["totalCount"], 1);
    assert_eq!(search(&app, "công an").await["totalCount"], 0);
    // The document number typed as readers type it.
    assert_eq!(search(&app, "nq tu").await["totalCount"], 1);
    // Full form typed, abbreviation written, and the other way round.
    assert_eq!(search(&app, "CĐS").await["totalCount"], 1);
    // Other forms count as whole phrases: "cà phê" is not "công an … phê
    // duyệt", and "dân" alone is not "UBND".
    app.article(Art::new("Công an tỉnh phê duyệt phương án", cat))
        .await;
    app.article(Art::new("UBND phường họp thường kỳ", cat))
        .await;
    assert_eq!(search(&app, "cà phê").await["totalCount"], 0);
    assert_eq!(search(&app, "dân").await["totalCount"], 0);
    // "CA" typed in capitals is Công an; "ca" is the syllable.
    let r = search(&app, "CA tỉnh").await;
    assert_eq!(first_title(&r), "Công an tỉnh phê duyệt phương án", "{r}");
    assert_eq!(search(&app, "ca tinh").await["totalCount"], 0);
}

#[tokio::test]
async fn one_letter_slips_are_corrected_and_said() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    for title in [
        "Văn phòng Thị ủy tổ chức hội nghị tập huấn",
        "Giao thông nông thôn: mở rộng đường liên xã",
        "Phòng chống thiên tai trước mùa mưa bão",
        "Cửa hàng văn phòng phẩm khai trương",
    ] {
        app.article(Art::new(title, cat)).await;
    }
    // (typed, first hit, corrected query, as the best result writes it)
    let cases = [
        // the middle of a word
        (
            "van phomg thi uy",
            "Văn phòng Thị ủy tổ chức hội nghị tập huấn",
            "van phong thi uy",
            "văn phòng thị ủy",
        ),
        (
            "giao thomg nong thon",
            "Giao thông nông thôn: mở rộng đường liên xã",
            "giao thong nong thon",
            "giao thông nông thôn",
        ),
        // the start of a word
        (
            "giao thong mong thon",
            "Giao thông nông thôn: mở rộng đường liên xã",
            "giao thong nong thon",
            "giao thông nông thôn",
        ),
        // the end of the last word, a short one
        (
            "phong chong thien taj",
            "Phòng chống thiên tai trước mùa mưa bão",
            "phong chong thien tai",
            "phòng chống thiên tai",
        ),
        // two letters swapped
        (
            "hoi nghi tpa huan",
            "Văn phòng Thị ủy tổ chức hội nghị tập huấn",
            "hoi nghi tap huan",
            "hội nghị tập huấn",
        ),
    ];
    for (typed, first, corrected, shown) in cases {
        let r = search(&app, typed).await;
        assert_eq!(first_title(&r), first, "{typed}: {r}");
        assert_eq!(r["correctedQuery"], corrected, "{typed}: {r}");
        assert_eq!(r["didYouMean"], shown, "{typed}: {r}");
    }
    // Found as typed: nothing is corrected.
    let r = search(&app, "van phong thi uy").await;
    assert_eq!(r["correctedQuery"], Value::Null);
    assert_eq!(r["didYouMean"], Value::Null);
    // Nonsense stays nothing, alone or among real words.
    for typed in [
        "xqzvwk",
        "kbdtwq",
        "van phong xqzvwk",
        "zzqqxx wwkkjj thien tai",
    ] {
        let r = search(&app, typed).await;
        assert_eq!(r["totalCount"], 0, "{typed}: {r}");
        assert_eq!(r["correctedQuery"], Value::Null, "{typed}: {r}");
    }
}

#[tokio::test]
async fn a_correction_never_outranks_what_was_typed() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    // An article holds the slip itself; another the word meant.
    app.article(Art::new("Kiểm tra thomg tin trên bảng tin", cat))
        .await;
    app.article(Art::new("Kiểm tra thông tin trên cổng điện tử", cat))
        .await;
    let r = search(&app, "kiem tra thomg tin").await;
    assert_eq!(first_title(&r), "Kiểm tra thomg tin trên bảng tin", "{r}");
    assert_eq!(r["totalCount"], 1, "{r}");
    assert_eq!(r["correctedQuery"], Value::Null, "{r}");
}

#[tokio::test]
async fn corrections_never_reveal_unpublished_words() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Phương án kqwxyzv chưa công bố", cat).draft())
        .await;
    app.article(Art::new("Kế hoạch jqvbnmw sắp công bố", cat).at(3600))
        .await;
    for typed in ["kqwxyzb", "jqvbnmq"] {
        let r = search(&app, typed).await;
        assert_eq!(r["totalCount"], 0, "{typed}: {r}");
        assert_eq!(r["didYouMean"], Value::Null, "{typed}: {r}");
    }
    // Whether a word is corrected does not depend on drafts holding it.
    app.article(Art::new("Giao thông nông thôn mới", cat)).await;
    app.article(Art::new("Bản nháp: giao thomg", cat).draft())
        .await;
    let r = search(&app, "giao thomg").await;
    assert_eq!(r["correctedQuery"], "giao thong", "{r}");
    assert_eq!(r["totalCount"], 1, "{r}");
}

#[tokio::test]
async fn site_synonyms_apply_at_once_both_ways_and_only_admins_set_them() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("SL vào mùa nước nổi", cat)).await;
    app.article(Art::new("Đò ngang trên sông Lam", cat)).await;
    // Before: each form finds only itself (and that answer is cached).
    assert_eq!(search(&app, "song lam").await["totalCount"], 1);
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let groups = json!([["Sông Lam", "SL"], ["một cửa", "tiếp nhận hồ sơ"]]);
    let denied = app.gql_as(&editor, SET, json!({ "g": groups })).await;
    assert_eq!(error_code(&denied), "FORBIDDEN", "{denied}");
    let set = app.gql_as(&admin, SET, json!({ "g": groups })).await;
    assert_eq!(
        set["data"]["setSearchSynonyms"][0]["phrases"],
        json!(["Sông Lam", "SL"]),
        "{set}"
    );
    // At once, no reindex: either form finds both, its own form first.
    let r = search(&app, "song lam").await;
    assert_eq!(r["totalCount"], 2, "{r}");
    assert_eq!(first_title(&r), "Đò ngang trên sông Lam");
    let r = search(&app, "SL").await;
    assert_eq!(r["totalCount"], 2, "{r}");
    assert_eq!(first_title(&r), "SL vào mùa nước nổi");
    // Bad groups are refused and change nothing.
    for bad in [
        json!([["một mình"]]),
        json!([["SL", "Sông Lam"], ["sl", "S.L"]]),
        json!([["!!!", "x"]]),
    ] {
        let r = app.gql_as(&admin, SET, json!({ "g": bad })).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
        assert_eq!(error_field(&r), "groups", "{r}");
    }
    let now = app.gql_as(&editor, GROUPS, json!({})).await;
    assert_eq!(
        now["data"]["searchSynonyms"].as_array().map(Vec::len),
        Some(2),
        "{now}"
    );
    // Readers do not see the settings.
    let anon = app.gql(GROUPS, json!({})).await;
    assert_eq!(error_code(&anon), "UNAUTHENTICATED", "{anon}");
    // Clearing them takes effect at once too.
    app.gql_as(&admin, SET, json!({ "g": [] })).await;
    assert_eq!(search(&app, "song lam").await["totalCount"], 1);
}

const SUGGEST: &str = "query($p: String!, $n: Int) {
  searchSuggest(prefix: $p, first: $n) { highlighted node { ... on Article { title } } }
}";

#[tokio::test]
async fn suggestions_complete_titles_without_diacritics() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Hội nghị của văn phòng các huyện", cat).at(-60))
        .await;
    app.article(Art::new("Văn phòng Thị ủy tổ chức tập huấn", cat).at(-7200))
        .await;
    app.article(Art::new("Văn phòng bí mật chưa đăng", cat).draft())
        .await;
    let r = app.data(SUGGEST, json!({ "p": "van pho", "n": 5 })).await;
    let got: Vec<(&str, &str)> = r["searchSuggest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["node"]["title"].as_str().unwrap(),
                s["highlighted"].as_str().unwrap(),
            )
        })
        .collect();
    // A title that starts with the words comes before a newer one that holds them.
    assert_eq!(
        got,
        [
            (
                "Văn phòng Thị ủy tổ chức tập huấn",
                "<mark>Văn</mark> <mark>phòng</mark> Thị ủy tổ chức tập huấn"
            ),
            (
                "Hội nghị của văn phòng các huyện",
                "Hội nghị của <mark>văn</mark> <mark>phòng</mark> các huyện"
            ),
        ]
    );
    assert_eq!(
        app.data(SUGGEST, json!({ "p": "  ", "n": 5 })).await["searchSuggest"],
        json!([])
    );
    let r = app.gql(SUGGEST, json!({ "p": "van", "n": 21 })).await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
}

#[tokio::test]
async fn an_index_built_by_older_code_is_rebuilt_with_the_other_forms() {
    use bantin::service::search::index;
    use sea_orm::{ConnectionTrait, DbBackend};
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Hội đồng nhân dân thị xã họp phiên cuối năm", cat))
        .await;
    assert_eq!(search(&app, "HĐND").await["totalCount"], 1);
    // As an index from before abbreviations: no other forms, version 0.
    let db = &app.state.db;
    let forget = if db.get_database_backend() == DbBackend::Postgres {
        "UPDATE search_documents SET fts = ts_filter(fts, '{a,b,c}')"
    } else {
        "UPDATE search_fts SET alias_f = ''"
    };
    db.execute_unprepared(forget).await.unwrap();
    db.execute_unprepared("UPDATE bantin_meta SET value = '0' WHERE key = 'search_index'")
        .await
        .unwrap();
    app.state.changes.bump();
    assert_eq!(search(&app, "HĐND").await["totalCount"], 0);
    assert_eq!(index::upgrade(db).await.unwrap(), Some((1, 0)));
    assert_eq!(index::version(db).await.unwrap(), index::INDEX_VERSION);
    assert_eq!(index::upgrade(db).await.unwrap(), None);
    assert_eq!(search(&app, "HĐND").await["totalCount"], 1);
}
