"""Where pages are rendered (generators/build/executor.py, generators/pages/shards.py): a site
whose pages Dask workers rendered is, byte for byte, the site rendered on this machine, and
the next build after it keeps what a local build's next build keeps."""

from __future__ import annotations

import logging
import socket
import sys

import pytest

from generators.build import executor
from generators.build.executor import DaskExecutor
from generators.cli.commands import main
from generators.errors import SettingsInvalid
from tests.sitebuild import build, differences, edit, english_project, tree


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread on this machine, as a cluster's would be."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


@pytest.mark.slow
def test_dask_workers_build_the_bytes_this_machine_builds(
    tmp_path, copy_site, cluster, monkeypatch, caplog
):
    from distributed import Client

    content = copy_site("bilingual") / "content"
    local = build(content, tmp_path / "local" / "output", SITREP_SEARCH=False)
    # A small site: small shards, and no page rendered here because there are few.
    with Client(cluster) as client:
        handed = DaskExecutor(client, shard_pages=10, min_pages=1)
        remote = tmp_path / "dask" / "output"
        build(content, remote, SITREP_SEARCH=False, SITREP_EXECUTOR=handed)
    assert len(handed.figures) > 3
    assert sum(figure.pages for figure in handed.figures) > 60
    assert differences(tree(remote), tree(local), ("dask", "local")) == ""

    # The next build, through the setting, keeps what it can of the Dask build and has the
    # few pages the edit changed rendered by the workers, which load the edited site.
    monkeypatch.setattr(executor, "MIN_REMOTE", 1)
    address = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
    edit(content / "events" / "2016-08-06-city-shelled.yaml", "hits the city", "hits the town")
    caplog.set_level(logging.INFO, logger=executor.__name__)
    build(content, remote, SITREP_SEARCH=False, SITREP_EXECUTOR=address)
    assert "pages rendered on Dask in" in caplog.text
    cold = build(content, tmp_path / "cold" / "output", SITREP_SEARCH=False)
    assert "hits the town" in (remote / "events").joinpath(
        "2016-08-06-city-shelled", "index.html"
    ).read_text(encoding="utf-8")
    assert differences(tree(remote), tree(cold), ("dask, rebuilt", "cold")) == ""
    # --verify: the workers render what the cache kept, and this process compares.
    build(content, remote, SITREP_SEARCH=False, SITREP_EXECUTOR=address, SITREP_VERIFY=True)


def test_a_wrong_executor_is_refused_before_the_build(tmp_path, copy_site):
    with pytest.raises(SettingsInvalid) as refused:
        build(copy_site("minimal") / "content", tmp_path / "output", SITREP_EXECUTOR=3)
    assert str(refused.value) == (
        "SITREP_EXECUTOR: expected 'local', 'serial' or 'dask://host:port', got 3"
    )
    assert not (tmp_path / "output").exists()


def test_an_unreachable_scheduler_is_named_without_a_traceback(tmp_path, monkeypatch, capsys):
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    project = english_project(tmp_path)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f'SITREP_EXECUTOR = "dask://127.0.0.1:{port}"\n')
    monkeypatch.setattr(executor, "CONNECT_SECONDS", 1)
    monkeypatch.chdir(project)
    assert main(["build"]) == 1
    said = capsys.readouterr().err
    assert f"SITREP_EXECUTOR: no Dask scheduler answers at 127.0.0.1:{port}" in said
    assert "Traceback" not in said
    assert not (project / "output").exists()


def test_without_the_extra_a_dask_build_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(SettingsInvalid, match=r"pip install 'sitrep\[dask\]'"):
        executor.executor_for("dask://127.0.0.1:8786")


def test_a_scheduler_without_workers_is_named(tmp_path, copy_site, monkeypatch):
    from distributed import LocalCluster

    monkeypatch.setattr(executor, "CONNECT_SECONDS", 1)
    with LocalCluster(n_workers=0, protocol="tcp", dashboard_address=":0") as empty:
        address = empty.scheduler_address.removeprefix("tcp://")
        with pytest.raises(SettingsInvalid, match=f"the Dask scheduler at {address} has no"):
            build(
                copy_site("minimal") / "content",
                tmp_path / "out",
                SITREP_EXECUTOR=f"dask://{address}",
            )
