"""The web layer: the FastAPI app, the public help center pages and the REST API.

Thin by design: routes parse the request, call a domain verb, and render. Domain errors become HTTP
responses in one place (:mod:`kefu.web.errors`).

app          create_app(): the app factory and its lifespan (migrate, first import, search index, analytics)
services     Services: the per-process objects routes need (database, help center, analytics recorder)
errors       KefuError / validation / HTTP errors → bilingual JSON for /api, HTML pages elsewhere
middleware   request ids (X-Request-ID) and one access-log line per request
locale       which language to answer in: URL, then the user's choice (cookie), then Accept-Language
api/         /api/v1: search, suggestions, articles, categories, feedback, clicks, reports; health checks
helpcenter/  the server-rendered help center (templates, static CSS and JS)
"""
