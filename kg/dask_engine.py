"""Scale-out on Dask (dask.distributed): the local build's code path with a Dask cluster as its executor.

The driver reads the inputs and skips what the store already holds; each Dask task runs
:func:`kg.pipeline.work` on one batch (parse, extract, unify, map, serialise) and sends the batch's
graphs back; the driver writes them to the store in input order, as a local build does. Workers need
storykg installed (the model ships inside it); they need no shared file system: ``--partitions``, when
given, is written by the driver.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Dataset

from kg.pipeline import BATCH_SIZE, Report
from kg.pipeline import build as local_build

log = logging.getLogger(__name__)


def build(inputs: Iterable[str | Path], ds: Dataset, partitions: str | Path | None = None,
          scheduler: str | None = None, extractor: str | None = None, model: str | None = None,
          on_error: str = "skip", max_bytes: int | None = None, check_language: bool = True,
          batch_size: int = BATCH_SIZE, n_workers: int = 2,
          progress: Callable[[Report], None] | None = None) -> Report:
    """Run the build's batches on a Dask cluster (a LocalCluster of n_workers processes when no scheduler
    address is given)."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        slots = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or n_workers
        log.info("Dask cluster: %d worker threads", slots)
        return local_build(inputs, ds, extractor=extractor, model=model, on_error=on_error, max_bytes=max_bytes,
                           check_language=check_language, jobs=slots, batch_size=batch_size, partitions=partitions,
                           progress=progress, executor=client.get_executor(pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
