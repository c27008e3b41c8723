"""JSONB parameters written with orjson.

Encoding the claim and its event to JSON was the largest part of an edit's own work in
this process after the round trip (``json.dumps`` about ten times slower), and eight
writers share two cores with the server. orjson refuses an integer past 64 bits and a
lone surrogate: those go through ``json`` as before (and the server judges them as
before). orjson writes a NaN as ``null``, where ``json`` wrote ``NaN`` and the server
refused the whole change.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(obj: Any) -> bytes:
    try:
        return orjson.dumps(obj)
    except TypeError:  # orjson.JSONEncodeError: what only json can write
        return json.dumps(obj).encode()


def jsonb(obj: Any) -> Any:
    """``obj`` as a psycopg JSONB parameter."""
    from psycopg.types.json import Jsonb

    return Jsonb(obj, dumps=dumps)
