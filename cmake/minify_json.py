#!/usr/bin/env python3
"""Copies JSON files without insignificant whitespace (the engine embeds them; fewer bytes to download).

    minify_json.py SRC_DIR OUT_DIR name.json [profiles/x.json ...]
"""
import json
import os
import sys

src, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
for name in names:
    with open(os.path.join(src, name), encoding="utf-8") as f:
        value = json.load(f)
    target = os.path.join(out, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    if not os.path.exists(target) or open(target, encoding="utf-8").read() != text:
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
