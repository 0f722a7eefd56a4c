"""Schemathesis hooks: the rules between parameters that an OpenAPI
description cannot state, so the fuzzer's "valid" requests are valid."""
import schemathesis

# Numbered pages start at most 20,000 items in (MAX_OFFSET in
# src/service/pagination.rs); deeper ones are refused with 400.
DEEPEST = 20_000


def _within(query, page, per_page, default_per_page):
    try:
        p = int(query.get(page, 1))
        n = int(query.get(per_page, default_per_page))
    except (TypeError, ValueError):
        return True
    return (p - 1) * n <= DEEPEST


@schemathesis.hook
def filter_query(ctx, query):
    if not query:
        return True
    # A time window must be open: publishedBefore later than publishedAfter.
    if "publishedAfter" in query and "publishedBefore" in query:
        if str(query["publishedAfter"]) >= str(query["publishedBefore"]):
            return False
    return _within(query, "page", "perPage", 20) and _within(
        query, "photosPage", "photosPerPage", 50
    )
