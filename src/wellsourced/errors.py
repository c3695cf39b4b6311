"""Errors a user can cause. Front ends turn them into one line and exit code 2."""


class InputError(Exception):
    """Bad input: names the input and the problem, e.g. 'notes.pdf: binary file, not text'."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class LanguageNotSupported(InputError):
    pass
