"""Where a build is published: a folder (`make run`, tests: output/, which the local server serves) or the site's S3
bucket behind CloudFront. Only what changed is written, files no page refers to any more are deleted last, and in
AWS CloudFront forgets the changed paths."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Protocol

# Pagefind's index and fragments are named by their content's hash: a new build makes new names.
HASHED = ("pagefind/fragment/*", "pagefind/index/*", "pagefind/filter/*", "pagefind/*.pf_meta")
HASHED_CACHE = "public, max-age=31536000, immutable"
# Everything else keeps its name from build to build: browsers ask again after 5 minutes, CloudFront keeps it a day
# (and forgets it when it changes: the publisher invalidates each changed path).
OTHER_CACHE = "public, max-age=300, s-maxage=86400"
# More changed paths than this: one wildcard invalidation instead (each path counts against CloudFront's free 1,000
# a month; a wildcard counts once).
MOST_PATHS = 100
TYPES = {".ics": "text/calendar; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript"}


@dataclass(frozen=True)
class Changes:
    """What a publish wrote and deleted, as paths relative to the site's root."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


class Target(Protocol):
    def publish(self, build: Path) -> Changes: ...


def files(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path


def is_hashed(key: str) -> bool:
    return any(fnmatch(key, pattern) for pattern in HASHED)


def content_type(key: str) -> str:
    suffix = Path(key).suffix
    if suffix in TYPES:
        return TYPES[suffix]
    guessed = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") or guessed == "application/json" else guessed


def in_order(keys: list[str]) -> list[str]:
    """Hashed files first (new names, nothing they replace), then the rest: a page never names a file not yet there."""
    return sorted(keys, key=lambda key: (not is_hashed(key), key))


@dataclass(frozen=True)
class FolderTarget:
    """A folder served as it is (the local server's output/)."""

    folder: Path

    def publish(self, build: Path) -> Changes:
        self.folder.mkdir(parents=True, exist_ok=True)
        built = dict(files(build))
        written = []
        for key in in_order(list(built)):
            target = self.folder / key
            data = built[key].read_bytes()
            if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.part")
            partial.write_bytes(data)
            os.replace(partial, target)  # a request never reads half a file
            written.append(key)
        deleted = [key for key, _ in files(self.folder) if key not in built]
        for key in deleted:
            (self.folder / key).unlink()
        for directory in sorted((p for p in self.folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(directory.iterdir()):
                directory.rmdir()
        return Changes(written, deleted)


@dataclass(frozen=True)
class BucketTarget:
    """The site's S3 bucket and its CloudFront distribution (the template's SiteBucket and Distribution)."""

    s3: Any
    bucket: str
    cloudfront: Any = None
    distribution_id: str = ""

    def publish(self, build: Path) -> Changes:
        stored = self._etags()
        built = dict(files(build))
        written = []
        for key in in_order(list(built)):
            data = built[key].read_bytes()
            if stored.get(key) == hashlib.md5(data, usedforsecurity=False).hexdigest():
                continue
            self.s3.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ContentType=content_type(key),
                CacheControl=HASHED_CACHE if is_hashed(key) else OTHER_CACHE,
            )
            written.append(key)
        deleted = sorted(key for key in stored if key not in built)
        for start in range(0, len(deleted), 1000):
            chunk = deleted[start : start + 1000]
            self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": key} for key in chunk]})
        changes = Changes(written, deleted)
        self._invalidate(changes)
        return changes

    def _etags(self) -> dict[str, str]:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {item["Key"]: item["ETag"].strip('"') for page in pages for item in page.get("Contents", [])}

    def _invalidate(self, changes: Changes) -> None:
        if not self.distribution_id or self.cloudfront is None:
            return
        paths = invalidation_paths([key for key in changes.written + changes.deleted if not is_hashed(key)])
        if not paths:
            return
        self.cloudfront.create_invalidation(
            DistributionId=self.distribution_id,
            InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": paths},
                "CallerReference": f"lindra-{time.time_ns()}",
            },
        )


def invalidation_paths(keys: list[str]) -> list[str]:
    """The addresses a changed file is served at: kurs/x/index.html is /kurs/x/ too. Many: one wildcard."""
    paths: set[str] = set()
    for key in keys:
        paths.add(f"/{key}")
        if key == "index.html" or key.endswith("/index.html"):
            paths.add(f"/{key.removesuffix('index.html')}")
    if len(paths) > MOST_PATHS:
        return ["/*"]
    return sorted(paths)


def empty(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
