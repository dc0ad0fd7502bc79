"""A locality's workers kept for matching request after request.

A request is for one role at one time of one weekday. Most of a role's
holders are ruled out by their usual week alone, and workers share patterns
(weekday mornings, evenings…), so each role's holders are kept grouped by
their availability pattern: ranking asks once per distinct pattern whether
the request's time fits, and meets only the workers of the patterns that do.

The pool is built once. A request usually needs a few workers changed (their
history with its provider) or left out (already booked on it):
:meth:`WorkerPool.adjusted` gives a view that shares everything else, so a
request costs the workers it touches, not the whole locality.

Workers here are ``domain.matching.CandidateWorker`` (duck-typed: this module
reads only ``worker_id``, ``roles`` and ``availability``).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any

Pattern = Any  # a CandidateWorker.availability: a tuple of windows, or None
Group = tuple[Pattern, Sequence[Any]]


class WorkerPool:
    """Workers indexed by role, and within a role grouped by availability pattern.

    Each worker id appears once: a view finds a worker by id.
    """

    __slots__ = ("_base", "_replaced", "_dropped", "_workers", "_by_role", "_groups", "_slots", "_by_id")

    def __init__(self, workers: Iterable[Any]):
        self._base = None
        self._replaced: Mapping[Hashable, Any] = {}
        self._dropped: Collection[Hashable] = frozenset()
        self._workers = tuple(workers)
        self._by_id = {w.worker_id: w for w in self._workers}
        by_role: dict = {}
        for worker in self._workers:
            for role in worker.roles:
                by_role.setdefault(role, []).append(worker)
        self._by_role = by_role
        self._groups: dict = {}
        # role -> worker id -> (group, place in it): a view rewrites by place,
        # copying the few groups it changes instead of looking up every member.
        self._slots: dict = {}

    # -- a request's view ---------------------------------------------------

    def adjusted(self, replaced: Mapping[Hashable, Any] | None = None, dropped: Collection[Hashable] = ()) -> WorkerPool:
        """This pool with some workers replaced by other versions of themselves
        and some left out, sharing every group neither touches.

        A replacement must keep the worker's roles and availability (it
        changes what a request scores, not where the worker is filed); one
        that does not, or a worker the pool never held, makes a pool built
        afresh, which is slower but never wrong.
        """
        replaced = dict(replaced or {})
        dropped = frozenset(dropped)
        if not replaced and not dropped:
            return self
        # A view of a view is not needed by any request: it is built from the
        # first view's workers, which costs a pass but keeps one meaning —
        # changes apply to the pool as it stands.
        base = self if self._base is None else WorkerPool(self.workers)
        for worker_id, worker in replaced.items():
            original = base._by_id.get(worker_id)
            if original is None or worker.roles != original.roles or worker.availability != original.availability:
                return WorkerPool(
                    [replaced.get(w.worker_id, w) for w in base._workers if w.worker_id not in dropped]
                    + [w for worker_id, w in replaced.items() if worker_id not in base._by_id and worker_id not in dropped]
                )
        view = WorkerPool.__new__(WorkerPool)
        view._base = base
        view._replaced = replaced
        view._dropped = dropped
        view._workers = None
        view._by_id = None
        view._by_role = {}
        view._groups = {}
        view._slots = None
        return view

    def _rewrite(self, workers: Iterable[Any]) -> list:
        replaced, dropped = self._replaced, self._dropped
        return [replaced.get(w.worker_id, w) for w in workers if w.worker_id not in dropped]

    # -- reading ------------------------------------------------------------

    def with_role(self, role) -> Sequence[Any]:
        """Every worker who holds ``role``."""
        if self._base is None:
            return self._by_role.get(role, ())
        found = self._by_role.get(role)
        if found is None:
            found = self._by_role[role] = self._rewrite(self._base.with_role(role))
        return found

    def by_availability(self, role) -> list[Group]:
        """The holders of ``role`` as (availability pattern, workers) groups."""
        groups = self._groups.get(role)
        if groups is not None:
            return groups
        if self._base is None:
            index: dict = {}
            slots: dict = {}
            groups = []
            for worker in self.with_role(role):
                at = index.get(worker.availability)
                if at is None:
                    at = index[worker.availability] = len(groups)
                    groups.append((worker.availability, []))
                slots[worker.worker_id] = (at, len(groups[at][1]))
                groups[at][1].append(worker)
            self._slots[role] = slots
        else:
            base_groups = self._base.by_availability(role)
            slots = self._base._slots[role]
            copies: dict = {}

            def members(at):
                copy = copies.get(at)
                if copy is None:
                    copy = copies[at] = list(base_groups[at][1])
                return copy

            for worker_id, worker in self._replaced.items():
                slot = slots.get(worker_id)
                if slot is not None:
                    members(slot[0])[slot[1]] = worker
            # Last place first, so each deletion leaves the places before it valid.
            for at, place in sorted((slots[w] for w in self._dropped if w in slots), reverse=True):
                del members(at)[place]
            groups = list(base_groups)
            for at, copy in copies.items():
                groups[at] = (base_groups[at][0], copy)
        self._groups[role] = groups
        return groups

    @property
    def workers(self) -> tuple:
        if self._workers is None:
            self._workers = tuple(self._rewrite(self._base.workers))
        return self._workers

    def __iter__(self):
        return iter(self.workers)

    def __len__(self) -> int:
        return len(self.workers)
