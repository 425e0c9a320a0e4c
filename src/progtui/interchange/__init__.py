"""The YAML interchange format (SPEC section 2): read with line marks, validate, write."""

from progtui.interchange.reader import read_program, read_program_text
from progtui.interchange.writer import dump_program, write_program

__all__ = ["dump_program", "read_program", "read_program_text", "write_program"]
