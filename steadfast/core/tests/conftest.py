import pytest


@pytest.fixture(autouse=True)
def _lazy_static_files(settings):
    """Each test Client builds its own middleware, and WhiteNoise would list every static
    file through the finders each time (a fifth of this suite's run time). Looking files
    up on request instead serves the same files."""
    settings.WHITENOISE_AUTOREFRESH = True
