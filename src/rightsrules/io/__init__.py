"""Input and output at the edge of the library: the one bounded reader, the one atomic
writer, and the one sanitiser for text shown on a terminal.

Every command and every loader reads and writes through here, so the promises about files
(bounded memory, nothing lost, never an output over an input) are kept in one place.
"""
