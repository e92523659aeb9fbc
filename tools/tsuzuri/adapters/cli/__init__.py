"""The command-line adapter: parses arguments, calls one use case, prints, exits."""
