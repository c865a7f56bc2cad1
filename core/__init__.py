"""What crew, scheduling and the solver share, in pure Python (no Django): errors as values and the algebra
of time spans. Nothing here knows about stations or productions, so every app may import it and it imports
none of them."""
