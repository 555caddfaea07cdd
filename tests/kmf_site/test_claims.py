"""kmf_site/claims.py: how a number in prose is anchored to the same label in a run's output."""

from __future__ import annotations

from kmf_site import claims


def test_anchoring_rules():
    table = claims.known_from(
        "t.py",
        "week  never  schedule 3 wk\n-------------------------\n1      0.94          0.94\n"
        "12     0.47          0.85\n-------------------------\nmean   0.73          0.89\n",
    )
    ok = claims.check_line("p.md", 1, "the schedule averages 0.89, never-retrained 0.47", [table])
    assert ok[0] == [] and ok[1].anchored == 2
    bad, _ = claims.check_line("p.md", 1, "0.73 for the schedule", [table])
    assert bad and "stands for column 'schedule 3 wk' here, but t.py prints 0.89 there (row 'mean'" in bad[0]
    assert claims.check_line("p.md", 1, "in week 12, it falls to 0.47", [table])[0] == []
    assert claims.check_line("p.md", 2, "after 5 weeks", [table])[0][0].startswith("p.md:2: 5 is not a number")
    # whole tokens: 0.9 is not 0.94, 74 is not 874
    line = claims.known_from("u.py", "accuracy 0.94, 874/1000 right\n")
    assert claims.check_line("p.md", 1, "accuracy 0.9", [line])[0]
    assert claims.check_line("p.md", 1, "accuracy 74", [line])[0]
    assert claims.check_line("p.md", 1, "retrained twice", [claims.known_from("v.py", "retrains: 2\n")])[0] == []
    assert claims.check_line("p.md", 1, "retrained three times", [claims.known_from("v.py", "retrains: 2\n")])[0]
    assert claims.check_line("p.md", 1, "try a threshold of `0.9`", [line])[0] == []  # code to type
    src = claims.known_from("w.py", "", "a = 1\nb = load_model()\n")
    assert claims.check_line("p.md", 1, "line 2 calls `load_model`", [src])[0] == []
    assert claims.check_line("p.md", 1, "line 1 calls `load_model`", [src])[0]
    assert claims.check_line("p.md", 1, "line 3 calls it", [src])[0]


def test_a_factor_printed_as_99x_is_the_number_99():
    run = claims.known_from("g.py", "spend: PSI 8.28 (median 99x the training median)\n")
    assert claims.check_line("p.md", 1, "its values are 99 times the training ones", [run])[0] == []
    assert claims.check_line("p.md", 1, "its values are 98 times the training ones", [run])[0]
    assert claims.known_from("h.py", "address 0x1f\n").at("0") == []  # hexadecimal is not a factor


def test_a_standard_error_is_recomputed_from_the_run():
    run = claims.known_from("f.py", "v1 accuracy 0.912 (912 of 1000 rows)\nv2 accuracy 0.874 (874 of 1000 rows)\n")
    line = "On 1,000 rows each accuracy is uncertain by about 0.9 to 1.05 points (one standard error)"
    assert claims.check_line("p.md", 1, line, [run])[0] == []
    assert claims.check_line("p.md", 1, line.replace("1.05", "1.5"), [run])[0]
    assert claims.check_line("p.md", 1, line.replace("1,000 rows", "100 rows"), [run])[0]  # not a run's count
