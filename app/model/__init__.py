"""Pure domain of FORM No. 9: dataclasses and Decimal, no Qt, no SQL, no file or network I/O."""
