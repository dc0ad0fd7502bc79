"""The regional server's HTTP face: ``POST /v1/sync/push`` and ``GET /v1/health``.

Order of checks on a push, each answering before the next is tried: body
size (413), token (401), JSON and the strict models (400/422), schema version
(422), locality named in the body (403). Only then is the batch applied, in
one PostgreSQL transaction, as the application role fenced to the token's
locality. Bad input is always a 4xx; a 500 would be a bug.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from localitydesk.sync.protocol import (
    HEALTH_PATH,
    IDEMPOTENCY_HEADER,
    IDEMPOTENCY_KEY_PATTERN,
    MAX_BODY_BYTES,
    PUSH_PATH,
    REPLAYED_HEADER,
    Reason,
)

from .db import make_engine
from .jsoncodec import batch_fingerprint
from .models import ErrorOut, HealthOut, PushBatch, PushBatchWire, PushResultOut
from .push import push
from .tokens import enter_as_caller
from .wire import ParsedBatch, from_model, read_quickly

log = logging.getLogger(__name__)

SUPPORTED_SCHEMA_VERSIONS = frozenset({1})
# PostgreSQL errors worth a fresh attempt at the whole batch: serialisation,
# deadlock, and an id another locality inserted in the same instant.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "23505"})
ATTEMPTS = 3
IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)

bearer = HTTPBearer(auto_error=False, description="The locality's token from `localitydesk-regional token create`")


class Refusal(Exception):
    def __init__(self, status_code: int, reason: Reason, message: str, errors: list | None = None, headers=None):
        super().__init__(message)
        self.status_code = status_code
        self.reason = reason
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"reason": str(self.reason), "message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        return JSONResponse(body, status_code=self.status_code, headers=self.headers)


def _unauthorised(message: str) -> Refusal:
    return Refusal(401, Reason.UNAUTHORISED, message, headers={"WWW-Authenticate": "Bearer"})


def _validation_errors(error: ValidationError) -> list[dict[str, Any]]:
    # The location and the rule broken, never the input itself: it may hold personal data.
    return [{"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]} for item in error.errors()[:50]]


def _reject_non_standard_numbers(body: bytes) -> None:
    """NaN and Infinity are not JSON, though Python's and pydantic's parsers take them."""
    if b"NaN" not in body and b"Infinity" not in body:
        return

    def refuse(constant: str) -> None:
        raise Refusal(400, Reason.MALFORMED_JSON, f"{constant} is not a JSON number")

    try:
        json.loads(body, parse_constant=refuse)
    except ValueError:
        pass  # malformed anyway; the model says how


def parse_batch(body: bytes) -> ParsedBatch:
    # The quick road reads strict JSON only, so a NaN never comes that way.
    batch = read_quickly(body)
    if batch is None:
        _reject_non_standard_numbers(body)
        try:
            batch = from_model(PushBatchWire.model_validate_json(body))
        except ValidationError as error:
            if any(item["type"] == "json_invalid" for item in error.errors()):
                raise Refusal(400, Reason.MALFORMED_JSON, "the body is not valid JSON") from None
            raise Refusal(
                422, Reason.INVALID_REQUEST, "the batch does not follow the protocol", _validation_errors(error)
            ) from None
    if batch.schema_version not in SUPPORTED_SCHEMA_VERSIONS:
        raise Refusal(
            422,
            Reason.UNSUPPORTED_SCHEMA_VERSION,
            f"schema version {batch.schema_version} is not one this server takes "
            f"({', '.join(map(str, sorted(SUPPORTED_SCHEMA_VERSIONS)))})",
        )
    return batch


def refuse_other_locality(batch: ParsedBatch, locality_id: uuid.UUID) -> None:
    own = str(locality_id)
    for index, change in enumerate(batch.changes):
        named = change.payload.get("locality_id")
        if named is None or named == own:
            continue
        try:
            named_id = uuid.UUID(str(named))
        except ValueError:
            continue  # not a locality at all: that change is rejected as invalid later
        if named_id != locality_id:
            raise Refusal(
                403,
                Reason.OTHER_LOCALITY,
                f"change {index} names another locality; a token writes only its own locality",
            )


def _apply(engine: Engine, token: str, body: bytes, key: str) -> JSONResponse:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with engine.begin() as connection:
                # Application role, fence and lock from this statement on (see tokens._ENTER).
                caller = enter_as_caller(connection, token)
                if caller is None:
                    raise _unauthorised("unknown or revoked token")
                batch = parse_batch(body)
                refuse_other_locality(batch, caller.locality_id)
                answer = push(
                    connection,
                    caller,
                    origin=batch.origin,
                    changes=batch.changes,
                    idempotency_key=key,
                    fingerprint=lambda: batch_fingerprint(batch),
                )
                if answer.status_code != 200:
                    raise Refusal(answer.status_code, Reason(answer.body["reason"]), answer.body["message"])
            headers = {REPLAYED_HEADER: "true"} if answer.replayed else {}
            return Response(answer.json(), status_code=answer.status_code, headers=headers, media_type="application/json")
        except DBAPIError as error:
            sqlstate = getattr(error.orig, "sqlstate", None)
            if (sqlstate in RETRYABLE_SQLSTATES or error.connection_invalidated) and attempt < ATTEMPTS:
                # A batch's transaction is all or nothing, and a batch that did
                # commit before its connection died is found by its key and
                # replayed: trying again never applies anything twice.
                log.info("retrying a batch after %s (attempt %d)", sqlstate or "a lost connection", attempt)
                continue
            if error.connection_invalidated or sqlstate in RETRYABLE_SQLSTATES or sqlstate is None:
                log.warning("database unavailable: %s", error)
                body = {"reason": "unavailable", "message": "the database is unavailable; try again"}
                return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})
            raise
    raise AssertionError("unreachable")


async def _read_capped(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Refusal(400, Reason.INVALID_REQUEST, "bad Content-Length")
        if int(declared) > MAX_BODY_BYTES:
            raise Refusal(413, Reason.TOO_LARGE, f"a batch may be at most {MAX_BODY_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refusal(413, Reason.TOO_LARGE, f"a batch may be at most {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(database_url: str | None = None, *, engine: Engine | None = None) -> FastAPI:
    if engine is None:
        if database_url is None:
            raise ValueError("a database URL or an engine is needed")
        engine = make_engine(database_url)

    app = FastAPI(
        title="LocalityDesk regional server",
        version="1",
        description="Receives each locality's changes from its desktops; the server has the final word.",
    )
    app.state.engine = engine

    @app.exception_handler(Refusal)
    async def _refusal(_request: Request, refusal: Refusal) -> JSONResponse:
        return refusal.response()

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]} for item in error.errors()[:50]]
        return Refusal(422, Reason.INVALID_REQUEST, "the request does not follow the protocol", errors).response()

    @app.get(HEALTH_PATH, response_model=HealthOut, responses={503: {"model": HealthOut}})
    def health() -> JSONResponse:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
                return JSONResponse({"status": "ok"})
            except DBAPIError as error:
                # A pooled connection the database dropped (it restarted) is
                # not an outage: the pool is renewed, and the next try says.
                if not (error.connection_invalidated and attempt < ATTEMPTS):
                    break
        return JSONResponse({"status": "unavailable"}, status_code=503)

    error_responses = {
        code: {"model": ErrorOut, "description": description}
        for code, description in {
            400: "malformed JSON or a bad header",
            401: "no token, or an unknown or revoked one",
            403: "the body names another locality",
            409: "the idempotency key was used for a different batch",
            413: "the body is over the size limit",
            415: "not JSON",
            422: "the batch breaks the protocol, or its schema version is unknown",
            503: "the database is unavailable; try again",
        }.items()
    }

    @app.post(
        PUSH_PATH,
        response_model=PushResultOut,
        responses=error_responses,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushBatch"}}},
            }
        },
    )
    async def push_changes(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        idempotency_key: Annotated[str | None, Header(alias=IDEMPOTENCY_HEADER, max_length=200)] = None,
    ) -> JSONResponse:
        """Apply a batch of one locality's changes; one result per change, in order."""
        if credentials is None or not credentials.credentials:
            raise _unauthorised("a bearer token is needed")
        if idempotency_key is None or not IDEMPOTENCY_KEY.match(idempotency_key):
            raise Refusal(400, Reason.INVALID_REQUEST, f"an {IDEMPOTENCY_HEADER} header of 16–64 letters, digits, - or _ is needed")
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            raise Refusal(415, Reason.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json")
        body = await _read_capped(request)
        return await run_in_threadpool(_apply, engine, credentials.credentials, body, idempotency_key)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            batch_schema = PushBatch.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(batch_schema.pop("$defs", {}))
            schemas["PushBatch"] = batch_schema
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi
    return app
