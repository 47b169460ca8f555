"""Start-up checks: a plugin without its companions (or in the wrong place
in ``ckan.plugins``) stops CKAN with one message naming what to change."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from ckan.exceptions import CkanConfigurationException
from ckan.plugins import toolkit as tk

from ckanext.satudata import startup

ROOT = Path(__file__).resolve().parents[1]

WORKFLOW = {
    "needs": ["satudata_indicators", "datastore", "activity"],
    "before": ["satudata_indicators", "datastore"],
}


@pytest.mark.parametrize(("plugins", "expected"), [
    ("satudata_workflow satudata_indicators datastore activity", None),
    ("a satudata_workflow b satudata_indicators activity c datastore", None),
    ("satudata_workflow satudata_indicators activity",
     "Plugin satudata_workflow cannot start: it needs datastore in ckan.plugins."
     " Change ckan.plugins in your CKAN config file to: ckan.plugins ="
     " satudata_workflow satudata_indicators activity datastore"),
    ("satudata_workflow",
     "Plugin satudata_workflow cannot start: it needs satudata_indicators,"
     " datastore and activity in ckan.plugins. Change ckan.plugins in your CKAN"
     " config file to: ckan.plugins = satudata_workflow satudata_indicators"
     " datastore activity"),
    ("x satudata_indicators datastore satudata_workflow activity",
     "Plugin satudata_workflow cannot start: it must come before"
     " satudata_indicators and datastore in ckan.plugins. Change ckan.plugins in"
     " your CKAN config file to: ckan.plugins = x satudata_workflow"
     " satudata_indicators datastore activity"),
    ("satudata_indicators satudata_workflow",
     "Plugin satudata_workflow cannot start: it needs datastore and activity in"
     " ckan.plugins; it must come before satudata_indicators in ckan.plugins."
     " Change ckan.plugins in your CKAN config file to: ckan.plugins ="
     " satudata_workflow satudata_indicators datastore activity"),
])
def test_plugins_problem(plugins: str, expected: str | None) -> None:
    found = startup.plugins_problem("satudata_workflow", plugins.split(), **WORKFLOW)
    assert found == expected


@pytest.mark.parametrize(("plugin", "plugins", "needs", "before", "ok"), [
    ("satudata", "satudata scheming_datasets", ["scheming_datasets"],
     ["scheming_datasets"], True),
    ("satudata", "scheming_datasets satudata", ["scheming_datasets"],
     ["scheming_datasets"], False),
    ("satudata", "satudata activity", ["scheming_datasets"], [], False),
    ("satudata_dcat", "satudata_dcat dcat", ["dcat"], ["dcat"], True),
    ("satudata_dcat", "dcat satudata_dcat", ["dcat"], ["dcat"], False),
    ("satudata_dcat", "satudata_dcat", ["dcat"], ["dcat"], False),
    # an order constraint on a plugin that is not there: only "needs" counts
    ("satudata_workflow", "satudata_workflow", [], ["satudata_indicators"], True),
    # loaded some other way than ckan.plugins: no place to check
    ("satudata_dcat", "dcat", ["dcat"], ["dcat"], True),
])
def test_plugins_problem_table(
    plugin: str, plugins: str, needs: list[str], before: list[str], ok: bool
) -> None:
    problem = startup.plugins_problem(plugin, plugins.split(), needs, before)
    assert (problem is None) is ok, problem


@pytest.mark.ckan_config("ckan.plugins", "satudata_workflow activity")
def test_require_plugins_reads_ckan_plugins() -> None:
    with pytest.raises(CkanConfigurationException, match="needs satudata_indicators"
                       " and datastore in ckan.plugins"):
        startup.require_plugins("satudata_workflow", **WORKFLOW)


def test_require_plugins_accepts_the_portal_configuration() -> None:
    for plugin, rules in {
        "satudata": {"needs": ["scheming_datasets"]},
        "satudata_dcat": {"needs": ["dcat"], "before": ["dcat"]},
        "satudata_workflow": WORKFLOW,
    }.items():
        startup.require_plugins(plugin, **rules)  # raises if not


def test_version_problem() -> None:
    assert startup.version_problem("satudata_search", "2.12.0", "2.12.0") is None
    message = startup.version_problem("satudata_search", "2.12.0", "2.11.3")
    assert message == (
        "Plugin satudata_search cannot start: it was written for CKAN 2.12.0 and"
        " this is CKAN 2.11.3. Install CKAN 2.12.0, or remove satudata_search"
        " from ckan.plugins in your CKAN config file."
    )


def test_search_is_written_for_the_running_ckan() -> None:
    import ckan

    from ckanext.satudata.search import engine

    assert engine.CKAN_VERSION == ckan.__version__
    startup.require_ckan_version("satudata_search", engine.CKAN_VERSION)
    with pytest.raises(CkanConfigurationException, match="written for CKAN 1.0"):
        startup.require_ckan_version("satudata_search", "1.0")


def test_ckan_run_without_datastore_stops_with_a_clear_message(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    test_ini = Path(request.config.getoption("--ckan-ini")).resolve()
    plugins = [name for name in tk.aslist(tk.config["ckan.plugins"])
               if name != "datastore"]
    assert "satudata_workflow" in plugins
    ini = tmp_path / "no-datastore.ini"
    ini.write_text(textwrap.dedent(f"""
        [app:main]
        use = config:{test_ini}
        ckan.plugins = {" ".join(plugins)}
    """))
    ckan_cli = Path(sys.executable).parent / "ckan"
    try:
        done = subprocess.run(
            [str(ckan_cli), "-c", str(ini), "run", "--port", "5999"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
            env=dict(os.environ),
        )
    except subprocess.TimeoutExpired as error:  # it started a server
        pytest.fail(f"ckan run did not stop: {error.stdout!r} {error.stderr!r}")
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1] == "Aborted!"  # click's, after CKAN's message
    message = lines[-2]
    assert message.startswith("Plugin satudata_workflow cannot start: it needs"
                              " datastore in ckan.plugins.")
    assert "Traceback" not in done.stderr
