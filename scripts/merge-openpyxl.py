#!/usr/bin/python3
"""The roll-up an office's IT person would script instead of nianbao merge:
read every workbook in a folder with openpyxl, find the rows of 表二, 表三 and
表四 by their labels, and add the numbers up. Prints {cell ID: sum} as JSON.

Used by scripts/bench-merge as the baseline. Labels come from the official
2021 format (model/templates/2021.json), with the usual variants: spaces or
line breaks inside a label, full- or half-width brackets, 规范性文件 for
行政规范性文件, numbers typed as text (“12”, “12件”)."""
import json, os, re, sys
from decimal import Decimal
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
TPL = json.load(open(os.path.join(HERE, "..", "model", "templates", "2021.json"), encoding="utf-8"))

def norm(s):
    s = re.sub(r"\s+", "", str(s))
    return s.translate(str.maketrans("（）：，", "():,"))

def number(v):
    if v is None:
        return Decimal(0)
    if isinstance(v, (int, float)):
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    s = str(v).strip().replace(",", "").removesuffix("件")
    if s in ("", "-", "—", "/", "无"):
        return Decimal(0)
    return Decimal(s)

# row label -> (table, row key, typed column keys in order)
ROWS = {}
T4 = []
for tb in TPL["tables"]:
    for b in tb["blocks"]:
        cols = [c["key"] for c in b["columns"] if not c.get("sum")]
        if tb["id"] == "t4":
            T4 = [c for c in b["columns"] if not c.get("sum")]  # the 12 typed heads
            continue
        for r in b["rows"]:
            if r.get("sum"):
                continue
            for label in [r["label"]] + r.get("aliases", []):
                ROWS[norm(label)] = (tb["id"], r["key"], cols)

def read(path, sums):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        ws.reset_dimensions()  # some writers store a wrong <dimension>; read_only trusts it
        t4cols = None  # 表四's heads by column, over one or two head rows
        for row in ws.iter_rows(values_only=True):
            texts = [norm(v) if isinstance(v, str) else "" for v in row]
            heads = [i for i, t in enumerate(texts) if t in ("结果维持", "结果纠正", "其他结果", "尚未审结")]
            if heads and (t4cols is not None or "结果维持" in texts):
                t4cols = sorted(set(t4cols or []) | set(heads))
                continue
            if t4cols is not None:
                vals = [row[i] if i < len(row) else None for i in t4cols]
                if any(v is not None for v in vals):
                    for col, v in zip(T4, vals):
                        key = "t4." + col["key"]
                        sums[key] = sums.get(key, Decimal(0)) + number(v)
                    t4cols = None
                continue
            for i, t in enumerate(texts):
                if t in ROWS:
                    table, key, cols = ROWS[t]
                    vals = [v for v in row[i + 1:] if v is not None][:len(cols)]
                    for col, v in zip(cols, vals):
                        cid = table + "." + key + "." + col
                        sums[cid] = sums.get(cid, Decimal(0)) + number(v)
                    break
    wb.close()

def main():
    folder = sys.argv[1]
    sums = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".xlsx"):
            read(os.path.join(folder, name), sums)
    json.dump({k: str(v) for k, v in sorted(sums.items())}, sys.stdout, ensure_ascii=False, indent=1)

main()
