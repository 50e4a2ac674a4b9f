"""Use cases. Each takes the session, checks, writes history and commits once."""


class ServiceError(Exception):
    """Input a user can fix: field -> message, shown next to the field or as JSON."""

    def __init__(self, errors: dict[str, str] | str, status: int = 400):
        if isinstance(errors, str):
            errors = {"_": errors}
        self.errors = {k: str(v) for k, v in errors.items()}
        self.status = status
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))
