"""Model architectures, built only from operators in the inference core's contract (docs: issue 3, item 2)."""
