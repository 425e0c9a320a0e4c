"""Pure computations over a ProgramData snapshot: no database, no terminal, no printing."""
