"""The public surface is exactly ``__all__`` (as httpx tests its exported members)."""

import leaderboard


def test_all_is_exactly_the_public_names() -> None:
    public = {name for name in vars(leaderboard) if not name.startswith("_") and not _is_submodule(name)}
    assert set(leaderboard.__all__) == public | {"__version__"}
    assert len(leaderboard.__all__) == len(set(leaderboard.__all__))


def _is_submodule(name: str) -> bool:
    return type(getattr(leaderboard, name)).__name__ == "module"
