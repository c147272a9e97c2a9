"""The built wheel installs one import name, ``claimex``, with its data files."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_has_one_top_level_name_and_ships_its_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("claimex-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        top_level = next(n for n in names if n.endswith("top_level.txt"))
        assert archive.read(top_level).decode().split() == ["claimex"]
    assert {n.split("/")[0] for n in names if not n.startswith("claimex-")} == {"claimex"}
    for data in (
        "claimex/prompts/claims/v3.toml",
        "claimex/evals/gold/test.sha256",
        "claimex/service/pipeline/data/reporting_verbs.tsv",
    ):
        assert data in names, data


def test_base_install_needs_no_compiler():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith(("llama-cpp-python", "scipy")) for d in project["dependencies"])
    assert any(d.startswith("llama-cpp-python") for d in project["optional-dependencies"]["model"])
