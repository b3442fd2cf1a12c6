"""Developer harnesses (not part of the product, its wheel or ``make test``): load and speed
at national scale (``make perf``: ``run.py``, the ``generate_scale_data`` command and its
``scale`` generator), API fuzzing (``make fuzz``) and the measuring scripts beside them.

Named ``perf`` so it is not confused with ``benchmarks``, the app for the DfE's benchmark data.
"""
