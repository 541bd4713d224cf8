"""Akhbar's driver: CLI, options, YAML config and graph assembly."""
