from ninja import Router

workspace_router = Router(tags=["workspace"])
