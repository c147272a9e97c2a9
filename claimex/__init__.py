"""claimex: attributed claims from news articles as validated, structured data.

The repository keeps the design card's top-level folders (``service/``, ``schemas/``, ``prompts/``, ``evals/``);
this package links them under one import name, so an installed claimex owns only ``claimex.*``.
"""

__version__ = "0.2.0"
