"""Every msgid of ours has a Vietnamese translation, and the catalogue is up to date."""

from pathlib import Path

import re
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "src" / "eiso" / "locales"
POT = LOCALES / "eiso.pot"
VI = LOCALES / "vi" / "LC_MESSAGES" / "eiso.po"
ENTRY = re.compile(r'^msgid "(.*)"\nmsgstr "(.*)"$', re.M)


def entries(path):
    text = path.read_text(encoding="utf-8")
    return {msgid: msgstr for msgid, msgstr in ENTRY.findall(text) if msgid}


class TestEisoCatalogue(unittest.TestCase):
    def test_every_msgid_has_a_vietnamese_translation(self):
        pot = entries(POT)
        vi = entries(VI)
        self.assertGreater(len(pot), 50)
        missing = sorted(msgid for msgid in pot if not vi.get(msgid))
        self.assertEqual(missing, [], "msgids without a vi translation (run make i18n, then translate)")

    def test_mapping_variables_kept(self):
        for msgid, msgstr in entries(VI).items():
            self.assertEqual(
                sorted(re.findall(r"\$\{\w+\}", msgid)),
                sorted(re.findall(r"\$\{\w+\}", msgstr)),
                msgid,
            )

    def test_pot_is_up_to_date(self):
        """Every msgid in our code and profiles is in eiso.pot (make i18n rebuilds it)."""
        i18ndude = Path(sys.executable).parent / "i18ndude"
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "eiso.pot"
            subprocess.run(
                [str(i18ndude), "rebuild-pot", "--pot", str(pot), "--create", "eiso",
                 "--no-line-numbers", str(ROOT / "src" / "eiso"), str(ROOT / "profiles")],
                check=True, capture_output=True, cwd=ROOT,
            )
            fresh = set(entries(pot))
        missing = sorted(fresh - set(entries(POT)))
        self.assertEqual(missing, [], "eiso.pot is out of date: run make i18n")
