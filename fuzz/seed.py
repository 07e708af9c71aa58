#!/usr/bin/env python3
"""Build the seed corpora in fuzz/corpus/<target>/ from small real inputs.

Run from anywhere: python3 fuzz/seed.py. Reads ../shared/data/ beside the
repository, datasets/, indicators/ and tests/fixtures/. The corpora are not
committed (.gitignore); this script makes them again.
"""

import glob
import os
import zipfile

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)
DATA = os.path.join(ROOT, "..", "shared", "data")
LINES = 50


def out(target, name, data):
    d = os.path.join(FUZZ, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head(path, n=LINES):
    with open(path, "rb") as f:
        return b"".join(f.readlines()[:n])


def chunks(path, n=LINES, count=8):
    """The header and `n` rows, from `count` places spread over the file."""
    with open(path, "rb") as f:
        lines = f.readlines()
    header, rows = lines[0], lines[1:]
    step = max(1, len(rows) // count)
    return [header + b"".join(rows[i : i + n]) for i in range(0, len(rows), step)][:count]


def base(path):
    return os.path.basename(path).replace("--", "-")[:60]


# CSV formats: the first lines of each real file.
csv_targets = {
    "datahub": glob.glob(os.path.join(DATA, "itu-datahub", "*.csv")),
    "un_sdg": glob.glob(os.path.join(DATA, "un-sdg", "ddf--datapoints--*.csv")),
    "owid": glob.glob(os.path.join(DATA, "owid", "*.csv")),
    "worldbank_population": glob.glob(os.path.join(DATA, "population", "*.csv")),
}
detect_names = {"datahub": 0, "un_sdg": 3, "owid": 0, "worldbank_population": 0}
for target, files in csv_targets.items():
    for path in sorted(files):
        data = head(path)
        out(target, base(path), data)
        # detect: the first byte picks the file name (0 fuzz.csv, 3 ddf--datapoints--).
        out("detect", base(path), bytes([detect_names[target]]) + data)
for path in sorted(glob.glob(os.path.join(DATA, "un-sdg", "ddf--entities--*.csv")))[:3]:
    out("detect", base(path), bytes([2]) + head(path))

# The tidy format and the store: rows of datasets/observations.csv.
for i, data in enumerate(chunks(os.path.join(ROOT, "datasets", "observations.csv"))):
    out("tidy", f"observations-{i}.csv", data)
    out("store_observations", f"observations-{i}.csv", data)
    out("detect", f"observations-{i}.csv", bytes([0]) + data)
# The other files of the store, whole or in chunks, and the damaged ones
# of the malformed-input corpus. store_classification: the first byte
# picks the file (0 classification, 1 weights, 2 aliases, 3 notes).
BAD_STORE = os.path.join(ROOT, "tests", "fixtures", "bad", "store")
for folder in ("datasets", os.path.join("tests", "fixtures", "tiny", "datasets")):
    d = os.path.join(ROOT, folder)
    tag = folder.replace(os.sep, "-")
    out("store_manifest", tag + "-manifest.csv", open(os.path.join(d, "manifest.csv"), "rb").read())
    out("store_inputs", tag + "-inputs.csv", open(os.path.join(d, "inputs.csv"), "rb").read())
    for pick, name in enumerate(
        ["classification.csv", "weights.csv", "aliases.csv", "classification_notes.txt"]
    ):
        path = os.path.join(d, name)
        parts = chunks(path) if name == "weights.csv" else [open(path, "rb").read()]
        for i, data in enumerate(parts):
            out("store_classification", f"{tag}-{name}-{i}", bytes([pick]) + data)
for path in sorted(glob.glob(os.path.join(BAD_STORE, "*"))):
    name = os.path.basename(path)
    data = open(path, "rb").read()
    if name.startswith("manifest"):
        out("store_manifest", name, data)
    elif name.startswith("inputs"):
        out("store_inputs", name, data)
    elif name.startswith("observations"):
        out("store_observations", name, data)
    else:
        pick = {"classification": 0, "weights": 1, "aliases": 2}[name.split("_")[0]]
        out("store_classification", name, bytes([pick]) + data)
for path in glob.glob(os.path.join(ROOT, "datasets", "cited", "*.csv")):
    out("tidy", base(path), head(path))

# Indicator definitions.
for path in glob.glob(os.path.join(ROOT, "indicators", "*.toml")) + glob.glob(
    os.path.join(ROOT, "tests", "fixtures", "indicators", "*", "*.toml")
):
    name = os.path.relpath(path, ROOT).replace("/", "-")
    out("indicator_toml", name, open(path, "rb").read())

# Workbooks: the whole real files, and their sheets' XML (see
# fuzz/common/workbook.rs): whole sheets of the aggregates workbook, and
# rows spread over the Dashboard's one long sheet, with the shared strings
# after a NUL byte.
books = sorted(glob.glob(os.path.join(DATA, "itu-workbooks", "*.xlsx")))
for path in books:
    data = open(path, "rb").read()
    for target in ("itu_aggregates", "itu_dashboard"):
        out(target, base(path), data)
for path in books:
    z = zipfile.ZipFile(path)
    strings = z.read("xl/sharedStrings.xml")
    sheets = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    for sheet in sheets:
        xml = z.read(sheet)
        start = xml.index(b"<sheetData>") + len(b"<sheetData>")
        end = xml.index(b"</sheetData>")
        rows = [r + b"</row>" for r in xml[start:end].split(b"</row>") if r.strip()]
        if len(rows) > 200:
            picked = rows[:40] + rows[40::1200]
        else:
            picked = rows
        small = xml[:start] + b"".join(picked) + xml[end:]
        short = xml[:start] + b"".join(rows[:30]) + xml[end:]
        stem = os.path.basename(path)[:20] + "-" + os.path.basename(sheet)
        for target in ("itu_aggregates", "itu_dashboard"):
            out(target, stem + ".xml", small + b"\0" + strings)
            out(target, stem + "-short.xml", short + b"\0" + strings)
        out("detect", stem + ".xml", bytes([1]) + short + b"\0" + strings)
