"""The extraction pipeline, stage by stage: segment, candidates, drafting, align, speakers, outlets, assemble."""

from claimex.service.pipeline.extract import Extractor

__all__ = ["Extractor"]
