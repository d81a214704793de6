import leaderboard


def test_all_is_complete_and_importable() -> None:
    public = {name for name in vars(leaderboard) if not name.startswith("_") and name[0].isupper()}
    assert public <= set(leaderboard.__all__)
    for name in leaderboard.__all__:
        assert hasattr(leaderboard, name), name
