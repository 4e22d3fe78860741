"""Layout checks shared by the browser journeys."""

WIDER_THAN_WINDOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def assert_fits(tab) -> None:
    """Nothing wider than the window: no sideways scrolling on a phone.

    Waits for the page's load event first: measured straight after a click that
    navigates, the new document may not have its root element yet.
    """
    tab.wait_for_load_state("load")
    tab.wait_for_function("() => document.documentElement !== null")
    overflow = tab.evaluate(WIDER_THAN_WINDOW)
    assert overflow <= 0, f"{tab.url} is {overflow} px wider than the window"
