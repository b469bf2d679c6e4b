from urllib.parse import urlencode


def paginate(items, path, query):
    """Return (status, body) for one page of ``items``.

    body = {"data": [...],
            "meta": {"page", "per_page", "total", "total_pages"},
            "links": {"self", "first", "last", "prev" (if page > 1), "next" (if not last)}}
    Invalid page -> (400, {"error": "invalid page"}); invalid per_page ->
    (400, {"error": "invalid per_page"}). See the statement for the exact rules.
    """
    page = int(query.get("page", 1))
    per_page = int(query.get("per_page", 20))
    start = (page - 1) * per_page
    # TODO: validation, clamping, meta and links
    return 200, {"data": items[start:start + per_page], "meta": {}, "links": {}}
