"""The demo crawl (issues 10 and 16): follow every same-origin link as one role and check each page.

``crawl(context, start=[...])`` visits every distinct URL reachable by links from the start pages
once, at 1280 px and again (the same document, re-laid out) at 320 × 640, and returns a
``CrawlResult`` whose ``failures`` are grouped by check and by URL. The checks:

- ``5xx``: a page or download answered a server error; ``broken link``: a link answered 4xx;
- ``None/nan shown``: a Python ``None``/``nan``/``NaN`` as a word in the visible text;
- ``escaped HTML``: markup or an entity (``<a class=``, ``&lt;``) visible as text;
- ``traceback``; ``JavaScript error``; ``axe``: a serious or critical axe-core finding;
- ``reflow at 320 px``: the page scrolls sideways and the overflowing element is not clipped by
  a labelled scroll region (``role=region`` with a label, or ``.csp-table-scroll``);
- ``h1 count``: not exactly one ``h1``;
- ``shared title``: two different records of one URL pattern (same route, other kwargs) share
  a ``<title>``.

Downloads (CSV, XLSX, iCalendar, PDF, Word, papers) are not opened as pages: each is fetched
once through the context's request API and must answer below 500.
"""

import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from browser_tests.conftest import AXE_JS, _axe_violations

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

# Not followed: leaving the session, the admin, and the password-reset machinery's tokens.
SKIP_PATH = re.compile(r"^/(admin/|account/sign-out/|static/|media/)")
DOWNLOAD_PATH = re.compile(r"\.(csv|xlsx|ics|docx|pdf|zip|json|rss|atom)$|/download\.\w+$")
DOWNLOAD_ROUTES = {"meetings:paper_download"}
# Query parameters that do not change what a page shows (where to go after signing in).
IGNORED_PARAMS = {"next"}
# A listing filtered many ways is the same template: visit a few variants per path, not all.
MAX_QUERY_VARIANTS = 4
BLOCKED_RESOURCES = {"image", "font", "media"}

# Whole words only, case-sensitive: "None" and "nan" as Python prints them.
PYTHON_VALUE = re.compile(r"\b(None|nan|NaN|NaT)\b")
# Prose where "None" is an English word, not a Python value (British English starts sentences
# with it: "None of the actions is overdue."). Each phrase is matched case-sensitively around
# the hit; anything else is reported.
ALLOWED_NONE = [
    re.compile(r"\bNone of\b"),
    re.compile(r"\bNone recorded\b"),  # the minutes' attendance list when nobody is recorded
    re.compile(r"\bNone \(first plan\)"),  # a plan that revises no earlier plan
    re.compile(r"\bNone (?:yet|so far)\b"),
    re.compile(r"\bNone (?:was|were|is|are|has|have)\b"),
    re.compile(r"\bnone\b"),  # lower case: only ever prose ("there are none")
]
ESCAPED_HTML = re.compile(
    r"<(?:a|abbr|br|code|div|em|h[1-6]|li|ol|p|span|strong|table|td|th|tr|ul)\b[^<>]*>"
    r"|</(?:a|div|em|li|p|span|strong|td|th|tr|ul)>"
    r"|&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-fA-F]+);"
)
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")

