"""The bad-input fixture: the hand-checked fixture's good rows, written the way real exports
write them (byte-order mark, CRLF, padded ids, "NULL" and "None" for empty, numbers as text,
a 1 MB body, an empty body, a quoted multi-line body, an extra column, a missing optional
column), plus one or more bad rows of every class. The bad rows sit where keeping them would
change the marts (customer c1's re-contacts, t01's escalation, t03's end, the watermark), so
marts equal to the hand-checked ones show they were set aside.

Without bad rows (include_bad_rows=False) the same good rows, written the same way, give the
marts the bad rows must not change.

EXPECTED_REJECTED[(input, reason)] and EXPECTED_MERGED[input] count what must be set aside.
"""

import csv
import io
from pathlib import Path

from conftest import FIXTURES

PERSONAL_DATA = {
    "email": "jane.doe@example.com",
    "phone": "+44 7700 900123",
    "card": "4111 1111 1111 1111",
    "iban": "DE89 3704 0044 0532 0130 00",
    "address": "221 Baker Street",
    "url_token": "https://shop.example.com/reset?token=9f8e7d6c5b4a",
}
LARGE_BODY = "My card was declined. " * 47_000 + "Reach me at " + PERSONAL_DATA["email"]  # ~1 MB

EXPECTED_REJECTED = {
    ("tickets", "missing_ticket_id"): 1,
    ("tickets", "missing_customer_id"): 1,
    ("tickets", "unparseable_timestamp"): 1,
    ("tickets", "closed_before_created"): 1,
    ("tickets", "invalid_csat_score"): 1,
    ("tickets", "future_timestamp"): 2,  # a new ticket and a newer version of t02
    ("tickets", "repeated_header_row"): 1,
    ("tickets", "unreadable_csv_line"): 1,
    ("conversation_turns", "missing_turn_id"): 1,
    ("conversation_turns", "missing_sent_at"): 1,
    ("conversation_turns", "unparseable_timestamp"): 1,
    ("conversation_turns", "future_timestamp"): 1,
    ("conversation_turns", "unknown_author_role"): 1,
    ("conversation_turns", "unknown_turn_type"): 1,
    ("conversation_turns", "invalid_ai_confidence"): 1,
    ("conversation_turns", "invalid_feedback"): 1,
    ("conversation_turns", "conflicting_duplicate_id"): 1,
    ("conversation_turns", "unknown_ticket"): 1,
    ("conversation_turns", "ticket_rejected"): 1,
    ("conversation_turns", "sent_before_ticket"): 1,
    ("conversation_turns", "repeated_header_row"): 1,
    ("conversation_turns", "unreadable_csv_line"): 1,
    ("events", "missing_customer_id"): 1,
    ("events", "missing_event_name"): 1,
    ("events", "unparseable_timestamp"): 1,
    ("events", "future_timestamp"): 1,
    ("events", "conflicting_duplicate_id"): 1,
    ("events", "unreadable_csv_line"): 1,
}
# t01's older version (already in the hand-checked fixture); trn09c's copy (idem) and
# trn01a's; e1's.
EXPECTED_MERGED = {"tickets": 1, "conversation_turns": 2, "events": 1}


def _read(name):
    with open(FIXTURES / "hand_checked" / f"{name}.csv", newline="") as source:
        return list(csv.DictReader(source))


