"""Dependencies as `Annotated` aliases, like the full-stack template's `SessionDep`: the app's
one `Graph` (created in the lifespan) and its settings."""

from typing import Annotated

from fastapi import Depends, Request

from api.graph import Graph
from api.settings import ApiSettings


def get_graph(request: Request) -> Graph:
    return request.app.state.graph


def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
