"""File formats, each a reader and a writer that locate every problem: yaml/ (progtui's own)."""

from progtui.interchange.yaml import dump_program, read_program, read_program_text, write_program

__all__ = ["dump_program", "read_program", "read_program_text", "write_program"]
