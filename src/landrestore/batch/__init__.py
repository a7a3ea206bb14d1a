"""Batch assessments: many sites in, one file out (`landrestore batch`). See ``run.py``."""
