# Mistake: validates per_page before page, so a request with both invalid reports
# "invalid per_page"; page must be checked first.
import re
from urllib.parse import urlencode

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
_DIGITS = re.compile(r"[0-9]+\Z")


def _positive(query, key, default):
    """The parameter as an int >= 1, the default when absent, None when invalid."""
    if key not in query:
        return default
    value = query[key]
    if not _DIGITS.match(value):
        return None
    number = int(value)
    return number if number >= 1 else None


def paginate(items, path, query):
    per_page = _positive(query, "per_page", DEFAULT_PER_PAGE)
    if per_page is None:
        return 400, {"error": "invalid per_page"}
    page = _positive(query, "page", 1)
    if page is None:
        return 400, {"error": "invalid page"}
    per_page = min(per_page, MAX_PER_PAGE)

    total = len(items)
    total_pages = max(1, -(-total // per_page))
    page = min(page, total_pages)

    extra = [(key, value) for key, value in query.items() if key not in ("page", "per_page")]

    def link(number):
        return path + "?" + urlencode(extra + [("page", number), ("per_page", per_page)])

    links = {"self": link(page), "first": link(1), "last": link(total_pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < total_pages:
        links["next"] = link(page + 1)

    start = (page - 1) * per_page
    return 200, {
        "data": list(items[start:start + per_page]),
        "meta": {"page": page, "per_page": per_page, "total": total, "total_pages": total_pages},
        "links": links,
    }
