#!/usr/bin/env python3
"""Copies JSON files without insignificant whitespace (the engine embeds them; fewer bytes to download).

The code tables also get their long lists nested by parent code ({"1101": {"01": "东城区", …}} for
{"110101": "东城区", …}): the same table, ~4 KB less gzip. The engine and the form read both layouts.

The profiles lose the titles of their measures and of the options of "best" indicators, and the profile schema
its description: documentation for the reader of the file that no result reports (results carry the titles of
profiles, indicators, categories, conditions and stages), ~1 KB less gzip.

With --without-notes the profiles also lose their notes (how they read their published methods): the enterprise
page's engine leaves them out and its page fetches them when the reader opens 计算说明 (--notes-out FILE writes
them, {profile id: notes}, for that page).

    minify_json.py [--without-notes] [--notes-out FILE] SRC_DIR OUT_DIR name.json [profiles/x.json ...]
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


args = sys.argv[1:]
without_notes = "--without-notes" in args
if without_notes:
    args.remove("--without-notes")
notes_out = None
if "--notes-out" in args:
    at = args.index("--notes-out")
    notes_out = args[at + 1]
    del args[at:at + 2]
src, out, names = args[0], args[1], args[2:]
notes = {}
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
        if "notes" in value:
            notes[value["id"]] = value["notes"]
            if without_notes:
                value.pop("notes")
    target = os.path.join(out, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    if not os.path.exists(target) or open(target, encoding="utf-8").read() != text:
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
if notes_out:
    text = json.dumps(notes, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    if not os.path.exists(notes_out) or open(notes_out, encoding="utf-8").read() != text:
        os.makedirs(os.path.dirname(notes_out) or ".", exist_ok=True)
        with open(notes_out, "w", encoding="utf-8") as f:
            f.write(text)