# Visible text, split per text node, with where it sits: the closest summary-list key, table
# column heading or label, so a report can say which field printed the value.
_TEXT_NODES_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const describe = (el) => {
    const row = el.closest('.govuk-summary-list__row');
    if (row) {
      const key = row.querySelector('.govuk-summary-list__key');
      if (key) return 'summary list "' + key.innerText.trim() + '"';
    }
    const cell = el.closest('td, th');
    if (cell && cell.closest('table')) {
      const table = cell.closest('table');
      const index = Array.from(cell.parentElement.children).indexOf(cell);
      const head = table.querySelector('thead tr');
      const heading = head && head.children[index] ? head.children[index].innerText.trim() : '';
      const caption = table.querySelector('caption');
      return 'table ' + (caption ? '"' + caption.innerText.trim().slice(0, 60) + '" ' : '')
        + 'column "' + heading + '"';
    }
    const tag = el.tagName.toLowerCase();
    const cls = el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return tag + cls;
  };
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent;
    if (!text.trim()) continue;
    const el = node.parentElement;
    // Options are choices in a form (an empty choice may be called "None"), not values shown.
    if (!el || el.closest('script, style, noscript, template, option')) continue;
    if (!el.getClientRects().length) continue;  // not rendered
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const block = el.closest('p, li, dd, dt, td, th, h1, h2, h3, h4, label, legend, div') || el;
    out.push({text: text, context: block.innerText.trim().replace(/\\s+/g, ' ').slice(0, 160),
              where: describe(el)});
  }
  return out;
}"""

# Page-level sideways scrolling, and which elements cause it. An element is excused when a
# labelled scroll region clips it: an ancestor with overflow-x auto/scroll that is
# .csp-table-scroll or role=region with a label, and that lies on the element's containing-
# block chain (an absolutely positioned element escapes a region that is not positioned).
_REFLOW_JS = """() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const isRegion = (el) => {
    const s = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(s.overflowX)) return false;
    if (el.classList.contains('csp-table-scroll')) return true;
    return el.getAttribute('role') === 'region'
      && !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
  };
  const clipped = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!isRegion(a)) continue;
      if (position !== 'absolute') return true;
      const cb = el.offsetParent;
      if (cb && a.contains(cb)) return true;
    }
    return false;
  };
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      d += '.' + el.className.trim().split(/\\s+/).join('.');
    const region = el.closest('.csp-table-scroll, [role=region]');
    if (region && region !== el) d += ' (in ' + (region.getAttribute('aria-label')
      ? 'region "' + region.getAttribute('aria-label') + '"' : region.className) + ')';
    const caption = el.tagName === 'TABLE' && el.querySelector('caption');
    if (caption) d += ' "' + caption.innerText.trim().slice(0, 60) + '"';
    else if (el.innerText) d += ' "' + el.innerText.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
    return d;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.right <= width + 1 || clipped(el)) continue;
    offenders.push(el);
  }
  const set = new Set(offenders);
  const outermost = offenders.filter((el) => !set.has(el.parentElement));
  return {scrollWidth: root.scrollWidth, clientWidth: width,
          offenders: outermost.slice(0, 4).map((el) =>
            describe(el) + ' to ' + Math.round(el.getBoundingClientRect().right) + ' px')};
}"""


@dataclass
class CrawlResult:
    role: str
    pages: int = 0  # HTML pages visited (each at both widths)
    downloads: int = 0
    skipped_variants: int = 0
    seconds: float = 0.0
    timed_out: bool = False
    # check -> url -> details
    failures: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    routes: dict[str, str] = field(default_factory=dict)  # url -> route name
    skipped_paths: Counter[str] = field(default_factory=Counter)  # path -> variants not visited

    def fail(self, check: str, url: str, detail: str) -> None:
        if detail not in self.failures[check][url]:
            self.failures[check][url].append(detail)

    def summary(self) -> str:
        return (
            f"{self.role}: {self.pages} pages (each at 1280 px and 320 px), "
            f"{self.downloads} downloads, {self.skipped_variants} query variants skipped, "
            f"{self.seconds:.0f} s" + (" — STOPPED AT THE TIME BOUND" if self.timed_out else "")
        )

    def report(self) -> str:
        lines = [self.summary()]
        if self.skipped_paths:
            lines.append(
                "Query variants not visited: "
                + ", ".join(f"{path} ({n})" for path, n in self.skipped_paths.most_common())
            )
        for check in sorted(self.failures):
            urls = self.failures[check]
            lines.append(f"\n== {check}: {len(urls)} URL(s)")
            for url in sorted(urls):
                route = self.routes.get(url)
                lines.append(f"  {url}  [{route}]" if route else f"  {url}")
                lines.extend(f"      {detail}" for detail in urls[url])
        return "\n".join(lines)


def normalise(url: str, origin: str) -> str | None:
    """The URL's path and sorted query, or None when it is not to be followed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if SKIP_PATH.match(parts.path):
        return None
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    query = [(k, v) for k, v in query if k not in IGNORED_PARAMS]
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def route_of(path: str) -> tuple[str, tuple]:
    """(namespace:name, sorted kwargs) of a path, or ("?", ()) when it does not resolve."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "?", ()
    return match.view_name, tuple(sorted(match.kwargs.items()))


def _block_heavy(route) -> None:
    if route.request.resource_type in BLOCKED_RESOURCES:
        route.abort()
    else:
        route.continue_()


def _check_download(context: BrowserContext, result: CrawlResult, url: str) -> None:
    result.downloads += 1
    status = context.request.get(url, max_redirects=5).status
    if status >= 500:
        result.fail("5xx", url, f"download answered {status}")
    elif status >= 400:
        result.fail("broken link", url, f"download answered {status}")


def _check_text(page: Page, result: CrawlResult, url: str, narrow: bool) -> None:
    """Text checks; at 320 px only what was not already seen at 1280 px is reported."""

    def fail(check: str, detail: str) -> None:
        if narrow:
            if detail in result.failures.get(check, {}).get(url, []):
                return
            detail += " (at 320 px only)"
        result.fail(check, url, detail)

    for node in page.evaluate(_TEXT_NODES_JS):
        text, where = node["text"], f'{node["where"]}: "{node["context"]}"'
        for match in PYTHON_VALUE.finditer(text):
            window = text[max(0, match.start() - 1) : match.end() + 12]
            if match.group() == "None" and any(p.search(window) for p in ALLOWED_NONE):
                continue
            fail("None/nan shown", where)
        if ESCAPED_HTML.search(text):
            fail("escaped HTML", where)
        if TRACEBACK.search(text):
            fail("traceback", where)


def check_page(
    page: Page, result: CrawlResult, url: str, titles: dict, axed_narrow: set[str]
) -> None:
    _check_text(page, result, url, narrow=False)
    h1s = page.evaluate("() => Array.from(document.querySelectorAll('h1'), h => h.innerText)")
    if len(h1s) != 1:
        result.fail("h1 count", url, f"{len(h1s)} h1: {h1s}")
    name, kwargs = route_of(url)
    titles.setdefault(name, defaultdict(set))[page.title()].add(kwargs)
    for violation in _axe_violations(page):
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        result.fail("axe", url, f"1280 px: [{violation['impact']}] {violation['id']}: {targets}")

    page.set_viewport_size(NARROW)
    try:
        reflow = page.evaluate(_REFLOW_JS)
        if reflow and reflow["offenders"]:
            result.fail(
                "reflow at 320 px",
                url,
                f"page {reflow['scrollWidth']} px wide: " + "; ".join(reflow["offenders"]),
            )
        elif reflow:
            result.fail(
                "reflow at 320 px", url, f"page {reflow['scrollWidth']} px wide (cause not found)"
            )
        _check_text(page, result, url, narrow=True)
        # axe at 320 px once per URL pattern: what it finds there is the template's, and
        # running it on every page doubled the crawl's time.
        if name in axed_narrow:
            return
        axed_narrow.add(name)
        for violation in _axe_violations(page):
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            result.fail("axe", url, f"320 px: [{violation['impact']}] {violation['id']}: {targets}")
    finally:
        page.set_viewport_size(WIDE)


def _links(page: Page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"
        ".concat(Array.from(document.querySelectorAll('form[method=get i], form:not([method])'),"
        " f => f.action))"
    )


def crawl(
    context: BrowserContext,
    *,
    role: str,
    origin: str,
    start: list[str],
    time_bound: float = 600.0,
) -> CrawlResult:
    """Visit every same-origin URL reachable from ``start`` once; return what failed where."""
    result = CrawlResult(role=role)
    began = time.monotonic()
    context.route("**/*", _block_heavy)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_viewport_size(WIDE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    queue: list[str] = []
    seen: set[str] = set()
    variants: dict[str, int] = defaultdict(int)
    titles: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    referrers: dict[str, str] = {}
    axed_narrow: set[str] = set()

    def enqueue(url: str, referrer: str) -> None:
        norm = normalise(url, origin)
        if norm is None or norm in seen:
            return
        path, _, query = norm.partition("?")
        if query:
            if variants[path] >= MAX_QUERY_VARIANTS:
                result.skipped_variants += 1
                result.skipped_paths[path] += 1
                return
            variants[path] += 1
        seen.add(norm)
        referrers[norm] = referrer
        queue.append(norm)

    for url in start:
        enqueue(origin + url, "start")

    while queue:
        if time.monotonic() - began > time_bound:
            result.timed_out = True
            result.fail("time bound", "(crawl)", f"{len(queue)} URLs left unvisited")
            break
        url = queue.pop(0)
        name, _ = route_of(url)
        result.routes[url] = name
        if DOWNLOAD_PATH.search(urlsplit(url).path) or name in DOWNLOAD_ROUTES:
            _check_download(context, result, url)
            continue
        errors.clear()
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                _check_download(context, result, url)
                continue
            result.fail("5xx", url, f"navigation failed: {exc}".splitlines()[0])
            continue
        status = response.status if response else 0
        final = normalise(page.url, origin) or page.url
        if final != url:
            result.routes.setdefault(final, route_of(final)[0])
            if final in seen and final != url:
                continue  # a redirect (to sign in) onto a page already checked
            seen.add(final)
        if status >= 500:
            result.fail("5xx", url, f"answered {status} (linked from {referrers[url]})")
            continue
        if status >= 400:
            result.fail("broken link", url, f"answered {status} (linked from {referrers[url]})")
            continue
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            result.downloads += 1
            continue
        result.pages += 1
        check_page(page, result, final, titles, axed_narrow)
        for error in errors:
            result.fail("JavaScript error", final, error)
        for link in _links(page):
            enqueue(link, final)

    for name, by_title in titles.items():
        for title, records in by_title.items():
            if len(records) > 1:
                kwargs = "; ".join(
                    ", ".join(f"{k}={v}" for k, v in record if k != "slug") or "(none)"
                    for record in sorted(records)
                )
                result.fail("shared title", name, f'"{title}" for {len(records)} records: {kwargs}')
    page.close()
    result.seconds = time.monotonic() - began
    return result
