"""The customer's "My cases" pages (/cases): their cases and complaints, one case, a new complaint.

pages.py     the routes (shells in the chat pages' frame, for the signed-in customer's chat pass)
strings.py   every word, zh-CN + en
templates/   cases.html (the list), case.html (one case), complaint.html (the form), _signed_out.html
static/      cases.js (talks to /api/v1/my), cases.css
"""

from __future__ import annotations

from kefu.web.cases.pages import STATIC_DIR, STATIC_PREFIX, router

__all__ = ["STATIC_DIR", "STATIC_PREFIX", "router"]
