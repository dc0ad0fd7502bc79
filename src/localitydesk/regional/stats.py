"""Counts per locality and entity, for the regional data manager (runs as the owner, across localities)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from .schema import api_token, change_log, locality, record


def gather(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        localities = {
            row.code: {"records": {}, "changes": {}, "active_tokens": 0}
            for row in connection.execute(select(locality.c.code).order_by(locality.c.code))
        }
        per_entity = connection.execute(
            select(
                locality.c.code,
                record.c.entity,
                func.count().filter(record.c.deleted.is_(False)).label("live"),
                func.count().filter(record.c.deleted.is_(True)).label("deleted"),
            )
            .join(locality, locality.c.id == record.c.locality_id)
            .group_by(locality.c.code, record.c.entity)
            .order_by(locality.c.code, record.c.entity)
        )
        for row in per_entity:
            localities[row.code]["records"][row.entity] = {"live": row.live, "deleted": row.deleted}
        outcomes = connection.execute(
            select(locality.c.code, change_log.c.outcome, func.count().label("n"))
            .join(locality, locality.c.id == change_log.c.locality_id)
            .group_by(locality.c.code, change_log.c.outcome)
        )
        for row in outcomes:
            localities[row.code]["changes"][row.outcome] = row.n
        tokens = connection.execute(
            select(locality.c.code, func.sum(case((api_token.c.revoked_at.is_(None), 1), else_=0)).label("n"))
            .join(locality, locality.c.id == api_token.c.locality_id)
            .group_by(locality.c.code)
        )
        for row in tokens:
            localities[row.code]["active_tokens"] = int(row.n or 0)
    return {"localities": localities}


def as_text(stats: dict[str, Any]) -> str:
    lines = []
    for code, figures in stats["localities"].items():
        changes = ", ".join(f"{outcome} {n}" for outcome, n in sorted(figures["changes"].items())) or "none"
        lines.append(f"{code}: {figures['active_tokens']} active token(s); changes: {changes}")
        for entity, counts in figures["records"].items():
            lines.append(f"  {entity:<28} {counts['live']:>8} live {counts['deleted']:>8} deleted")
    return "\n".join(lines) if lines else "no localities yet"
