import os

# One BLAS thread per process, set before anything imports numpy (OpenBLAS reads it once, when
# it loads). The semantic model's matrix products (core/semantic.py) are small: a second BLAS
# thread per call, in a web process that already runs four request threads or a worker on a
# shared 2-core machine, only spins against the others (a short query's embedding measured
# under load: 408 ms with OpenBLAS's default of one thread per core, 26 ms with one).
# `USE(threads=1)` alone does not do it: the model applies it through threadpoolctl, which is
# not installed. An operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .celery import app as celery_app

__all__ = ("celery_app",)
