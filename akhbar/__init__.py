"""Akhbar's Arabic NLP core: plain functions and classes, no Apache Beam import."""

__version__ = "0.1.0"
