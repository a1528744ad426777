"""The scenario: its schema (every lever and assumed number, with ranges), loading YAML
(`extends:`, `--set`), cross-field checks, the memory check and dated events.

May import: govsim.core. Nothing here simulates.
"""
