"""Reads bantin's feeds and sitemap with real parsers (feedparser for RSS
and Atom, the standard library's XML parser for the sitemap protocol) and
checks them against the public articles the GraphQL API lists."""

import json
import sys
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

base = sys.argv[1].rstrip("/")
public = sys.argv[2].rstrip("/")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()


def gql(query):
    req = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r)["data"]


expected = [
    a["title"]
    for a in gql("{ articles(perPage: 50) { items { title } } }")["articles"]["items"]
]
assert len(expected) == 36, len(expected)

for path in ["/rss.xml", "/atom.xml"]:
    feed = feedparser.parse(get(path))
    assert not feed.bozo, f"{path}: {feed.bozo_exception}"
    assert feed.version in ("rss20", "atom10"), feed.version
    titles = [e.title for e in feed.entries]
    assert titles == expected, f"{path}: {titles[:3]} != {expected[:3]}"
    for e in feed.entries:
        assert e.link.startswith(public + "/"), e.link
        assert e.get("published_parsed"), f"{path}: {e.title} has no date"
    print(f"{path}: {feed.version}, {len(feed.entries)} entries, valid")

section = gql('{ categories { slug } }')["categories"][0]["slug"]
feed = feedparser.parse(get(f"/categories/{section}/rss.xml"))
assert not feed.bozo, feed.bozo_exception
print(f"/categories/{section}/rss.xml: {len(feed.entries)} entries, valid")

index = ET.fromstring(get("/sitemap.xml"))
assert index.tag == SITEMAP + "sitemapindex", index.tag
urls = []
for sm in index.findall(SITEMAP + "sitemap"):
    loc = sm.find(SITEMAP + "loc").text
    assert loc.startswith(public + "/sitemaps/"), loc
    part = ET.fromstring(get(loc[len(public):]))
    assert part.tag == SITEMAP + "urlset", part.tag
    entries = part.findall(SITEMAP + "url")
    assert 0 < len(entries) <= 50000
    urls += [u.find(SITEMAP + "loc").text for u in entries]
assert len(urls) == len(set(urls)), "an address is listed twice"
articles = [u for u in urls if "/tin-tuc/" in u]
assert len(articles) == 36, len(articles)
print(f"/sitemap.xml: {len(index)} files, {len(urls)} addresses, valid")
