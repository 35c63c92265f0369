"""What gunicorn serves (`--preload`): the app, with deduce loaded before the workers fork."""

from training.privacyguard import engine
from training.privacyguard.server import app

engine.deidentifier()

__all__ = ["app"]
