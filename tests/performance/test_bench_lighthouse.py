"""`make bench`'s Lighthouse section (bench/sections/lighthouse.py): the verdict and the report."""

from pathlib import Path

from bench.sections import lighthouse

PERFECT = {"performance": 97, "accessibility": 100, "best-practices": 100, "seo": 100}


def test_a_page_meets_the_target_only_with_95_and_three_100s():
    assert lighthouse.meets(PERFECT)
    assert not lighthouse.meets({**PERFECT, "performance": 94})
    assert not lighthouse.meets({**PERFECT, "seo": 99})


def test_the_report_names_each_page_its_scores_and_its_verdict():
    result = {
        "status": "ok",
        "pages": {
            "home": {**PERFECT, "meets_target": True},
            "statistics": {**PERFECT, "performance": 80, "meets_target": False},
        },
    }

    table = "\n".join(lighthouse.lines(result))

    assert "| / | 97 | 100 | 100 | 100 | met |" in table
    assert "| /stats/ | 80 | 100 | 100 | 100 | **missed** |" in table


def test_without_lighthouse_installed_the_section_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(lighthouse, "LIGHTHOUSE", Path(tmp_path / "no-lighthouse"))

    assert lighthouse.measure()["status"] == "missing"
