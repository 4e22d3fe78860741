from tests.introductions.conftest import (  # noqa: F401 (fixtures shared with introductions)
    accepted_introduction,
    conversation,
    counterpart,
    counterpart_colleague,
    make_open_opportunity,
    opportunity,
    pdf_file,
    pending_introduction,
    png_file,
    private_media,
    stranger,
    third_organisation,
)
