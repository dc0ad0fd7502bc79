"""Simulated desktops and a client for the push API, shared by the regional tests."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

import anyio.from_thread
import httpx
from sqlalchemy import select
from sqlalchemy.engine import Engine

from localitydesk.regional.schema import change_log, push_batch, record
from localitydesk.regional.tokens import IssuedToken
from localitydesk.sync.protocol import (
    IDEMPOTENCY_HEADER,
    PUSH_PATH,
    Batch,
    Change,
    canonical_json,
    new_idempotency_key,
)


def worker_record(owner: uuid.UUID, number: int, **fields: Any) -> dict[str, Any]:
    record_id = fields.pop("id", None) or str(uuid.uuid4())
    base = {
        "id": record_id,
        "locality_id": str(owner),
        "staff_number": f"S{number:05d}",
        "first_name": "Gwen",
        "last_name": f"Jones {number}",
        "preferred_language": "cy",
        "welsh_speaking": 4,
        "welsh_reading": 3,
        "welsh_writing": 2,
        "employment_type": "bank",
        "main_role": "care_worker",
        "start_date": "2024-04-01",
        "phone": "01492 000000",
        "home_town": "Conwy",
        "created_at": "2025-01-01T09:00:00+00:00",
        "updated_at": "2025-01-01T09:00:00+00:00",
        "version": 1,
    }
    base.update(fields)
    return base


@dataclass
class Desktop:
    """One desktop database of a locality: its own copies, versions and outbox."""

    token: IssuedToken
    origin: str = field(default_factory=lambda: str(uuid.uuid4()))
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    outbox: list[Change] = field(default_factory=list)
    counter: int = 0

    def insert_worker(self, **fields: Any) -> str:
        self.counter += 1
        data = worker_record(self.token.locality_id, self.counter, **fields)
        data["version"] = 1
        self.records[data["id"]] = data
        self.outbox.append(self._change(data["id"], "insert", 0, sorted(data), data))
        return data["id"]

    def adopt(self, other: "Desktop", record_id: str) -> None:
        """A copy of another desktop's record as it was (a restored backup, a second laptop)."""
        self.records[record_id] = copy.deepcopy(other.records[record_id])

    def update(self, record_id: str, **fields: Any) -> None:
        data = self.records[record_id]
        base = data["version"]
        data.update(fields)
        data["version"] = base + 1
        data["updated_at"] = f"2025-06-01T10:{data['version'] % 60:02d}:00+00:00"
        self.outbox.append(self._change(record_id, "update", base, sorted([*fields, "updated_at"]), data))

    def delete(self, record_id: str) -> None:
        data = self.records.pop(record_id)
        self.outbox.append(self._change(record_id, "delete", data["version"], [], data))

    def _change(self, record_id: str, operation: str, base: int, fields: list[str], data: dict) -> Change:
        return Change(
            change_id=str(uuid.uuid4()),
            entity="worker",
            entity_id=record_id,
            operation=operation,
            base_version=base,
            changed_fields=tuple(fields),
            payload=copy.deepcopy(data),
        )

    def take(self) -> list[Change]:
        changes, self.outbox = self.outbox, []
        return changes

    def batch(self, changes: list[Change] | None = None) -> dict[str, Any]:
        return Batch(origin=self.origin, changes=tuple(self.take() if changes is None else changes)).to_wire()


class SyncASGIClient:
    """httpx against the ASGI app in-process, driven from plain (sync) tests.

    The app runs on an event loop in a helper thread, as it would under
    uvicorn; ``gather`` sends requests truly concurrently.
    """

    def __init__(self, app: Any) -> None:
        self._app = app

    def __enter__(self) -> "SyncASGIClient":
        self._portal_cm = anyio.from_thread.start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        transport = httpx.ASGITransport(app=self._app)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://regional.test")
        return self

    def __exit__(self, *exc: Any) -> None:
        self._portal.call(self._client.aclose)
        self._portal_cm.__exit__(*exc)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(lambda: self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def gather(self, requests: list[tuple[str, str, dict[str, Any]]]) -> list[httpx.Response]:
        async def run_all() -> list[httpx.Response]:
            responses: list[httpx.Response | None] = [None] * len(requests)

            async def one(index: int, method: str, url: str, kwargs: dict[str, Any]) -> None:
                responses[index] = await self._client.request(method, url, **kwargs)

            async with anyio.create_task_group() as group:
                for index, (method, url, kwargs) in enumerate(requests):
                    group.start_soon(one, index, method, url, kwargs)
            return responses  # type: ignore[return-value]

        return self._portal.call(run_all)


@dataclass
class PushClient:
    http: Any
    engine: Engine
    conwy: IssuedToken
    denbigh: IssuedToken

    def post(self, body: Any, *, token: str | None, key: str | None = None, raw: bytes | None = None,
             headers: dict[str, str] | None = None):
        sent = {"Content-Type": "application/json"}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        sent[IDEMPOTENCY_HEADER] = key or new_idempotency_key()
        sent.update(headers or {})
        content = raw if raw is not None else canonical_json(body)
        return self.http.post(PUSH_PATH, content=content, headers=sent)

    def request_args(self, body: Any, *, token: str, key: str) -> tuple[str, str, dict[str, Any]]:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", IDEMPOTENCY_HEADER: key}
        return ("POST", PUSH_PATH, {"content": canonical_json(body), "headers": headers})

    def push(self, desktop: Desktop, changes: list[Change] | None = None, *, key: str | None = None):
        response = self.post(desktop.batch(changes), token=desktop.token.token, key=key)
        assert response.status_code == 200, response.text
        return response.json()

    def records(self) -> dict[str, dict[str, Any]]:
        with self.engine.connect() as connection:
            return {str(row.entity_id): dict(row._mapping) for row in connection.execute(select(record))}

    def written(self) -> tuple[int, int, int]:
        """Rows in record, change_log and push_batch: whether a request wrote anything."""
        with self.engine.connect() as connection:
            return tuple(
                len(connection.execute(select(table)).all()) for table in (record, change_log, push_batch)
            )


def two_desks_sharing_a_worker(server) -> tuple[Desktop, Desktop, str]:
    """Two desktops of one locality holding the same pushed worker record."""
    first = Desktop(server.conwy)
    record_id = first.insert_worker()
    server.push(first)
    second = Desktop(server.conwy)
    second.adopt(first, record_id)
    return first, second, record_id


def outcomes(answer: dict[str, Any]) -> list[str]:
    return [result["outcome"] for result in answer["results"]]
