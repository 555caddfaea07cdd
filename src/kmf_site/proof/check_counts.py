"""Every count word in the pages ("five guided steps", "Five questions") agrees with the blocks of
the page it counts (:mod:`kmf_site.counts`); a wrong one fails naming its ``file:line``."""

from __future__ import annotations

import pytest

from kmf_site import counts
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify


def test_every_count_word_in_the_pages_matches_their_blocks():
    found = counts.count_claims(current().docs)
    assert not found, "\n".join(map(str, found))
