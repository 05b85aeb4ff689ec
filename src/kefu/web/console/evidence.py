"""``/console/cases/evidence/{id}``: an evidence file of a case, for staff who may see that case."""

from __future__ import annotations

from fastapi.responses import Response

from kefu.attachments import content_disposition
from kefu.cases.evidence import evidence_file
from kefu.web.console.auth import CurrentAgent
from kefu.web.console.render import PRIVATE
from kefu.web.console.routing import console_routes
from kefu.web.services import DbSession, ServicesDep

__all__ = ["router"]

router = console_routes()


@router.get("/console/cases/evidence/{attachment_id}")
def evidence_download(
    attachment_id: int, agent: CurrentAgent, session: DbSession, svc: ServicesDep
) -> Response:
    """The file, if this agent may see its case (404 otherwise, like the case itself)."""
    attachment = evidence_file(session, attachment_id, agent.viewer)
    disposition = content_disposition(attachment.filename, inline=attachment.kind == "image")
    return Response(
        svc.storage.get(attachment.storage_key),
        media_type=attachment.content_type,
        headers={
            **PRIVATE,
            "Content-Disposition": disposition,
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
