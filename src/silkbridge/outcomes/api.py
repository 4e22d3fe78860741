from ninja import Router

outcomes_router = Router(tags=["outcomes"])
