from ninja import Router

ventures_router = Router(tags=["ventures"])
