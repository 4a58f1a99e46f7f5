#!/usr/bin/python3
"""Fails when a translation misses messages: po/<lang>.po is merged against a template
freshly extracted from po/POTFILES.in (as meson's gettext 'glib' preset extracts it),
and any untranslated or fuzzy message, or a format mismatch, is reported.

    check_translation.py SOURCE_ROOT LANG
"""
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3"]
FLAGS = ["N_:1:pass-c-format", "C_:2:pass-c-format", "NC_:2:pass-c-format",
         "g_dngettext:2:pass-c-format", "g_strdup_printf:1:c-format",
         "g_set_error:4:c-format", "g_print:1:c-format", "g_printerr:1:c-format"]


def main():
    root, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(root, "po", lang + ".po")
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "relaycast.pot")
        merged = os.path.join(tmp, "merged.po")
        args = ["xgettext", "--package-name=relaycast", "--from-code=UTF-8", "--add-comments",
                "--files-from=" + os.path.join(root, "po", "POTFILES.in"), "-D", root,
                "-o", pot]
        args += ["--keyword=" + k for k in KEYWORDS] + ["--flag=" + f for f in FLAGS]
        subprocess.run(args, check=True)
        subprocess.run(["msgmerge", "--quiet", "-o", merged, po, pot], check=True)
        stats = subprocess.run(["msgfmt", "-c", "--statistics", "-o", os.devnull, merged],
                               capture_output=True, text=True)
        print(stats.stderr.strip())
        if stats.returncode != 0:
            sys.exit("msgfmt -c found errors in " + po)
        problems = []
        for option, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
            out = subprocess.run(["msgattrib", option, "--no-obsolete", merged],
                                 capture_output=True, text=True, check=True).stdout
            for block in re.findall(r'^msgid ((?:".*"\n)+)', out, re.M):
                msgid = "".join(re.findall(r'"(.*)"', block))
                if msgid:
                    problems.append(f"{what}: {msgid}")
        if problems:
            print("\n".join(problems))
            sys.exit(f"{len(problems)} messages of {po} need a translation")


if __name__ == "__main__":
    main()
