from training.rules import RuleError


class MapError(RuleError):
    """A rule of the network map forbids the change; the message is for the user."""
