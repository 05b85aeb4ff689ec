"""The public help center website, rendered on the server (Jinja2) and usable without JavaScript.

routes      the pages (home, category, article, feedback form, search, contact, language switch)
views       each page's data, assembled from the catalog, search results and help-center configuration
params      URL and form values, checked (search ids, ranks, votes, redirect targets)
render      the template environment, the context every page shares, and the HTML error page
strings     every UI string in zh-CN and en
templates/  the pages (base.html is the frame: header with search and language switch, footer)
static/     helpcenter.css (mobile first) and helpcenter.js (instant suggestions, feedback without reload)
"""

from __future__ import annotations

from kefu.web.helpcenter.render import STATIC_DIR
from kefu.web.helpcenter.routes import pages_router

__all__ = ["STATIC_DIR", "pages_router"]
