"""Time expressions normalised against the article's date.

>>> normalise("on Monday", "2021-06-14", future=False).value
'2021-06-14'
>>> normalise("last week", "2021-06-14").granularity.value
'week'
>>> normalise("in 2030", "2021-06-14").value
'2030'
>>> normalise("June 14, 2021", None).value
'2021-06-14'
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.extract.lexicon import WEEKDAYS
from kg.ingest.dates import MONTHS, parse_date
from kg.model import Granularity, TimeValue

_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{4})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([A-Za-z]{3,9})\b")


def normalise(text: str, anchor: str | None, future: bool = False) -> TimeValue | None:
    """A time expression -> ISO value with granularity, or None when it names no calendar time."""
    t = text.lower().strip()
    parsed = parse_date(text)
    if parsed and _YEAR.search(text):
        return TimeValue(parsed[0][:10], Granularity.DAY)
    base = date.fromisoformat(anchor[:10]) if anchor else None
    if base is not None:
        for i, day in enumerate(WEEKDAYS):
            if re.search(rf"\b{day}\b", t):
                delta = (i - base.weekday()) % 7
                if re.search(r"\b(next|coming)\b", t):
                    delta = delta or 7
                    return TimeValue((base + timedelta(days=delta)).isoformat(), Granularity.DAY)
                if re.search(r"\blast\b", t) or not future:
                    back = (base.weekday() - i) % 7
                    if re.search(r"\blast\b", t):
                        back = back or 7
                    return TimeValue((base - timedelta(days=back)).isoformat(), Granularity.DAY)
                return TimeValue((base + timedelta(days=delta)).isoformat(), Granularity.DAY)
        simple = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "earlier today": 0,
                  "this morning": 0, "this afternoon": 0, "this evening": 0}
        for word, d in simple.items():
            if re.search(rf"\b{word}\b", t):
                return TimeValue((base + timedelta(days=d)).isoformat(), Granularity.DAY)
        m = re.search(r"\b(last|next|this|coming|past)\s+(week|month|year)\b", t)
        if m:
            step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[m.group(1)]
            unit = m.group(2)
            if unit == "week":
                day_in_week = base + timedelta(weeks=step)
                monday = day_in_week - timedelta(days=day_in_week.weekday())
                return TimeValue(monday.isoformat(), Granularity.WEEK)
            if unit == "month":
                y, mo = divmod(base.year * 12 + base.month - 1 + step, 12)
                return TimeValue(f"{y:04d}-{mo + 1:02d}", Granularity.MONTH)
            return TimeValue(f"{base.year + step:04d}", Granularity.YEAR)
        for rx, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
            m = rx.search(text)
            if m:
                mon, day = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
                if mon.lower() in MONTHS and 1 <= int(day) <= 31:
                    try:
                        found = date(base.year, MONTHS[mon.lower()], int(day))
                    except ValueError:
                        continue
                    return TimeValue(found.isoformat(), Granularity.DAY)
    m = _MONTH_YEAR.search(text)
    if m and m.group(1).lower() in MONTHS:
        return TimeValue(f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}", Granularity.MONTH)
    m = _YEAR.search(text)
    if m and re.search(r"\b(in|by|since|until|from|of|during|before|after)\s+" + m.group(1), t):
        return TimeValue(m.group(1), Granularity.YEAR)
    if base is not None:
        for name, num in MONTHS.items():
            if len(name) > 3 and re.search(rf"\b(in|last|next|this|early|late|mid-?)\s+{name}\b", t):
                year = base.year + (1 if future and num < base.month else 0) - (1 if not future and num > base.month else 0)
                return TimeValue(f"{year:04d}-{num:02d}", Granularity.MONTH)
    return None
