"""kmf_site/proof/check_traces.py on this site's Trace it page: the golden traces of its programs."""

from __future__ import annotations

import json

import pytest

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site.proof.check_traces import PROGRAMS
from kmf_site.proof.content import golden_trace

pytestmark = pytest.mark.content


def test_the_trace_page_has_its_three_programs():
    names = [path.name for path in PROGRAMS]
    assert {"q3_get_new_data.py", "q6_load_model.py", "weekly_retrain.py"} <= set(names), names


def test_the_q3_trace_stops_at_line_6_with_name_error():
    (path,) = [p for p in PROGRAMS if p.name == "q3_get_new_data.py"]
    steps = json.loads(golden_trace(path).read_text())["steps"]
    assert [(s["event"], s["line"]) for s in steps] == [("line", 1), ("line", 6), ("end", 6)]
    assert steps[-1]["how"] == "error"
    assert steps[-1]["error"] == "NameError: name 'get_new_data' is not defined"
    # `def` made the function without running its body
    assert steps[1]["stack"][0]["vars"] == [["retrain_model", "function", "retrain_model(data)"]]


def test_the_q6_trace_fails_inside_the_function_with_two_frames():
    (path,) = [p for p in PROGRAMS if p.name == "q6_load_model.py"]
    end = json.loads(golden_trace(path).read_text())["steps"][-1]
    assert end["error"] == "NameError: name 'load_model' is not defined"
    assert [(frame["name"], frame["line"]) for frame in end["stack"]] == [("<module>", 12), ("retrain_model", 6)]
