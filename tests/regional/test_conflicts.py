"""Two desktops editing one record: merged where they touch different fields,
a conflict where they touch the same one, never a silent overwrite; deleted
records stay deleted. The outcome depends only on arrival order."""

from __future__ import annotations

from .helpers import Desktop, outcomes, two_desks_sharing_a_worker


def test_same_field_the_second_to_arrive_is_a_conflict_with_the_server_values(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.update(record_id, phone="111")
    second.update(record_id, phone="222")

    assert outcomes(server.push(first)) == ["applied"]
    [result] = server.push(second)["results"]

    assert result["outcome"] == "conflict"
    assert result["server_version"] == 2
    assert result["detail"]["reason"] == "fields"
    assert result["detail"]["fields"] == ["phone"]
    assert result["detail"]["server_record"]["phone"] == "111"
    stored = server.records()[record_id]
    assert (stored["version"], stored["data"]["phone"]) == (2, "111")


def test_different_fields_merge(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.update(record_id, phone="111")
    second.update(record_id, home_town="Abergele", welsh_speaking=5)

    assert outcomes(server.push(first)) == ["applied"]
    assert outcomes(server.push(second)) == ["applied"]

    stored = server.records()[record_id]
    assert stored["version"] == 3
    assert (stored["data"]["phone"], stored["data"]["home_town"], stored["data"]["welsh_speaking"]) == ("111", "Abergele", 5)


def test_a_later_edit_after_a_merge_still_sees_the_other_desks_change(server):
    """After merging, the second desk has still never seen the first desk's phone:
    its next phone edit is a conflict, not an overwrite."""
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.update(record_id, phone="111")
    second.update(record_id, home_town="Abergele")
    server.push(first)
    server.push(second)

    second.update(record_id, phone="333")
    [result] = server.push(second)["results"]

    assert result["outcome"] == "conflict"
    assert result["detail"]["fields"] == ["phone"]
    assert server.records()[record_id]["data"]["phone"] == "111"


def test_one_desks_own_successive_edits_never_conflict(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    second.update(record_id, home_town="Abergele")
    server.push(second)
    for number in range(4):
        first.update(record_id, phone=str(number))
    assert outcomes(server.push(first)) == ["applied"] * 4
    stored = server.records()[record_id]
    assert (stored["version"], stored["data"]["phone"], stored["data"]["home_town"]) == (6, "3", "Abergele")


def test_a_conflict_is_settled_by_resending_on_top_of_the_server_version(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.update(record_id, phone="111")
    second.update(record_id, phone="222")
    server.push(first)
    [conflict] = server.push(second)["results"]
    # Still conflicting while the desk keeps building on its own version.
    second.update(record_id, phone="223")
    assert outcomes(server.push(second)) == ["conflict"]

    # The user keeps theirs: the desk adopts the server version and re-sends its value on top.
    second.records[record_id]["version"] = conflict["server_version"]
    second.update(record_id, phone="223")
    [change] = second.take()
    resent = change.__class__(**{**{name: getattr(change, name) for name in change.__slots__}, "rebased": True})
    assert outcomes(server.push(second, [resent])) == ["applied"]
    stored = server.records()[record_id]
    assert (stored["version"], stored["data"]["phone"]) == (3, "223")


def test_update_then_delete_from_a_desk_that_never_saw_the_update_is_a_conflict(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.update(record_id, phone="111")
    second.delete(record_id)
    server.push(first)
    [result] = server.push(second)["results"]
    assert result["outcome"] == "conflict"
    assert result["detail"]["fields"] == ["phone"]
    assert server.records()[record_id]["deleted"] is False


def test_delete_then_a_late_update_is_a_conflict_never_a_resurrection(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    second.update(record_id, phone="222")
    first.delete(record_id)
    assert outcomes(server.push(first)) == ["applied"]
    [result] = server.push(second)["results"]

    assert result["outcome"] == "conflict"
    assert result["detail"] == {"reason": "deleted"}
    stored = server.records()[record_id]
    assert stored["deleted"] is True
    assert stored["version"] == 2
    # The tombstone keeps who it was, not their personal data.
    assert set(stored["data"]) == {"id", "locality_id"}


def test_reinserting_a_deleted_record_is_a_conflict(server):
    first, _second, record_id = two_desks_sharing_a_worker(server)
    inserted = dict(first.records[record_id])
    first.delete(record_id)
    server.push(first)
    other = Desktop(server.conwy)
    other.insert_worker(**{k: v for k, v in inserted.items() if k not in ("version",)})
    [result] = server.push(other)["results"]
    assert (result["outcome"], result["detail"]["reason"]) == ("conflict", "deleted")
    assert server.records()[record_id]["deleted"] is True


def test_both_desks_deleting_agree(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.delete(record_id)
    second.delete(record_id)
    assert outcomes(server.push(first)) == ["applied"]
    [result] = server.push(second)["results"]
    assert (result["outcome"], result["detail"]["reason"]) == ("applied", "already_deleted")
    assert server.records()[record_id]["version"] == 2


def test_another_locality_cannot_touch_the_record(server):
    """Denbighshire sends edits and a delete for Conwy's worker: nothing changes,
    and the answer is the one for a record that does not exist at all."""
    conwy = Desktop(server.conwy)
    record_id = conwy.insert_worker()
    server.push(conwy)
    before = server.records()[record_id]

    intruder = Desktop(server.denbigh)
    stolen = dict(conwy.records[record_id], locality_id=str(server.denbigh.locality_id))
    intruder.records[record_id] = stolen
    intruder.update(record_id, phone="999")
    intruder.records[record_id] = dict(stolen, version=2)
    intruder.delete(record_id)
    intruder.insert_worker(**{k: v for k, v in stolen.items() if k != "version"})
    answer = server.push(intruder)

    assert outcomes(answer) == ["rejected", "rejected", "conflict"]
    assert [result["detail"]["reason"] for result in answer["results"]] == ["not_found", "not_found", "exists"]
    assert "server_record" not in answer["results"][2]["detail"]
    assert server.records()[record_id] == before


def test_results_do_not_depend_on_the_clocks_in_the_payload(server):
    """Desks whose clocks run a day fast or slow get the same answers."""
    verdicts = []
    for fast, slow in (("2025-06-02T10:00:00+00:00", "2025-05-31T10:00:00+00:00"),
                       ("2025-05-31T10:00:00+00:00", "2025-06-02T10:00:00+00:00")):
        first, second, record_id = two_desks_sharing_a_worker(server)
        first.update(record_id, phone="111", updated_at=fast)
        second.update(record_id, phone="222", home_town="Rhyl", updated_at=slow)
        verdicts.append((outcomes(server.push(first)), outcomes(server.push(second)),
                         server.records()[record_id]["data"]["phone"]))
    assert verdicts[0] == verdicts[1] == (["applied"], ["conflict"], "111")



def test_the_inserting_desks_state_is_implied_not_stored_and_still_catches_a_lost_edit(server):
    """A desktop's own insert stores no desktop state: the record's stamp implies
    it (version 1, no server version seen before). So an edit of its version 2
    arriving first, when its version 1 -> 2 edit never came, is out of order,
    as it would be with a stored state, and the other desk's change is kept."""
    from sqlalchemy import func, select

    from localitydesk.regional.schema import origin_state

    first, second, record_id = two_desks_sharing_a_worker(server)
    with server.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(origin_state)).scalar_one() == 0
    second.update(record_id, phone="222")
    server.push(second)
    first.update(record_id, home_town="Abergele")
    first.update(record_id, phone="111")
    lost, late = first.take()

    [result] = server.push(first, [late])["results"]

    assert result["outcome"] == "conflict"
    assert result["detail"]["reason"] == "out_of_order"
    assert server.records()[record_id]["data"]["phone"] == "222"
