#!/usr/bin/env python3
"""Copies JSON files without insignificant whitespace (the engine embeds them; fewer bytes to download).

The code tables also get their long lists nested by parent code ({"1101": {"01": "东城区", …}} for
{"110101": "东城区", …}): the same table, ~4 KB less gzip. The engine and the form read both layouts.

The profiles lose the titles of their measures and of the options of "best" indicators, and the profile schema
its description: documentation for the reader of the file that no result reports (results carry the titles of
profiles, indicators, categories, conditions and stages), ~1 KB less gzip.

    minify_json.py SRC_DIR OUT_DIR name.json [profiles/x.json ...]
"""
import json
import os
import sys

# table file → {member: length of the parent code the member's keys are nested under}
NESTED = {"regions.json": {"cities": 2, "counties": 4}, "industries.json": {"groups": 2, "classes": 3}}


def nest(codes, parent_len):
    out = {}
    for code, name in codes.items():
        out.setdefault(code[:parent_len], {})[code[parent_len:]] = name
    return out


src, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
for name in names:
    with open(os.path.join(src, name), encoding="utf-8") as f:
        value = json.load(f)
    for member, parent_len in NESTED.get(name, {}).items():
        value[member] = nest(value[member], parent_len)
    if name == "profile.schema.json":
        value.pop("description", None)
    if name.startswith("profiles/"):
        for measure in value.get("measures", {}).values():
            measure.pop("title", None)
        for indicator in value.get("indicators", []) + value.get("bonus", []):
            for option in indicator.get("best", []):
                option.pop("title", None)
    target = os.path.join(out, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    if not os.path.exists(target) or open(target, encoding="utf-8").read() != text:
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
