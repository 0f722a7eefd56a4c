//! `schema.graphql` is the published contract: it must match the code.

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let generated = bantin::graphql::sdl();
    assert!(
        on_disk.trim_end() == generated.trim_end(),
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql`"
    );
}

#[test]
fn the_contract_names_clients_rely_on_are_present() {
    let sdl = bantin::graphql::sdl();
    for name in [
        "article(id: ID, slug: String): Article",
        "articlesConnection(",
        "totalPages: Int!",
        "categories(",
        "category(id: ID, slug: String): Category",
        "createArticle(input: CreateArticleInput!): Article!",
        "publishArticle(id: ID!, at: DateTime): Article!",
        "login(username: String!, password: String!): AuthPayload!",
        "me: User",
        "video(id: ID, slug: String): Video",
        "videosConnection(",
        "gallery(id: ID, slug: String): Gallery",
        "createVideo(input: CreateVideoInput!): Video!",
        "createGallery(input: CreateGalleryInput!): Gallery!",
        "addPhotos(galleryId: ID!, photos: [PhotoInput!]!)",
        "reorderPhotos(galleryId: ID!, photoIds: [ID!]!",
        "scalar DateTime @specifiedBy(url: ",
        "scalar NaiveDate @specifiedBy(url: ",
        "scalar Count @specifiedBy(url: ",
    ] {
        assert!(sdl.contains(name), "missing `{name}` in the schema");
    }
}
