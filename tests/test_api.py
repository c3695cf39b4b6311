"""The Python API as a user writes it: `import wellsourced as ws` and call the functions
repeatedly, in any order, whatever subpackage got imported in between."""
import wellsourced as ws

SOURCE = ("Depot opens\n\nThe city council opened a new tram depot in Northfield on Monday, the mayor said. "
          "The depot cost 40 million euros and will house 24 trams.")


def test_functions_stay_callable_after_their_subpackages_load():
    src = ws.read_string(SOURCE)
    for _ in range(2):  # the first call imports wellsourced.check: the second used to hit the module
        report = ws.check(src, ws.read_string("The depot will house 24 trams."), engine="lexical")
        assert [v.label for v in report.verdicts] == ["supported"]
        assert ws.digest(src).lead
    import wellsourced.check
    import wellsourced.digest

    assert ws.check(src, ws.read_string("The depot will house 30 trams."), engine="lexical").verdicts[0].label == "contradicted"
    assert wellsourced.digest.extractive(src).lead  # the subpackage is still a module


def test_from_import_after_subpackage_import():
    import wellsourced.trace  # noqa: F401
    from wellsourced import check, trace

    assert callable(check) and callable(trace)