def _csv_bytes(rows, unreadable_line, bom=False, line_end="\r\n"):
    """rows as CSV (quoted where needed), then a line DuckDB cannot read as a row (if any)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator=line_end)
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8") + unreadable_line


def _tickets(include_bad_rows):
    rows = _read("tickets")
    for row in rows:
        row["export_batch"] = "2026-03-11"
        if row["csat_score"]:
            row["csat_score"] = f" {row['csat_score']}.0 "
        if not row["closed_at"]:
            row["closed_at"] = "NULL"
        if row["ticket_id"] == "t05":
            row["ticket_id"], row["customer_id"] = " t05 ", "c2\u00a0"
        if row["ticket_id"] == "t06":
            row["intent"] = "None"
    bad = dict(customer_id="c1", created_at="2026-03-03T09:00:00", closed_at="2026-03-03T10:00:00",
               channel="chat", intent="billing_card_update", csat_score="", updated_at="2026-03-03T10:00:00")
    if not include_bad_rows:
        return _csv_bytes(rows, b"", bom=True)
    rows += [
        {**bad, "ticket_id": "   "},
        {**bad, "ticket_id": "x01", "customer_id": "NULL"},
        {**bad, "ticket_id": "x02", "created_at": "yesterday"},
        {**bad, "ticket_id": "x03", "closed_at": "2026-03-03T08:00:00"},
        {**bad, "ticket_id": "x04", "csat_score": "7"},
        {**bad, "ticket_id": "x05", "created_at": "2099-01-01T00:00:00Z"},
        # A newer version of t02 whose closing time is in the future: the older one still wins.
        {**bad, "ticket_id": "t02", "created_at": "2026-03-05T10:00:00", "closed_at": "2099-01-01T00:00:00",
         "updated_at": "2026-03-06T00:00:00"},
        {column: column for column in rows[0]},  # the header again
    ]
    too_many_fields = b"x06,c1,2026-03-03T09:00:00,,chat,billing_card_update,,,2026-03-11,extra\r\n"
    return _csv_bytes(rows, too_many_fields, bom=True)


def _turns(include_bad_rows):
    rows = _read("conversation_turns")
    for row in rows:
        if row["turn_id"] == "trn01c":
            row["body"] = 'thanks, "that" worked\nbye'  # quoted, with quotes and a line break
        if row["turn_id"] == "trn01b":
            row["ai_confidence"] = " .91 "
            row["body"] = "Go to Billing > Payment methods: " + PERSONAL_DATA["url_token"]
        if row["turn_id"] == "trn02a":
            row["body"] = LARGE_BODY
        if row["turn_id"] == "trn02d":
            row["body"] += " Or call me on " + PERSONAL_DATA["phone"]
        if row["turn_id"] == "trn05b":
            row["body"] = ""
    if not include_bad_rows:
        return _csv_bytes(rows, b"")
    good = {row["turn_id"]: row for row in rows}
    bad = dict(ticket_id="t01", sent_at="2026-03-02T09:02:00", author_role="human_agent",
               body="I can help. Card " + PERSONAL_DATA["card"] + ", IBAN " + PERSONAL_DATA["iban"]
               + ", " + PERSONAL_DATA["address"], turn_type="message", ai_confidence="", feedback="")
    rows += [
        dict(good["trn01a"]),  # identical copy: merged
        {**good["trn02a"], "sent_at": "2026-03-05T10:30:00", "body": "edited"},  # conflicting copy
        {**bad, "turn_id": " "},
        {**bad, "turn_id": "b01", "sent_at": "NULL"},
        {**bad, "turn_id": "b02", "sent_at": "tomorrow"},
        {**bad, "turn_id": "b03", "ticket_id": "t03", "sent_at": "2099-01-01T00:00:00"},
        {**bad, "turn_id": "b04", "author_role": "bot"},
        {**bad, "turn_id": "b05", "turn_type": "whisper"},
        {**bad, "turn_id": "b06", "author_role": "ai_agent", "ai_confidence": "1.5"},
        {**bad, "turn_id": "b07", "author_role": "ai_agent", "feedback": "meh"},
        {**bad, "turn_id": "b08", "ticket_id": "t99", "sent_at": "2026-03-20T00:00:00"},
        {**bad, "turn_id": "b09", "ticket_id": "x04"},
        {**bad, "turn_id": "b10", "sent_at": "2026-03-01T09:00:00"},
        {column: column for column in rows[0]},
    ]
    invalid_utf8 = b"b11,t01,2026-03-02T09:03:00,human_agent,caf\xe9 in Latin-1,message,,\r\n"
    return _csv_bytes(rows, invalid_utf8)


def _events(include_bad_rows):
    rows = _read("events")
    for row in rows:
        del row["properties"]  # the optional column is missing
        row["source_system"] = "crm"
    if not include_bad_rows:
        return _csv_bytes(rows, b"", line_end="\n")
    bad = dict(customer_id="c1", event_name="billing_card_updated", occurred_at="2026-03-02T12:00:00",
               source_system="crm")
    rows += [
        dict(rows[0]),  # identical copy of e1: merged
        {**rows[3], "occurred_at": "2026-03-20T00:00:00", "event_name": "login"},  # conflicting e4
        {**bad, "event_id": "v01", "customer_id": ""},
        {**bad, "event_id": "v02", "event_name": "None"},
        {**bad, "event_id": "v03", "occurred_at": "03/02/2026"},
        {**bad, "event_id": "v04", "occurred_at": "2099-01-01T00:00:00"},
    ]
    unterminated_quote = b'v05,c1,billing_card_updated,"2026-03-02T12:00:00,crm\n'
    return _csv_bytes(rows, unterminated_quote, line_end="\n")


def write_bad_input_fixture(directory: Path, include_bad_rows: bool = True) -> Path:
    """Writes tickets.csv, conversation_turns.csv and events.csv into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "tickets.csv").write_bytes(_tickets(include_bad_rows))
    (directory / "conversation_turns.csv").write_bytes(_turns(include_bad_rows))
    (directory / "events.csv").write_bytes(_events(include_bad_rows))
    return directory
