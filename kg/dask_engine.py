"""Scale-out on Dask (dask.distributed): the same batches as the local build, mapped over a cluster.

Each task reads its batch of input files, extracts, and writes one N-Quads partition; the driver then
bulk-loads the partitions into the store. Workers need storykg installed (the model ships inside it),
and the partition folder must be reachable from the workers and the driver (a shared file system).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset

from kg import mapping
from kg.pipeline import Report, batches, process_batch

log = logging.getLogger(__name__)


def _task(files: list[str], partition: str, extractor: str, model: str | None, on_error: str,
          check_language: bool, max_bytes: int | None, when: str) -> Report:
    from kg import ingest
    from kg.ingest.decode import DEFAULT_MAX_BYTES

    items = list(ingest.read(files, check_language=check_language, max_bytes=max_bytes or DEFAULT_MAX_BYTES))
    return process_batch(items, None, extractor, model, on_error, 1, when, Path(partition))


def build(inputs: Iterable[str | Path], ds: Dataset, partitions: str | Path, scheduler: str | None = None,
          extractor: str = "rules.v1", model: str | None = None, on_error: str = "skip",
          max_bytes: int | None = None, check_language: bool = True, batch_size: int = 200,
          n_workers: int = 2) -> Report:
    """Map batches of input files over a Dask cluster (a LocalCluster when no scheduler is given)."""
    from dask.distributed import Client, LocalCluster

    from kg import ingest
    from kg.store import bulk_load

    files = [str(p) for p in ingest.expand(inputs)]
    out = Path(partitions)
    out.mkdir(parents=True, exist_ok=True)
    when = mapping.run_time()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(_task, chunk, str(out / f"part-{i:05d}.nq"), extractor, model, on_error,
                                 check_language, max_bytes, when, pure=False)
                   for i, chunk in enumerate(batches(files, batch_size))]
        report = Report()
        for fut in futures:
            report.merge(fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    bulk_load(ds, sorted(report.partitions))
    return report
