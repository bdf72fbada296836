"""Publication dates as found on pages and in feeds -> ISO 8601 with a granularity."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from kg.model import Granularity

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9

_NUMERIC = re.compile(
    r"(?P<y>\d{4})[.\-/](?P<m>\d{1,2})[.\-/](?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?")
_MONTH_FIRST = re.compile(r"(?P<mon>[A-Za-z]{3,9})\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>\d{4})")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<mon>[A-Za-z]{3,9})\.?,? (?P<y>\d{4})")
_CLOCK = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?")
_US_SHORT = re.compile(r"\b(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})\s*/\s*(?P<y>\d{2}|\d{4})\b")
# the words a dateline may hold besides its date, clock and proper names ("Last Updated: Monday, ...")
DATELINE_WORDS = {"am", "pm", "a.m.", "p.m.", "gmt", "utc", "et", "est", "edt", "pt", "pst", "pdt", "bst", "cet",
                  "cest", "ist", "updated", "last", "published", "posted", "modified", "on", "at", "by", "|", "/"}
RELATIVE = re.compile(r"^(?P<n>\d+)\s*(?P<unit>min|mins|minutes?|h|hrs?|hours?|d|days?)\s+ago$", re.I)


def parse_date(text: str) -> tuple[str, Granularity] | None:
    """'2021.06.14 16:26' -> ('2021-06-14T16:26', MINUTE); 'June 14, 2021' -> ('2021-06-14', DAY).

    >>> parse_date("date 2021-06-14")
    ('2021-06-14', <Granularity.DAY: 'day'>)
    >>> parse_date("Mon, 14 Jun 2021 16:26:00 +0300")
    ('2021-06-14T16:26:00+03:00', <Granularity.MINUTE: 'minute'>)
    """
    text = text.strip()
    m = _NUMERIC.search(text)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not _valid(y, mo, d):
            return None
        day = f"{y:04d}-{mo:02d}-{d:02d}"
        if m["H"] is None:
            return day, Granularity.DAY
        stamp = f"{day}T{int(m['H']):02d}:{m['M']}" + (f":{m['S']}" if m["S"] else "")
        tz = m["tz"]
        if tz:
            stamp += "Z" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        return stamp, Granularity.MINUTE
    if re.search(r"\d{1,2}:\d{2}:\d{2} [+-]\d{4}|GMT|UTC", text):
        try:
            dt = parsedate_to_datetime(text)
            return dt.isoformat(), Granularity.MINUTE
        except (TypeError, ValueError, IndexError):
            pass
    for rx in (_MONTH_FIRST, _DAY_FIRST):
        m = rx.search(text)
        if m and m["mon"].lower() in MONTHS:
            y, mo, d = int(m["y"]), MONTHS[m["mon"].lower()], int(m["d"])
            if not _valid(y, mo, d):
                continue
            day = f"{y:04d}-{mo:02d}-{d:02d}"
            clock = _CLOCK.search(text[m.end():])
            if clock:
                hour = int(clock["H"]) % 12 + (12 if (clock["ampm"] or "").lower().startswith("p") else 0) \
                    if clock["ampm"] else int(clock["H"])
                return f"{day}T{hour:02d}:{clock['M']}", Granularity.MINUTE
            return day, Granularity.DAY
    return None


def parse_dateline(text: str) -> tuple[str, Granularity] | None:
    """A line that is only a time stamp, however written: the place, agency, weekday and clock around
    the date are furniture. None when the line says more than that (a headline with a date in it).

    >>> parse_dateline("Washington D. C., Jul 13, 2009 / 02:00 pm (CNA)")
    ('2009-07-13T14:00', <Granularity.MINUTE: 'minute'>)
    >>> parse_dateline("04 / 28 / 09 07:35 PM ET")
    ('2009-04-28T19:35', <Granularity.MINUTE: 'minute'>)
    >>> parse_dateline("Obama to visit China on Nov. 15, 2009") is None
    True
    """
    words = text.split()
    if not words or len(words) > 12 or text.rstrip().endswith((".", "!", "?", ":")):
        return None
    lower = [w.strip(",;:()[]") for w in words if w[:1].islower()]
    if any(w.lower() not in DATELINE_WORDS for w in lower if w):
        return None
    parsed = parse_date(text)
    if parsed:
        return parsed
    m = _US_SHORT.search(text)
    if m:  # the US order, month first, where the year has two digits or four
        y = int(m["y"])
        if y < 100:
            y += 2000 if y <= datetime.now().year % 100 + 1 else 1900
        if _valid(y, int(m["m"]), int(m["d"])):
            day = f"{y:04d}-{int(m['m']):02d}-{int(m['d']):02d}"
            clock = _CLOCK.search(text[m.end():])
            if clock:
                hour = int(clock["H"]) % 12 + (12 if (clock["ampm"] or "").lower().startswith("p") else 0)
                return f"{day}T{hour:02d}:{clock['M']}", Granularity.MINUTE
            return day, Granularity.DAY
    return None


def relative_date(text: str, now: str | None) -> tuple[str, Granularity] | None:
    """'2 h ago' against the page's own time stamp."""
    m = RELATIVE.match(text.strip())
    if not m or not now:
        return None
    base = datetime.fromisoformat(now[:16]) if "T" in now else datetime.fromisoformat(now[:10])
    n, unit = int(m["n"]), m["unit"].lower()
    if unit.startswith("d"):
        return (base - timedelta(days=n)).date().isoformat(), Granularity.DAY
    delta = timedelta(hours=n) if unit.startswith("h") else timedelta(minutes=n)
    return (base - delta).strftime("%Y-%m-%dT%H:%M"), Granularity.MINUTE if "T" in now else Granularity.DAY


def _valid(y: int, m: int, d: int) -> bool:
    try:
        datetime(y, m, d)
    except ValueError:
        return False
    return 1800 <= y <= 2200
