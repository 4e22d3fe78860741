from ninja import Router

forums_router = Router(tags=["forums"])
